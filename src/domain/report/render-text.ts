/**
 * Plain-text (terminal / chat code block) rendering of a HealthReport, shaped like a report a CSM would
 * paste into a customer conversation. Pure string building; no colours, no terminal control codes.
 */
import { SEVERITY_RANK } from '../severity.js';
import {
  ERROR_RATE_SCALE_FLOOR,
  formatDate,
  formatInt,
  formatMs,
  formatPct,
  formatPeriod,
  plural,
  scoreBar,
  severityLabel,
  sparkline,
  statusLabel,
  truncate,
  wrap,
} from './format.js';
import type { ComponentKey, HealthReport, IntegrationReport, Issue, Recommendation } from './types.js';

export interface TextOptions {
  /** Target line width in columns (default 100, minimum 40). Tables shrink their first column to fit. */
  width?: number;
}

const COMPONENT_LABELS: Record<ComponentKey, string> = {
  api_success: 'API success rate',
  latency: 'Latency vs SLA',
  error_trend: 'Error trend',
  webhook: 'Webhook reliability',
  auth: 'Authentication health',
};

type Align = 'l' | 'r';

/** Fixed-width table; the first column is truncated so lines fit `width` where possible. */
export function textTable(headers: string[], rows: string[][], align: Align[], width: number, indent = '  '): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const gap = 2;
  const total = indent.length + widths.reduce((a, b) => a + b, 0) + gap * (widths.length - 1);
  if (total > width) widths[0] = Math.max(headers[0].length, 12, widths[0] - (total - width));
  const line = (cells: string[]) =>
    (
      indent +
      cells
        .map((c, i) => {
          const v = truncate(c ?? '', widths[i]);
          return align[i] === 'r' ? v.padStart(widths[i]) : v.padEnd(widths[i]);
        })
        .join(' '.repeat(gap))
    ).trimEnd();
  return [line(headers), indent + widths.map((w) => '─'.repeat(w)).join(' '.repeat(gap)), ...rows.map(line)];
}

function heading(title: string): string[] {
  return ['', title, '─'.repeat(Math.min(title.length, 60))];
}

function p95VsSla(i: IntegrationReport): string {
  if (i.latency.p95 === null) return `— / ${formatMs(i.latency.slaMs)}`;
  return `${formatMs(i.latency.p95)} / ${formatMs(i.latency.slaMs)}`;
}

/** Weekly error-rate bars: "Jan 5 ▁ 0.1%  Jan 12 ▂ 2.0% …". */
export function weeklyTrend(i: IntegrationReport): string {
  if (i.weeklyErrorRate.length === 0) return '';
  const bars = sparkline(
    i.weeklyErrorRate.map((w) => w.rate),
    ERROR_RATE_SCALE_FLOOR,
  );
  return i.weeklyErrorRate
    .map((w, k) => `${formatDate(w.weekStart, false)} ${bars[k]} ${formatPct(w.rate)}`)
    .join(' · ');
}

function sortedIssues(r: HealthReport): { integration: IntegrationReport; issue: Issue }[] {
  return r.integrations
    .flatMap((integration) => integration.issues.map((issue) => ({ integration, issue })))
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.issue.severity] - SEVERITY_RANK[b.issue.severity] || a.integration.score - b.integration.score,
    );
}

function recommendationLines(recs: Recommendation[], width: number): string[] {
  return recs.flatMap((rec, n) => {
    const who = rec.integration ? `${rec.integration}: ` : '';
    return wrap(`${who}${rec.title}. ${rec.detail}`.replace(/\.\. /g, '. '), width, '     ', `  ${n + 1}. `);
  });
}

/**
 * Renders one report as plain text, lines ≤ `width` where practical (long words and table cells are
 * the exceptions).
 *
 * @example renderText(report) // "TechHealth report — Acme Corp\nJan 5–Feb 1 2026 (28 days)\n…"
 */
export function renderText(report: HealthReport, opts: TextOptions = {}): string {
  const width = Math.max(40, opts.width ?? 100);
  const out: string[] = [];
  const push = (...lines: string[]) => out.push(...lines);
  const para = (text: string, indent = '  ') => push(...wrap(text, width, indent));

  // Header
  push(`TechHealth report — ${report.customer ?? 'Unknown customer'}`);
  push(
    report.period
      ? `${formatPeriod(report.period.from, report.period.to)} (${plural(report.period.days, 'day')})`
      : 'Period unknown (no usable timestamps)',
  );
  if (report.summary) push(...wrap(report.summary, width));

  // Overall score
  push(...heading('Overall health'));
  push(
    `  ${scoreBar(report.score)} ${Math.round(report.score)}/100 · ${statusLabel(report.status)} · overall risk ${report.overallRisk}`,
  );
  if (report.trend) {
    const d = report.trend.delta;
    const arrow = d > 0 ? '▲' : d < 0 ? '▼' : '=';
    para(
      `Trend: ${arrow} ${d > 0 ? '+' : ''}${Math.round(d)} since ${formatDate(report.trend.previousGeneratedAt)} (was ${Math.round(report.trend.previousScore)}). ${report.trend.explanation}`,
    );
  }

  // Components
  if (report.components.length > 0 || report.omittedComponents.length > 0) {
    push(...heading('Score breakdown'));
    const rows = report.components
      .filter((c) => c.score !== null)
      .map((c) => [
        c.label,
        `${Math.round(c.effectiveWeight * 100)}%`,
        `${scoreBar(c.score ?? 0, 10)} ${Math.round(c.score ?? 0)}`,
        c.detail,
      ]);
    if (rows.length > 0)
      push(...textTable(['Component', 'Weight', 'Score', 'Measured'], rows, ['l', 'r', 'l', 'l'], width));
    for (const key of report.omittedComponents) {
      const c = report.components.find((x) => x.key === key);
      const why = c?.detail ? ` — ${c.detail}` : ' — no data';
      para(`Not scored: ${c?.label ?? COMPONENT_LABELS[key]}${why}. Its weight was shared among the other components.`);
    }
  }

  // Integrations
  push(...heading('Integrations'));
  if (report.integrations.length === 0) {
    push('  No integrations found in the data.');
  } else {
    push(
      ...textTable(
        ['Integration', 'Score', 'Success', 'Requests', 'p95 / SLA', 'Status'],
        report.integrations.map((i) => [
          i.name + (i.critical ? ' *' : ''),
          String(Math.round(i.score)),
          formatPct(i.successRate),
          formatInt(i.requests),
          p95VsSla(i),
          statusLabel(i.status),
        ]),
        ['l', 'r', 'r', 'r', 'r', 'l'],
        width,
      ),
    );
    if (report.integrations.some((i) => i.critical)) push('  * business-critical integration');
  }

  // Issues
  const issues = sortedIssues(report);
  push(...heading('Issues'));
  if (issues.length === 0) {
    push('  No issues found.');
  } else {
    // Weekly bars and top errors once per integration, under its most severe issue.
    const detailed = new Set<IntegrationReport>();
    for (const { integration: i, issue } of issues) {
      push(...wrap(`[${severityLabel(issue.severity)}] ${i.name} — ${issue.title}`, width, '      ', '  • '));
      if (issue.since) push(`      Since ${formatDate(issue.since)}`);
      if (!detailed.has(i)) {
        detailed.add(i);
        const trend = weeklyTrend(i);
        if (trend && i.weeklyErrorRate.some((w) => w.rate > 0))
          push(...wrap(`Weekly errors: ${trend}`, width, '        ', '      '));
        if (i.errorCodes.length > 0) {
          push('      Top errors:');
          for (const e of i.errorCodes.slice(0, 3)) {
            push(truncate(`        ${e.code} ×${formatInt(e.count)} (${formatPct(e.share)}) — ${e.meaning}`, width));
          }
        }
      }
    }
  }

  // Webhooks
  const hooks = report.integrations.filter((i) => i.webhook !== null && i.webhook.deliveries > 0);
  if (hooks.length > 0) {
    push(...heading('Webhooks'));
    for (const i of hooks) {
      const w = i.webhook;
      if (!w) continue;
      push(`  ${i.name}: ${formatPct(w.successRate)} delivered (${plural(w.deliveries, 'delivery', 'deliveries')})`);
      const failed = w.failureReasons.reduce((a, f) => a + f.count, 0);
      for (const f of w.failureReasons.slice(0, 5)) {
        push(
          truncate(
            `    ${f.reason} ×${formatInt(f.count)}${failed > 0 ? ` (${formatPct(f.count / failed)} of failures)` : ''}`,
            width,
          ),
        );
      }
    }
  }

  // Latency
  const timed = report.integrations.filter((i) => i.latency.samples > 0);
  if (timed.length > 0) {
    push(...heading('Latency'));
    push(
      ...textTable(
        ['Integration', 'p50', 'p95', 'p99', 'SLA (p95)', 'OK'],
        timed.map((i) => [
          i.name,
          formatMs(i.latency.p50),
          formatMs(i.latency.p95),
          formatMs(i.latency.p99),
          formatMs(i.latency.slaMs),
          i.latency.p95 === null ? '—' : i.latency.p95 <= i.latency.slaMs ? '✓' : '✗',
        ]),
        ['l', 'r', 'r', 'r', 'r', 'l'],
        width,
      ),
    );
  }

  // Risks
  push(...heading(`Technical risks (overall: ${report.overallRisk})`));
  if (report.risks.length === 0) push('  No technical risks identified.');
  for (const risk of report.risks) {
    const who = risk.integration && !risk.factor.includes(risk.integration) ? ` (${risk.integration})` : '';
    push(...wrap(`[${risk.level}] ${risk.factor}${who} — ${risk.businessImpact}`, width, '      ', '  • '));
  }

  // Recommendations
  push(...heading('Recommendations'));
  const immediate = report.recommendations.filter((r) => r.horizon === 'immediate');
  const shortTerm = report.recommendations.filter((r) => r.horizon === 'short_term');
  if (immediate.length === 0 && shortTerm.length === 0) push('  No actions needed.');
  if (immediate.length > 0) push('  Immediate:', ...recommendationLines(immediate, width));
  if (shortTerm.length > 0) push('  Short-term:', ...recommendationLines(shortTerm, width));

  // Skipped rows
  if (report.skipped.total > 0) {
    push(...heading('Skipped rows'));
    const share =
      report.counts.records + report.skipped.total > 0
        ? report.skipped.total / (report.counts.records + report.skipped.total)
        : 0;
    push(`  ${plural(report.skipped.total, 'row')} skipped (${formatPct(share)} of the input).`);
    for (const [reason, n] of Object.entries(report.skipped.byReason).sort((a, b) => b[1] - a[1])) {
      push(truncate(`    ${formatInt(n)} × ${reason}`, width));
    }
    if (report.skipped.first.length > 0) {
      push('  First skipped:');
      for (const s of report.skipped.first) push(truncate(`    line ${formatInt(s.line)}: ${s.reason}`, width));
    }
  }

  // Source
  push(...heading('Source'));
  const files = report.source.files.length > 0 ? report.source.files.join(', ') : '(none)';
  para(`Files: ${files} · format ${report.source.format} · ${plural(report.counts.records, 'record')}`);
  const mapping = Object.entries(report.source.mapping);
  if (mapping.length > 0) {
    push('  Fields read:');
    for (const [k, v] of mapping) push(...wrap(`${k} ← ${v}`, width, '      ', '    '));
  }
  for (const note of report.source.notes) push(...wrap(note, width, '      ', '  • '));
  push(`  Generated ${report.generatedAt} · schema v${report.schemaVersion}`);

  return out.join('\n');
}

/**
 * Renders several reports (one per customer) separated by a rule; an explanatory line when empty.
 * @example renderTextAll([a, b])
 */
export function renderTextAll(reports: HealthReport[], opts: TextOptions = {}): string {
  if (reports.length === 0) return 'No reports: the input held no usable records.';
  const width = Math.max(40, opts.width ?? 100);
  return reports.map((r) => renderText(r, { width })).join(`\n\n${'═'.repeat(width)}\n\n`);
}
