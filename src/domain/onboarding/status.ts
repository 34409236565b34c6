/**
 * What the check results mean: the integration's status (worst open finding), the outreach email that
 * fits, and what the CSM is told after a check.
 */
import type { CheckFinding, CheckStage, FindingKind, HealthCheck, OnboardingStatus, OutreachKind } from './types.js';

/**
 * The findings still open: for each finding kind, the most recently completed check that judged it
 * decides (a day-1 check with data flowing closes day 0's "no data"; a kind never re-judged stays open).
 * Returns the open findings with the stage that found them, latest check first.
 */
export function openFindings(checks: readonly HealthCheck[]): (CheckFinding & { stage: CheckStage })[] {
  const completed = checks
    .filter((c) => c.completedAt !== null && c.details !== null)
    .sort((a, b) => (b.completedAt ?? 0) - (a.completedAt ?? 0));
  const decided = new Set<FindingKind>();
  const open: (CheckFinding & { stage: CheckStage })[] = [];
  for (const check of completed) {
    for (const kind of check.details?.evaluated ?? []) {
      if (decided.has(kind)) continue;
      decided.add(kind);
      for (const f of check.findings) if (f.kind === kind) open.push({ ...f, stage: check.stage });
    }
  }
  return open;
}

/** The check that ran last, or undefined before any ran. */
export const latestRun = <T extends HealthCheck>(checks: readonly T[]): T | undefined =>
  checks.filter((c) => c.completedAt !== null).sort((a, b) => (b.completedAt ?? 0) - (a.completedAt ?? 0))[0];

/**
 * The integration's status from its checks: `critical` with an open critical finding, `warning` with an
 * open warning, `healthy` when at least one check completed (result other than pending) and nothing is
 * open, else `unknown` (nothing checked yet, or only "nothing received yet" results).
 * @example integrationHealthStatus(planCheckups(now, entry)) // 'unknown'
 */
export function integrationHealthStatus(checks: readonly HealthCheck[]): OnboardingStatus {
  const open = openFindings(checks);
  if (open.some((f) => f.severity === 'critical')) return 'critical';
  if (open.length > 0) return 'warning';
  const judged = checks.some((c) => c.completedAt !== null && c.result !== 'pending');
  return judged ? 'healthy' : 'unknown';
}

const SETUP_KINDS: readonly FindingKind[] = ['connection_failed', 'no_data_flow', 'sync_incomplete'];
const TRAINING_KINDS: readonly FindingKind[] = ['low_feature_utilisation', 'low_adoption'];
const LOW_USE_KINDS: readonly FindingKind[] = ['low_usage', 'no_usage_reported'];

/**
 * The customer email the just-completed `stage` calls for, or null. In order:
 * - `setup_assistance`: the connection or sync check found a connection failure, no data or no completed sync;
 * - `best_practices`: the usage check (day 7) found it connected but little or no usage;
 * - `training`: the usage or value check found low feature utilisation or workflow adoption;
 * - `success_story`: the value check (day 30) leaves it healthy with usage at or above the minimum.
 * A kind in `alreadySent` is never chosen again (at most one of each kind per integration).
 * @example chooseOutreach(checks, 'usage') // 'best_practices' when day 7 found 1 active user of 5
 */
export function chooseOutreach(
  checks: readonly HealthCheck[],
  stage: CheckStage,
  alreadySent: readonly OutreachKind[] = [],
): OutreachKind | null {
  const current = checks.find((c) => c.stage === stage && c.completedAt !== null);
  if (!current) return null;
  const has = (kinds: readonly FindingKind[]) => current.findings.some((f) => kinds.includes(f.kind));
  const technicalOk = !current.findings.some((f) => f.severity === 'critical');
  const choice = ((): OutreachKind | null => {
    if ((stage === 'connection' || stage === 'sync') && has(SETUP_KINDS)) return 'setup_assistance';
    if (stage === 'usage' && technicalOk && has(LOW_USE_KINDS)) return 'best_practices';
    if ((stage === 'usage' || stage === 'value') && has(TRAINING_KINDS)) return 'training';
    if (stage === 'value' && current.result === 'pass' && integrationHealthStatus(checks) === 'healthy')
      return 'success_story';
    return null;
  })();
  return choice && !alreadySent.includes(choice) ? choice : null;
}

export type NotificationRecipient = { kind: 'csm'; slackUserId: string } | { kind: 'channel'; channelId: string };

export interface CheckNotificationInput {
  integrationId: string;
  check: HealthCheck;
  /** Finding kinds the CSM was already told about for this integration (one DM per kind). */
  alreadyNotified: readonly FindingKind[];
  /** The integration's open disconnect incident, if any: its thread gets the findings instead of a DM. */
  openIncident: { signalId: string; channelId: string; threadTs: string } | null;
  /** The customer's CSM (Slack user id), or null. */
  csmSlackUserId: string | null;
  /** Where alerts go for customers without a CSM; null when none is configured. */
  fallbackChannelId: string | null;
}

export type CheckNotification =
  | { action: 'quiet'; reason: 'passing' | 'pending' | 'already_notified' }
  | { action: 'undeliverable'; reason: string; findings: CheckFinding[] }
  | { action: 'thread_reply'; signalId: string; channelId: string; threadTs: string; findings: CheckFinding[] }
  | {
      action: 'alerts';
      recipient: NotificationRecipient;
      /** One DM each; `dedupKey` (`<integrationId>:<kind>`) is the stored idempotency key of the DM. */
      alerts: { kind: FindingKind; dedupKey: string; finding: CheckFinding }[];
    }
  | { action: 'healthy_note'; recipient: NotificationRecipient; dedupKey: string };

/**
 * What the CSM is told after a check. Passing and pending checks are quiet, except a passing value check
 * (day 30), which sends one short "healthy at day 30" note. Otherwise each finding kind not yet notified
 * gets one DM to the CSM (the fallback channel without one); when the integration has an open incident the
 * findings go to that incident's thread instead of a second alert. With no CSM and no fallback channel the
 * result says so (`undeliverable`) rather than dropping it.
 * @example decideCheckNotification({ check: passingUsage, … }) // { action: 'quiet', reason: 'passing' }
 */
export function decideCheckNotification(input: CheckNotificationInput): CheckNotification {
  const { check, integrationId } = input;
  if (check.result === 'pending') return { action: 'quiet', reason: 'pending' };
  const recipient: NotificationRecipient | null = input.csmSlackUserId
    ? { kind: 'csm', slackUserId: input.csmSlackUserId }
    : input.fallbackChannelId
      ? { kind: 'channel', channelId: input.fallbackChannelId }
      : null;
  if (check.result === 'pass') {
    if (check.stage !== 'value') return { action: 'quiet', reason: 'passing' };
    if (!recipient) return { action: 'undeliverable', reason: 'no CSM and no fallback channel', findings: [] };
    return { action: 'healthy_note', recipient, dedupKey: `${integrationId}:healthy_day_30` };
  }
  const fresh = new Map<FindingKind, CheckFinding>();
  for (const f of check.findings) {
    if (input.alreadyNotified.includes(f.kind)) continue;
    const prev = fresh.get(f.kind);
    if (!prev || (prev.severity === 'warning' && f.severity === 'critical')) fresh.set(f.kind, f);
  }
  if (fresh.size === 0) return { action: 'quiet', reason: 'already_notified' };
  const findings = [...fresh.values()];
  if (input.openIncident) return { action: 'thread_reply', ...input.openIncident, findings };
  if (!recipient) return { action: 'undeliverable', reason: 'no CSM and no fallback channel', findings };
  return {
    action: 'alerts',
    recipient,
    alerts: findings.map((finding) => ({ kind: finding.kind, dedupKey: `${integrationId}:${finding.kind}`, finding })),
  };
}
