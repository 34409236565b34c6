import { describe, expect, it } from '@jest/globals';
import { onboardingMetrics } from '../../../../src/domain/onboarding/metrics.js';
import { planCheckups } from '../../../../src/domain/onboarding/plan.js';
import type { HealthCheck, IntegrationHealthCheck, IntegrationIssue } from '../../../../src/domain/onboarding/types.js';
import { DAY, entry, T0 } from './builders.js';

function record(checks: HealthCheck[], issues: IntegrationIssue[] = []): IntegrationHealthCheck {
  return {
    customer: { id: 'c1', name: 'Acme' },
    integration: { id: 'i', type: 'salesforce', name: 'Salesforce', category: 'crm', purpose: 'p', connectedAt: T0 },
    checks,
    status: 'unknown',
    issues,
    usage: null,
    outreach: [],
    lastCheckedAt: null,
  };
}

const withValue = (result: HealthCheck['result'] | 'not run') =>
  planCheckups(T0, entry('salesforce')).map((c) =>
    c.stage === 'value' && result !== 'not run' ? { ...c, completedAt: c.scheduledFor, result } : c,
  );

const issue = (source: IntegrationIssue['source']): IntegrationIssue => ({
  source,
  kind: 'low_usage',
  severity: 'warning',
  message: 'm',
  openedAt: T0,
  resolvedAt: null,
});

describe('onboardingMetrics', () => {
  it('when there are no integrations, then every rate is missing, not 0% or 100%', () => {
    expect(onboardingMetrics([], T0)).toMatchObject({
      checkCoverage: null,
      issueDetectionRate: null,
      healthyAtDay30: null,
    });
  });

  it('when some integrations have no schedule, then coverage counts them out', () => {
    const m = onboardingMetrics(
      [record(withValue('not run')), record([]), record(withValue('not run')), record(withValue('not run'))],
      T0,
    );
    expect(m).toMatchObject({ integrations: 4, covered: 3, checkCoverage: 0.75 });
  });

  it('when issues came from checks, incidents and customer reports, then detection is the share TechHealth found', () => {
    const m = onboardingMetrics(
      [record([], [issue('check'), issue('incident'), issue('check'), issue('reported')])],
      T0,
    );
    expect(m).toMatchObject({ issuesDetected: 3, issuesTotal: 4, issueDetectionRate: 0.75 });
  });

  it('when day 30 is due, then a value check not run counts as not healthy; a future day 30 is not counted', () => {
    const records = [record(withValue('pass')), record(withValue('warning')), record(withValue('not run'))];
    expect(onboardingMetrics(records, T0 + 31 * DAY)).toMatchObject({
      day30Due: 3,
      day30Healthy: 1,
      healthyAtDay30: 1 / 3,
    });
    expect(onboardingMetrics(records, T0 + 10 * DAY)).toMatchObject({ day30Due: 0, healthyAtDay30: null });
  });
});
