import type { OnboardingMetrics } from '../src/domain/onboarding/metrics.js';
import type {
  CheckFinding,
  CheckResult,
  CheckStage,
  HealthCheck,
  IntegrationIssue,
  OnboardingStatus,
  OutreachKind,
  UsageSnapshot,
} from '../src/domain/onboarding/types.js';
import { formatAgo, formatPercent, formatZoned, safeText } from './format.js';

/** Labels and one-line summaries shared by the onboarding views (dashboard, detail modal, check alert). */

export const ONBOARDING_STATUS_EMOJI: Record<OnboardingStatus, string> = {
  critical: ':red_circle:',
  warning: ':large_yellow_circle:',
  unknown: ':white_circle:',
  healthy: ':large_green_circle:',
};

export const ONBOARDING_STATUS_LABEL: Record<OnboardingStatus, string> = {
  critical: 'Critical',
  warning: 'Warning',
  unknown: 'Not checked yet',
  healthy: 'Healthy',
};

/** Worst first: the dashboard's sort order. */
export const ONBOARDING_STATUS_RANK: Record<OnboardingStatus, number> = {
  critical: 0,
  warning: 1,
  unknown: 2,
  healthy: 3,
};

export const STAGE_LABEL: Record<CheckStage, string> = {
  connection: 'Connection',
  sync: 'First sync',
  usage: 'Usage',
  value: 'Value',
};

export const OUTREACH_LABEL: Record<OutreachKind, string> = {
  setup_assistance: 'Setup assistance',
  best_practices: 'Best practices',
  training: 'Training invitation',
  success_story: 'Success story',
};

const RESULT_EMOJI: Record<Exclude<CheckResult, 'pending'>, string> = {
  pass: ':white_check_mark:',
  warning: ':warning:',
  fail: ':x:',
};

/** ✅ / ⚠️ / ❌ for a completed check, ⏳ for one still to run, ❔ for one that ran and had nothing yet. */
export function checkEmoji(check: HealthCheck): string {
  if (check.completedAt === null) return ':hourglass_flowing_sand:';
  return check.result === 'pending' ? ':grey_question:' : RESULT_EMOJI[check.result];
}

/** Day number of a check since the integration connected: 0, 1, 7, 30 by default. */
export function checkDay(check: HealthCheck, connectedAt: number): number {
  return Math.round((check.scheduledFor - connectedAt) / 86_400_000);
}

/**
 * "Day 0 ✅ · Day 1 ⚠️ · Day 7 ⏳ · Day 30 ⏳": the check timeline on one line, in stage order.
 * @example timelineText(record.checks, record.integration.connectedAt)
 */
export function timelineText(checks: readonly HealthCheck[], connectedAt: number): string {
  if (checks.length === 0) return 'No check-ups scheduled';
  return [...checks]
    .sort((a, b) => a.scheduledFor - b.scheduledFor)
    .map((c) => `Day ${checkDay(c, connectedAt)} ${checkEmoji(c)}`)
    .join(' · ');
}

/**
 * "12 active users · 45.0% of features · 3 workflows · data 2 h ago", or "no usage reported" when the
 * snapshot is missing; a field the snapshot lacks is left out, never shown as 0.
 */
export function usageText(usage: UsageSnapshot | null, now: number): string {
  if (!usage) return 'no usage reported';
  const parts: string[] = [];
  if (usage.activeUsers !== undefined)
    parts.push(`${usage.activeUsers} active user${usage.activeUsers === 1 ? '' : 's'}`);
  if (usage.featuresUsed !== undefined && usage.featuresAvailable)
    parts.push(`${formatPercent(usage.featuresUsed / usage.featuresAvailable)} of features`);
  if (usage.workflowsActive !== undefined)
    parts.push(`${usage.workflowsActive} workflow${usage.workflowsActive === 1 ? '' : 's'}`);
  if (usage.lastDataAt !== undefined) parts.push(`data ${formatAgo(usage.lastDataAt, now)}`);
  return parts.length > 0 ? parts.join(' · ') : 'usage snapshot without figures';
}

const SEVERITY_MARK = { critical: ':red_circle:', warning: ':large_yellow_circle:' } as const;

/** "🔴 3 connection failures and no successful call since" (escaped, cut to `max`). */
export function findingLine(f: Pick<CheckFinding, 'severity' | 'message'>, max = 300): string {
  return `${SEVERITY_MARK[f.severity]} ${safeText(f.message.replace(/\s+/g, ' '), max)}`;
}

/** "❌ Connection check failed · Tue 6 Jan, 10:00 CET — 🔴 3 connection failures" style history line. */
export function issueLine(issue: IntegrationIssue, now: number, timeZone: string): string {
  const state = issue.resolvedAt === null ? 'open' : `resolved ${formatAgo(issue.resolvedAt, now)}`;
  const source = issue.source === 'incident' ? 'Incident' : issue.stage ? `${STAGE_LABEL[issue.stage]} check` : 'Issue';
  return `${SEVERITY_MARK[issue.severity]} ${source} · ${formatZoned(issue.openedAt, timeZone)} · ${state} — ${safeText(issue.message.replace(/\s+/g, ' '), 200)}`;
}

/**
 * A finding's evidence value for display: epoch-ms fields (`…At`) as zoned times, rates and utilisation
 * as percentages, null as "unknown".
 */
export function evidenceValue(key: string, value: number | string | null, timeZone: string): string {
  if (value === null) return 'unknown';
  if (typeof value === 'string') return safeText(value, 200);
  if (/At$/.test(key)) return formatZoned(value, timeZone);
  if (/(rate|utilisation)$/i.test(key) && value <= 1) return formatPercent(value);
  return String(value);
}

/**
 * The onboarding success metrics in one line, each against its target; "n/a" where nothing is due yet.
 * @example metricsLine(m) // 'New integrations (12): check coverage 100% (target 100%) · issues caught 92% (target > 90%) · healthy at day 30 80% (target > 80%)'
 */
export function metricsLine(m: OnboardingMetrics): string {
  const pct = (r: number | null) => (r === null ? 'n/a' : `${Math.round(r * 100)}%`);
  return [
    `New integrations (${m.integrations}): check coverage ${pct(m.checkCoverage)} (target 100%)`,
    `issues caught ${pct(m.issueDetectionRate)} (target > 90%)`,
    `healthy at day 30 ${pct(m.healthyAtDay30)} (target > 80%)`,
  ].join(' · ');
}
