import type { IntegrationHealthCheck, OnboardingStatus } from '../../../src/domain/onboarding/types.js';

export const DAY = 86_400_000;
export const T0 = Date.UTC(2026, 0, 5, 9, 0);
export const NOW = T0 + 8 * DAY;

/** An integration eight days in: day 0 and 1 ran, day 7 ran with `status`'s finding, day 30 to come. */
export function healthRecord(
  i: number,
  status: OnboardingStatus,
  over: { customerId?: string; customerName?: string; name?: string } = {},
): IntegrationHealthCheck {
  const failing = status === 'critical' || status === 'warning';
  const finding = {
    kind: status === 'critical' ? ('connection_failed' as const) : ('low_usage' as const),
    severity: status === 'critical' ? ('critical' as const) : ('warning' as const),
    message:
      status === 'critical'
        ? '3 connection failures and no successful call since'
        : 'Low usage: 1 active users (expected at least 5)',
    evidence: { value: 1, lastFailureAt: T0 + DAY },
  };
  return {
    customer: { id: over.customerId ?? `c${i}`, name: over.customerName ?? `Customer ${i}` },
    integration: {
      id: `int-${i}`,
      type: 'salesforce',
      name: over.name ?? `Salesforce ${i}`,
      category: 'crm',
      purpose: 'syncs accounts, contacts and opportunities',
      connectedAt: T0,
    },
    checks: [
      { stage: 'connection', scheduledFor: T0, completedAt: T0, result: 'pass', findings: [], details: null },
      { stage: 'sync', scheduledFor: T0 + DAY, completedAt: T0 + DAY, result: 'pass', findings: [], details: null },
      {
        stage: 'usage',
        scheduledFor: T0 + 7 * DAY,
        completedAt: status === 'unknown' ? null : T0 + 7 * DAY,
        result: failing ? (status === 'critical' ? 'fail' : 'warning') : status === 'unknown' ? 'pending' : 'pass',
        findings: failing ? [finding] : [],
        details: null,
      },
      {
        stage: 'value',
        scheduledFor: T0 + 30 * DAY,
        completedAt: null,
        result: 'pending',
        findings: [],
        details: null,
      },
    ],
    status,
    issues: failing
      ? [
          {
            source: 'check',
            kind: finding.kind,
            severity: finding.severity,
            message: finding.message,
            openedAt: T0 + 7 * DAY,
            resolvedAt: null,
            stage: 'usage',
          },
        ]
      : [],
    usage: { reportedAt: T0 + 7 * DAY, activeUsers: failing ? 1 : 12, featuresUsed: 4, featuresAvailable: 20 },
    outreach: [],
    lastCheckedAt: T0 + 7 * DAY,
  };
}
