/**
 * One check-up run: the integration's evidence judged against its catalog entry's thresholds. Technical
 * verification (connection, data flow, error rate, sync completion, freshness) runs at every stage; usage
 * verification (active users or the type's usage metric, feature utilisation, workflow adoption) from day 7.
 */
import type { CatalogEntry, CheckThresholds } from './catalog.js';
import type {
  CheckDetails,
  CheckEvidence,
  CheckFinding,
  CheckResult,
  CheckStage,
  FindingKind,
  UsageSnapshot,
} from './types.js';

const HOUR_MS = 3_600_000;
/** An error rate at or above this is critical whatever the type's threshold. */
const CRITICAL_ERROR_RATE = 0.5;

export interface CheckOutcome {
  result: CheckResult;
  findings: CheckFinding[];
  details: CheckDetails;
}

interface Judgement {
  findings: CheckFinding[];
  evaluated: FindingKind[];
  measured: CheckDetails['measured'];
}

const pct = (r: number) => `${Math.round(r * 1000) / 10}%`;

/**
 * Runs the `stage` check on `evidence` with `entry`'s thresholds at `now` (epoch ms).
 *
 * - connection_failed (critical): connection failures reported and no success since the last failure.
 * - no_data_flow: nothing arrived. At the connection stage with no event at all the result is `pending`
 *   (the customer may not have finished connecting); from the sync stage on it is critical.
 * - high_error_rate: failed share of events (≥ `minSamples`) above `maxErrorRate`, or the scored report's
 *   error rate above it or success rate below `minSuccessRate`; critical from 50%.
 * - sync_incomplete (types with a sync stage, from day 1): no completed sync; critical when syncs failed.
 * - stale_data (warning): newest data older than `maxStalenessHours` (off for event-driven types).
 * - usage and value stages: no_usage_reported (warning) when the metric's source has nothing; low_usage,
 *   low_feature_utilisation and low_adoption (warnings) below `minActiveUsers`/`minUsageEvents`,
 *   `minFeatureUtilisation` and `minWorkflowsActive`.
 *
 * Result: `fail` with a critical finding, `warning` with a warning, `pending` as above, else `pass`.
 * Missing measurements are recorded as null in `details.measured`, never guessed.
 *
 * @example evaluateCheck('sync', evidence, salesforce, now).result // 'fail' when no sync completed and syncs errored
 */
export function evaluateCheck(
  stage: CheckStage,
  evidence: CheckEvidence,
  entry: CatalogEntry,
  now: number,
): CheckOutcome {
  const parts = [technical(stage, evidence, entry, now)];
  if (stage === 'usage' || stage === 'value') parts.push(usage(evidence, entry));
  const findings = parts.flatMap((p) => p.findings);
  const evaluated = parts.flatMap((p) => p.evaluated);
  const measured = Object.assign({}, ...parts.map((p) => p.measured));
  const nothingYet = stage === 'connection' && eventCount(evidence) === 0 && evidence.report === null;
  const result: CheckResult = findings.some((f) => f.severity === 'critical')
    ? 'fail'
    : findings.length > 0
      ? 'warning'
      : nothingYet
        ? 'pending'
        : 'pass';
  return { result, findings, details: { evaluated, measured } };
}

function eventCount({ events: e }: CheckEvidence): number {
  return e.successes + e.failures + e.connections + e.connectionFailures + e.syncCompletions + e.syncErrors;
}

function technical(stage: CheckStage, evidence: CheckEvidence, entry: CatalogEntry, now: number): Judgement {
  const { events } = evidence;
  const findings: CheckFinding[] = [];
  const evaluated: FindingKind[] = ['connection_failed', 'high_error_rate'];
  const failingNow =
    events.connectionFailures > 0 &&
    (events.lastSuccessAt === null || (events.lastFailureAt ?? 0) > events.lastSuccessAt);
  if (failingNow) {
    findings.push({
      kind: 'connection_failed',
      severity: 'critical',
      message: `${events.connectionFailures} connection failure${events.connectionFailures === 1 ? '' : 's'} and no successful call since`,
      evidence: {
        connectionFailures: events.connectionFailures,
        lastFailureAt: events.lastFailureAt,
        lastSuccessAt: events.lastSuccessAt,
      },
    });
  }
  const lastDataAt = newest(events.lastDataAt, evidence.usage?.lastDataAt ?? null);
  if (stage !== 'connection') {
    evaluated.push('no_data_flow');
    if (lastDataAt === null && events.successes === 0 && events.syncCompletions === 0) {
      findings.push({
        kind: 'no_data_flow',
        severity: 'critical',
        message: 'No data has arrived since the integration was added',
        evidence: { successes: 0, syncCompletions: 0, lastEventAt: events.lastEventAt },
      });
    }
  }
  const errorRate = judgeErrorRate(evidence, entry.thresholds);
  if (errorRate.finding) findings.push(errorRate.finding);
  if (stage !== 'connection' && entry.stages.sync.enabled) {
    evaluated.push('sync_incomplete');
    if (events.syncCompletions === 0) findings.push(syncIncomplete(events.syncErrors));
  }
  const ageHours = lastDataAt === null ? null : (now - lastDataAt) / HOUR_MS;
  const maxAge = entry.thresholds.maxStalenessHours;
  if (stage !== 'connection' && maxAge !== null) {
    evaluated.push('stale_data');
    if (ageHours !== null && ageHours > maxAge) {
      findings.push({
        kind: 'stale_data',
        severity: 'warning',
        message: `Newest data is ${Math.round(ageHours)} h old (limit ${maxAge} h)`,
        evidence: { lastDataAt, ageHours: Math.round(ageHours * 10) / 10, maxStalenessHours: maxAge },
      });
    }
  }
  const measured = {
    ...errorRate.measured,
    connections: events.connections,
    connectionFailures: events.connectionFailures,
    syncCompletions: events.syncCompletions,
    syncErrors: events.syncErrors,
    lastDataAt,
    dataAgeHours: ageHours === null ? null : Math.round(ageHours * 10) / 10,
  };
  return { findings, evaluated, measured };
}

function syncIncomplete(syncErrors: number): CheckFinding {
  return syncErrors > 0
    ? {
        kind: 'sync_incomplete',
        severity: 'critical',
        message: `No sync has completed; ${syncErrors} sync${syncErrors === 1 ? '' : 's'} failed`,
        evidence: { syncCompletions: 0, syncErrors },
      }
    : {
        kind: 'sync_incomplete',
        severity: 'warning',
        message: 'No completed sync has been reported yet',
        evidence: { syncCompletions: 0, syncErrors: 0 },
      };
}

function judgeErrorRate(
  { events, report }: CheckEvidence,
  t: CheckThresholds,
): { finding: CheckFinding | null; measured: CheckDetails['measured'] } {
  const samples = events.successes + events.failures;
  const eventRate = samples >= t.minSamples ? events.failures / samples : null;
  const reportUsable = report !== null && report.calls >= t.minSamples;
  const measured = {
    calls: samples,
    errorRate: eventRate,
    reportErrorRate: reportUsable ? report.errorRate : null,
    reportSuccessRate: reportUsable ? report.successRate : null,
    reportId: report?.reportId ?? null,
  };
  const worst = Math.max(eventRate ?? 0, reportUsable ? report.errorRate : 0);
  const lowSuccess = reportUsable && report.successRate < t.minSuccessRate;
  if (!(worst > t.maxErrorRate) && !lowSuccess) return { finding: null, measured };
  const parts: string[] = [];
  if (eventRate !== null && eventRate > t.maxErrorRate) parts.push(`${pct(eventRate)} of ${samples} events failed`);
  if (reportUsable && (report.errorRate > t.maxErrorRate || lowSuccess))
    parts.push(
      `the latest report shows ${pct(report.errorRate)} errors and ${pct(report.successRate)} API call success`,
    );
  const finding: CheckFinding = {
    kind: 'high_error_rate',
    severity: worst >= CRITICAL_ERROR_RATE ? 'critical' : 'warning',
    message: `High error rate: ${parts.join('; ')} (limit ${pct(t.maxErrorRate)} errors, ${pct(t.minSuccessRate)} success)`,
    evidence: { ...measured, maxErrorRate: t.maxErrorRate, minSuccessRate: t.minSuccessRate },
  };
  return { finding, measured };
}

function usage({ events, usage: snapshot }: CheckEvidence, entry: CatalogEntry): Judgement {
  const t = entry.thresholds;
  const findings: CheckFinding[] = [];
  const evaluated: FindingKind[] = ['no_usage_reported', 'low_usage'];
  const metric = entry.usageMetric;
  const label = metric.replace(/_/g, ' ');
  let value: number | null;
  let min: number;
  if (metric === 'active_users') {
    value = snapshot?.activeUsers ?? null;
    min = t.minActiveUsers;
  } else {
    value = events.successes + events.failures === 0 ? null : events.successes;
    min = t.minUsageEvents;
  }
  if (value === null) {
    findings.push({
      kind: 'no_usage_reported',
      severity: 'warning',
      message: `No usage reported: nothing tells us the ${label} yet`,
      evidence: { metric, value: null, min },
    });
  } else if (value < min) {
    findings.push({
      kind: 'low_usage',
      severity: 'warning',
      message: `Low usage: ${value} ${label} (expected at least ${min})`,
      evidence: { metric, value, min },
    });
  }
  const utilisation = featureUtilisation(snapshot);
  if (utilisation !== null) {
    evaluated.push('low_feature_utilisation');
    if (utilisation < t.minFeatureUtilisation)
      findings.push({
        kind: 'low_feature_utilisation',
        severity: 'warning',
        message: `${snapshot?.featuresUsed} of ${snapshot?.featuresAvailable} features used (${pct(utilisation)}, expected ${pct(t.minFeatureUtilisation)})`,
        evidence: {
          featuresUsed: snapshot?.featuresUsed ?? null,
          featuresAvailable: snapshot?.featuresAvailable ?? null,
          minFeatureUtilisation: t.minFeatureUtilisation,
        },
      });
  }
  const workflows = snapshot?.workflowsActive;
  if (t.minWorkflowsActive > 0 && workflows !== undefined) {
    evaluated.push('low_adoption');
    if (workflows < t.minWorkflowsActive)
      findings.push({
        kind: 'low_adoption',
        severity: 'warning',
        message: `${workflows} active workflow${workflows === 1 ? '' : 's'} (expected at least ${t.minWorkflowsActive})`,
        evidence: { workflowsActive: workflows, minWorkflowsActive: t.minWorkflowsActive },
      });
  }
  const measured = {
    usageMetric: metric,
    usageValue: value,
    activeUsers: snapshot?.activeUsers ?? null,
    featureUtilisation: utilisation,
    workflowsActive: workflows ?? null,
    usageReportedAt: snapshot?.reportedAt ?? null,
  };
  return { findings, evaluated, measured };
}

function featureUtilisation(s: UsageSnapshot | null): number | null {
  if (!s || s.featuresUsed === undefined || !s.featuresAvailable) return null;
  return Math.min(1, s.featuresUsed / s.featuresAvailable);
}

function newest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}
