import type { HealthReport, IntegrationReport } from '../../../../src/domain/report/types.js';

/** A hand-built report shaped like the demo data's analysis: three integrations, four issues. */
const weeks = ['2026-01-05', '2026-01-12', '2026-01-19', '2026-01-26'];

function integration(
  over: Partial<IntegrationReport> & Pick<IntegrationReport, 'name' | 'type' | 'category'>,
): IntegrationReport {
  return {
    critical: false,
    score: 95,
    status: 'healthy',
    requests: 6000,
    apiCalls: 6000,
    webhookDeliveries: 0,
    errorLogs: 0,
    successRate: 0.999,
    latency: { p50: 180, p95: 420, p99: 700, slaMs: 1000, samples: 6000 },
    errorCodes: [],
    weeklyErrorRate: weeks.map((w) => ({ weekStart: w, requests: 1500, errors: 2, rate: 2 / 1500 })),
    trend: { direction: 'flat', note: 'steady' },
    webhook: null,
    endpoints: [],
    components: [],
    issues: [],
    firstSeen: '2026-01-05T00:03:12.000Z',
    lastSeen: '2026-02-01T23:58:40.000Z',
    peakPerMinute: 12,
    activeUsers: null,
    activeUsersLast7Days: null,
    ...over,
  };
}

export const salesforce = integration({
  name: 'Salesforce',
  type: 'salesforce',
  category: 'crm',
  critical: true,
  score: 58,
  status: 'at_risk',
  requests: 12_034,
  apiCalls: 12_034,
  successRate: 0.9268,
  latency: { p50: 310, p95: 650, p99: 980, slaMs: 1000, samples: 12_034 },
  errorCodes: [
    {
      code: 'REQUEST_LIMIT_EXCEEDED',
      count: 880,
      share: 1,
      meaning: 'Salesforce API request limit reached (HTTP 429)',
    },
  ],
  weeklyErrorRate: [
    { weekStart: '2026-01-05', requests: 3000, errors: 1, rate: 0.0003 },
    { weekStart: '2026-01-12', requests: 3000, errors: 2, rate: 0.0007 },
    { weekStart: '2026-01-19', requests: 3000, errors: 420, rate: 0.14 },
    { weekStart: '2026-01-26', requests: 3034, errors: 457, rate: 0.1506 },
  ],
  trend: { direction: 'rising', note: 'error rate up from 0.1% to 15.1%' },
  issues: [
    {
      kind: 'rate_limited',
      severity: 'critical',
      title: '429 rate limiting since Jan 20 (14.6% of calls)',
      since: '2026-01-20T00:00:00.000Z',
      evidence: { errorRate: 0.146, baselineErrorRate: 0.0005, count: 877, errorCode: 'REQUEST_LIMIT_EXCEEDED' },
    },
  ],
});

export const okta = integration({
  name: 'Okta SSO',
  type: 'okta',
  category: 'sso',
  critical: true,
  score: 71,
  status: 'at_risk',
  requests: 7_210,
  apiCalls: 7_210,
  successRate: 0.985,
  latency: { p50: 150, p95: 820, p99: 1400, slaMs: 600, samples: 7_210 },
  errorCodes: [
    { code: 'invalid_token', count: 108, share: 1, meaning: 'Access token expired or revoked | re-authenticate' },
  ],
  issues: [
    {
      kind: 'auth_failures',
      severity: 'high',
      title: '401 token expired on Sundays (24.8% of Sunday calls)',
      since: '2026-01-11T00:12:00.000Z',
      evidence: { errorRate: 0.248, weekdays: ['Sunday'], errorCode: 'invalid_token' },
    },
    {
      kind: 'latency_breach',
      severity: 'medium',
      title: 'p95 latency 820 ms over the 600 ms SLA',
      since: null,
      evidence: { p95Ms: 820, slaMs: 600 },
    },
  ],
});

export const webhook = integration({
  name: 'Webhook (Events)',
  type: 'webhook',
  category: 'webhook',
  score: 66,
  status: 'at_risk',
  requests: 7_100,
  apiCalls: 0,
  webhookDeliveries: 7_100,
  successRate: 0.9412,
  latency: { p50: 400, p95: 1_250, p99: 1_900, slaMs: 2000, samples: 6_683 },
  errorCodes: [{ code: 'timeout', count: 417, share: 1, meaning: 'Receiver did not answer in time' }],
  webhook: {
    deliveries: 7_100,
    successRate: 0.9412,
    failureReasons: [{ reason: 'timeout: Delivery timed out after 10000 ms, receiver did not respond', count: 417 }],
  },
  issues: [
    {
      kind: 'webhook_failures',
      severity: 'high',
      title: 'Deliveries time out 13:00–17:59 UTC (19.6% in that window)',
      since: '2026-01-05T13:02:00.000Z',
      evidence: { errorRate: 0.196, hours: [13, 14, 15, 16, 17], failureReasons: ['timeout'] },
    },
  ],
});

export const stripe = integration({ name: 'Stripe', type: 'stripe', category: 'billing' });

export function realisticReport(): HealthReport {
  return {
    schemaVersion: 1,
    customer: 'Acme Corp',
    generatedAt: '2026-02-02T09:00:00.000Z',
    source: {
      files: ['acme_api_logs_jan2026.csv'],
      format: 'csv',
      sha256: 'ab'.repeat(32),
      mapping: { timestamp: 'timestamp (ISO 8601)', latencyMs: 'latency_ms (ms)', status: 'status' },
      notes: ['timestamps have no zone; assumed UTC'],
    },
    period: { from: '2026-01-05T00:03:12.000Z', to: '2026-02-01T23:58:40.000Z', days: 28 },
    counts: { records: 32_344, apiCalls: 25_244, webhookDeliveries: 7_100, errorLogs: 0, integrations: 4, skipped: 3 },
    summary: 'Found 25,244 API calls and 7,100 webhook deliveries for 4 integrations, Jan 5–Feb 1 2026',
    score: 72,
    status: 'at_risk',
    components: [
      {
        key: 'api_success',
        label: 'API success rate',
        weight: 0.3,
        effectiveWeight: 0.353,
        score: 80,
        detail: '96.1% of calls succeeded',
      },
      {
        key: 'latency',
        label: 'Latency vs SLA',
        weight: 0.2,
        effectiveWeight: 0.235,
        score: 85,
        detail: '1 of 4 integrations over its p95 SLA',
      },
      {
        key: 'error_trend',
        label: 'Error trend',
        weight: 0.2,
        effectiveWeight: 0.235,
        score: 55,
        detail: 'errors rising on Salesforce',
      },
      {
        key: 'webhook',
        label: 'Webhook reliability',
        weight: 0.15,
        effectiveWeight: 0.176,
        score: 60,
        detail: '94.1% delivered',
      },
      {
        key: 'auth',
        label: 'Authentication health',
        weight: 0.15,
        effectiveWeight: 0,
        score: null,
        detail: 'no auth events recorded',
      },
    ],
    omittedComponents: ['auth'],
    integrations: [salesforce, okta, webhook, stripe],
    risks: [
      {
        factor: 'CRM sync throttled by API limits',
        level: 'High',
        integration: 'Salesforce',
        businessImpact: 'Opportunity and account updates are delayed or lost, so pipeline reports go stale.',
      },
      {
        factor: 'Weekend logins fail',
        level: 'Medium',
        integration: 'Okta SSO',
        businessImpact: 'Weekend staff locked out of the app.',
      },
    ],
    overallRisk: 'High',
    recommendations: [
      {
        horizon: 'immediate',
        integration: 'Salesforce',
        kind: 'rate_limited',
        title: 'Add exponential backoff on 429',
        detail: 'Honour Retry-After and spread the sync over the hour.',
      },
      {
        horizon: 'immediate',
        integration: 'Webhook (Events)',
        kind: 'webhook_failures',
        title: 'Raise receiver capacity in the afternoon',
        detail: 'Acknowledge fast and process asynchronously.',
      },
      {
        horizon: 'short_term',
        integration: 'Okta SSO',
        kind: 'auth_failures',
        title: 'Refresh tokens before expiry',
        detail: 'Schedule the weekly token refresh before Sunday.',
      },
    ],
    trend: {
      previousScore: 67,
      previousGeneratedAt: '2026-01-26T09:00:00.000Z',
      delta: 5,
      explanation: 'Webhook timeouts eased.',
    },
    skipped: {
      total: 3,
      byReason: { 'unreadable timestamp': 2, 'empty row': 1 },
      first: [
        { line: 118, reason: 'unreadable timestamp "31/02/2026"' },
        { line: 4_502, reason: 'unreadable timestamp "n/a"' },
        { line: 9_001, reason: 'empty row' },
      ],
    },
  };
}
