import type { CatalogEntry, EnvironmentInputs } from '../../../../src/domain/environment/index.js';
import { INTEGRATION_TYPES } from '../../../../src/domain/records.js';

/** The integrations we support, in the catalog shape the environment domain takes. */
export const CATALOG: CatalogEntry[] = INTEGRATION_TYPES.map((t) => ({
  type: t.type,
  displayName: t.displayName,
  category: t.category,
  aliases: t.nameAliases,
}));

export const DAY = 86_400_000;
/** Thursday 16 April 2026, 00:00 UTC: 15 days of a 30-day month have elapsed. */
export const NOW = Date.UTC(2026, 3, 16);

/** The issue's example contract, as a customer with everything reported would have it. */
export const FULL_ENVIRONMENT = {
  limits: {
    apiCallsPerMonth: 1_000_000,
    apiCallsPerDay: 50_000,
    rateLimitPerSecond: 150,
    storageGb: 100,
    webhooks: 10,
  },
  security: {
    sso: { enabled: true, provider: 'Okta' },
    mfa: 'optional' as const,
    ipAllowlist: false,
    apiKeyRotationDays: 90,
    auditLogging: true,
    encryptionAtRest: true,
  },
  compliance: {
    dataResidency: 'US-West',
    backupRegion: 'US-East',
    dpaSignedAt: '2024-03-12',
    soc2: 'covered' as const,
    gdpr: 'met' as const,
    hipaa: 'not_applicable' as const,
    deploymentType: 'multi-tenant cloud',
  },
  techStack: [
    { category: 'Marketing', technology: 'HubSpot', source: 'technographics' },
    { category: 'CRM', technology: 'Salesforce Sales Cloud', source: 'technographics' },
    { category: 'Support', technology: 'Zendesk', source: 'technographics' },
    { category: 'Analytics', technology: 'Snowflake', source: 'technographics' },
    { category: 'Messaging', technology: 'Slack', source: 'manual' },
  ],
  technicalContacts: [
    {
      name: 'Mike Lee',
      role: 'Director of Engineering',
      email: 'mike.lee@acme.example',
      technicalLevel: 'high' as const,
      primary: true,
    },
    {
      name: 'Ana Ruiz',
      role: 'Platform engineer',
      email: 'ana.ruiz@acme.example',
      technicalLevel: 'medium' as const,
      primary: false,
    },
  ],
};

/** A customer with full data: the example environment, two integrations (one disconnected), usage and a daily series. */
export function fullInputs(): EnvironmentInputs {
  const daily = Array.from({ length: 30 }, (_, k) => ({
    date: new Date(NOW - (30 - k) * DAY).toISOString().slice(0, 10),
    calls: 40_000,
    errors: 200,
    rateLimitHits: k === 20 ? 3 : 0,
    avgResponseMs: 150,
  }));
  return {
    customer: { id: 'c1', name: 'Acme Corp' },
    environment: FULL_ENVIRONMENT,
    integrations: [
      {
        id: 'i1',
        name: 'Salesforce',
        type: 'salesforce',
        status: 'disconnected',
        critical: true,
        connectedAt: Date.UTC(2025, 0, 10),
        lastSuccessfulSync: NOW - 3 * 3_600_000,
        direction: 'bidirectional',
        lastError: {
          message: 'Token refresh failed',
          code: 'invalid_grant',
          endpoint: '/services/oauth2/token',
          at: NOW - 3_600_000,
        },
      },
      { id: 'i2', name: 'Slack', type: 'slack', status: 'healthy', direction: 'outbound', successRate: 0.999 },
    ],
    usage: {
      apiCallsThisMonth: 600_000,
      apiCallsToday: 12_000,
      rateLimitPeakPerSecond: 140,
      storageGb: 40,
      webhooks: 4,
      endpoints: [
        { endpoint: '/v2/contacts', calls: 300_000 },
        { endpoint: '/v2/deals', calls: 200_000 },
        { endpoint: '/v2/events', calls: 100_000 },
      ],
    },
    daily,
    issues: [
      { id: 's2', title: 'Webhook retries rising', severity: 'medium', openedAt: NOW - DAY },
      {
        id: 's1',
        title: 'Salesforce disconnected',
        severity: 'critical',
        integration: 'Salesforce',
        openedAt: NOW - 3_600_000,
      },
    ],
    catalog: CATALOG,
    ours: ['Snowflake'],
  };
}
