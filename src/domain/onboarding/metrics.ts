/** The onboarding success metrics of PRD-139: check coverage, issue detection, healthy at day 30. */
import type { IntegrationHealthCheck } from './types.js';

export interface OnboardingMetrics {
  integrations: number;
  /** Integrations with a check schedule / all; target 100%. Null with no integrations. */
  checkCoverage: number | null;
  covered: number;
  /** Issues TechHealth found (checks, incidents) / all issues including ones reported to us; target > 90%. */
  issueDetectionRate: number | null;
  issuesDetected: number;
  issuesTotal: number;
  /** Value checks passed / value checks due by `now` (a due check not run counts as not healthy); target > 80%. */
  healthyAtDay30: number | null;
  day30Due: number;
  day30Healthy: number;
}

/**
 * Computes the success metrics over integration health records at `now` (epoch ms). Rates are fractions
 * in [0, 1], or null when their denominator is 0 (no data is reported as missing, not as 0% or 100%).
 * @example onboardingMetrics([], now).checkCoverage // null
 */
export function onboardingMetrics(records: readonly IntegrationHealthCheck[], now: number): OnboardingMetrics {
  let covered = 0;
  let issuesDetected = 0;
  let issuesTotal = 0;
  let day30Due = 0;
  let day30Healthy = 0;
  for (const r of records) {
    if (r.checks.length > 0) covered++;
    for (const issue of r.issues) {
      issuesTotal++;
      if (issue.source !== 'reported') issuesDetected++;
    }
    const value = r.checks.find((c) => c.stage === 'value');
    if (value && value.scheduledFor <= now) {
      day30Due++;
      if (value.completedAt !== null && value.result === 'pass') day30Healthy++;
    }
  }
  const ratio = (n: number, d: number) => (d === 0 ? null : n / d);
  return {
    integrations: records.length,
    checkCoverage: ratio(covered, records.length),
    covered,
    issueDetectionRate: ratio(issuesDetected, issuesTotal),
    issuesDetected,
    issuesTotal,
    healthyAtDay30: ratio(day30Healthy, day30Due),
    day30Due,
    day30Healthy,
  };
}
