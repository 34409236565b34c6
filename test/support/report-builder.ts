import type { HealthReport, IntegrationReport, Issue } from '../../src/domain/report/types.js';

/** Small, valid HealthReport objects for view and handler tests; override what a test is about. */
export function buildIntegration(overrides: Partial<IntegrationReport> = {}): IntegrationReport {
  return {
    name: 'Salesforce',
    type: 'salesforce',
    category: 'crm',
    critical: true,
    score: 62,
    status: 'at_risk',
    requests: 1000,
    apiCalls: 1000,
    webhookDeliveries: 0,
    errorLogs: 0,
    successRate: 0.9,
    latency: { p50: 120, p95: 900, p99: 1500, slaMs: 800, samples: 1000 },
    errorCodes: [{ code: '429', count: 80, share: 0.8, meaning: 'Too Many Requests (rate limited)' }],
    weeklyErrorRate: [
      { weekStart: '2026-01-05', requests: 500, errors: 20, rate: 0.04 },
      { weekStart: '2026-01-12', requests: 500, errors: 80, rate: 0.16 },
    ],
    trend: { direction: 'rising', note: 'error rate up 4× in two weeks' },
    webhook: null,
    endpoints: [],
    components: [],
    issues: [buildIssue()],
    firstSeen: '2026-01-05T00:00:00.000Z',
    lastSeen: '2026-01-18T00:00:00.000Z',
    peakPerMinute: 40,
    activeUsers: null,
    activeUsersLast7Days: null,
    ...overrides,
  };
}

export function buildIssue(overrides: Partial<Issue> = {}): Issue {
  return {
    kind: 'rate_limited',
    severity: 'critical',
    title: '429 rate limiting since Jan 12 (8.0% of calls)',
    since: '2026-01-12T00:00:00.000Z',
    evidence: { errorRate: 0.08 },
    ...overrides,
  };
}

export function buildReport(overrides: Partial<HealthReport> = {}): HealthReport {
  return {
    schemaVersion: 1,
    customer: 'Acme',
    generatedAt: '2026-01-20T10:00:00.000Z',
    source: { files: ['acme_api_logs_jan2026.json'], format: 'json', sha256: null, mapping: {}, notes: [] },
    period: { from: '2026-01-05T00:00:00.000Z', to: '2026-01-18T00:00:00.000Z', days: 14 },
    counts: { records: 1000, apiCalls: 1000, webhookDeliveries: 0, errorLogs: 0, integrations: 1, skipped: 0 },
    summary: 'Found 1,000 API calls and 0 webhook deliveries for 1 integration, Jan 5–18 2026',
    score: 62,
    status: 'at_risk',
    components: [
      {
        key: 'api_success',
        label: 'API success rate',
        weight: 0.3,
        effectiveWeight: 0.35,
        score: 70,
        detail: '90.0% success',
      },
    ],
    omittedComponents: ['webhook'],
    integrations: [buildIntegration()],
    risks: [
      {
        factor: 'Rate limiting on the CRM sync',
        level: 'High',
        integration: 'Salesforce',
        businessImpact: 'Opportunity data goes stale',
      },
    ],
    overallRisk: 'High',
    recommendations: [
      {
        horizon: 'immediate',
        integration: 'Salesforce',
        kind: 'rate_limited',
        title: 'Add backoff',
        detail: 'Retry 429s with exponential backoff.',
      },
      {
        horizon: 'short_term',
        integration: null,
        kind: 'general',
        title: 'Batch requests',
        detail: 'Use the composite API.',
      },
    ],
    trend: null,
    skipped: { total: 0, byReason: {}, first: [] },
    ...overrides,
  };
}
