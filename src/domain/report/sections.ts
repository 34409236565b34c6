/**
 * What every rendering of a HealthReport shows and in which order: the parts the text, Markdown and Slack
 * renderers select from a report (scored and omitted components, issues most severe first, webhooks,
 * latency, recommendations by horizon, skipped rows). Each renderer only formats them.
 */
import { SEVERITY_RANK } from '../severity.js';
import type { ComponentKey, ComponentScore, HealthReport, IntegrationReport, Issue, Recommendation } from './types.js';

type WebhookStats = NonNullable<IntegrationReport['webhook']>;

export const COMPONENT_LABELS: Record<ComponentKey, string> = {
  api_success: 'API success rate',
  latency: 'Latency vs SLA',
  error_trend: 'Error trend',
  webhook: 'Webhook reliability',
  auth: 'Authentication health',
};

export interface ReportParts {
  /** Components that have a score, in the report's order. */
  scored: ComponentScore[];
  /** Components left out for lack of data, with a label and why. */
  omitted: { label: string; detail: string | null }[];
  /** Every issue with its integration, most severe first, then the lower-scoring integration first. */
  issues: { integration: IntegrationReport; issue: Issue }[];
  /** Integrations that have issues, the one with the most severe issue first, then by score. */
  withIssues: IntegrationReport[];
  webhooks: { integration: IntegrationReport; webhook: WebhookStats }[];
  /** Integrations with latency samples. */
  timed: IntegrationReport[];
  immediate: Recommendation[];
  shortTerm: Recommendation[];
  /** Skip reasons, most frequent first. */
  skippedReasons: [reason: string, rows: number][];
}

/**
 * Selects the parts of a report every renderer shows.
 * @example reportParts(report).issues[0].issue.severity // 'critical' when there is a critical issue
 */
export function reportParts(report: HealthReport): ReportParts {
  const worst = (i: IntegrationReport) => Math.min(...i.issues.map((x) => SEVERITY_RANK[x.severity]));
  return {
    scored: report.components.filter((c) => c.score !== null),
    omitted: report.omittedComponents.map((key) => {
      const c = report.components.find((x) => x.key === key);
      return { label: c?.label ?? COMPONENT_LABELS[key], detail: c?.detail || null };
    }),
    issues: report.integrations
      .flatMap((integration) => integration.issues.map((issue) => ({ integration, issue })))
      .sort(
        (a, b) =>
          SEVERITY_RANK[a.issue.severity] - SEVERITY_RANK[b.issue.severity] ||
          a.integration.score - b.integration.score,
      ),
    withIssues: report.integrations
      .filter((i) => i.issues.length > 0)
      .sort((a, b) => worst(a) - worst(b) || a.score - b.score),
    webhooks: report.integrations.flatMap((integration) =>
      integration.webhook !== null && integration.webhook.deliveries > 0
        ? [{ integration, webhook: integration.webhook }]
        : [],
    ),
    timed: report.integrations.filter((i) => i.latency.samples > 0),
    immediate: report.recommendations.filter((r) => r.horizon === 'immediate'),
    shortTerm: report.recommendations.filter((r) => r.horizon === 'short_term'),
    skippedReasons: Object.entries(report.skipped.byReason).sort((a, b) => b[1] - a[1]),
  };
}

/** "✓" within SLA, "✗" over it, "—" without a p95. */
export function slaMark(i: IntegrationReport): string {
  return i.latency.p95 === null ? '—' : i.latency.p95 <= i.latency.slaMs ? '✓' : '✗';
}

/** The order every rendering shows a report in. */
export const SECTION_ORDER = [
  'header',
  'overall',
  'breakdown',
  'integrations',
  'issues',
  'webhooks',
  'latency',
  'risks',
  'recommendations',
  'skipped',
  'source',
] as const;

/** One renderer: a function per section, each returning its lines (none when the section has nothing). */
export type SectionRenderers<Extra extends unknown[]> = Record<
  (typeof SECTION_ORDER)[number],
  (report: HealthReport, parts: ReportParts, ...extra: Extra) => string[]
>;

/** Every section's lines, in SECTION_ORDER. */
export function renderSections<Extra extends unknown[]>(
  renderers: SectionRenderers<Extra>,
  report: HealthReport,
  ...extra: Extra
): string[] {
  const parts = reportParts(report);
  return SECTION_ORDER.flatMap((name) => renderers[name](report, parts, ...extra));
}
