/**
 * Plain-text (terminal / chat code block) rendering of a HealthReport, shaped like a report a CSM would
 * paste into a customer conversation. Pure string building; no colours, no terminal control codes.
 */
import {
  ERROR_RATE_SCALE_FLOOR,
  formatDate,
  formatInt,
  formatMs,
  formatOnset,
  formatPct,
  formatPeriod,
  formatSlice,
  formatUsers,
  plural,
  scoreBar,
  severityLabel,
  sparkline,
  statusLabel,
  truncate,
  wrap,
} from './format.js';
import { renderSections, type SectionRenderers, slaMark } from './sections.js';
import type { HealthReport, IntegrationReport, Recommendation } from './types.js';

export interface TextOptions {
  /** Target line width in columns (default 100, minimum 40). Tables shrink their first column to fit. */
  width?: number;
}

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

function recommendationLines(recs: Recommendation[], width: number): string[] {
  return recs.flatMap((rec, n) => {
    const who = rec.integration ? `${rec.integration}: ` : '';
    return wrap(`${who}${rec.title}. ${rec.detail}`.replace(/\.\. /g, '. '), width, '     ', `  ${n + 1}. `);
  });
}

/** Weekly bars and top errors of an integration, shown once, under its most severe issue. */
function integrationDetail(i: IntegrationReport, width: number): string[] {
  const lines: string[] = [];
  const trend = weeklyTrend(i);
  if (trend && i.weeklyErrorRate.some((w) => w.rate > 0))
    lines.push(...wrap(`Weekly errors: ${trend}`, width, '        ', '      '));
  if (i.errorCodes.length > 0) {
    lines.push('      Top errors:');
    for (const e of i.errorCodes.slice(0, 3)) {
      lines.push(truncate(`        ${e.code} ×${formatInt(e.count)} (${formatPct(e.share)}) — ${e.meaning}`, width));
    }
  }
  return lines;
}

const TEXT: SectionRenderers<[width: number]> = {
  header: (report, _parts, width) => [
    `TechHealth report — ${report.customer ?? 'Unknown customer'}`,
    report.period
      ? `${formatPeriod(report.period.from, report.period.to)} (${plural(report.period.days, 'day')})`
      : 'Period unknown (no usable timestamps)',
    ...(report.summary ? wrap(report.summary, width) : []),
  ],
  overall: (report, _parts, width) => {
    const lines = [
      ...heading('Overall health'),
      `  ${scoreBar(report.score)} ${Math.round(report.score)}/100 · ${statusLabel(report.status)} · overall risk ${report.overallRisk}`,
    ];
    if (report.trend) {
      const d = report.trend.delta;
      const arrow = d > 0 ? '▲' : d < 0 ? '▼' : '=';
      lines.push(
        ...wrap(
          `Trend: ${arrow} ${d > 0 ? '+' : ''}${Math.round(d)} since ${formatDate(report.trend.previousGeneratedAt)} (was ${Math.round(report.trend.previousScore)}). ${report.trend.explanation}`,
          width,
          '  ',
        ),
      );
    }
    return lines;
  },
  breakdown: (report, parts, width) => {
    if (report.components.length === 0 && report.omittedComponents.length === 0) return [];
    const lines = heading('Score breakdown');
    const rows = parts.scored.map((c) => [
      c.label,
      `${Math.round(c.effectiveWeight * 100)}%`,
      `${scoreBar(c.score ?? 0, 10)} ${Math.round(c.score ?? 0)}`,
      c.detail,
    ]);
    if (rows.length > 0)
      lines.push(...textTable(['Component', 'Weight', 'Score', 'Measured'], rows, ['l', 'r', 'l', 'l'], width));
    for (const c of parts.omitted) {
      const why = c.detail ? ` — ${c.detail}` : ' — no data';
      lines.push(
        ...wrap(`Not scored: ${c.label}${why}. Its weight was shared among the other components.`, width, '  '),
      );
    }
    return lines;
  },
  integrations: (report, _parts, width) => {
    if (report.integrations.length === 0) return [...heading('Integrations'), '  No integrations found in the data.'];
    // The users column only when the file named users: a log without them keeps the narrower table.
    const users = report.integrations.some((i) => i.activeUsers !== null && i.activeUsers !== undefined);
    return [
      ...heading('Integrations'),
      ...textTable(
        ['Integration', 'Score', 'Success', 'Requests', ...(users ? ['Users (7 d)'] : []), 'p95 / SLA', 'Status'],
        report.integrations.map((i) => [
          i.name + (i.critical ? ' *' : ''),
          String(Math.round(i.score)),
          formatPct(i.successRate),
          formatInt(i.requests),
          ...(users ? [formatUsers(i)] : []),
          p95VsSla(i),
          statusLabel(i.status),
        ]),
        ['l', 'r', 'r', 'r', ...(users ? (['r'] as const) : []), 'r', 'l'],
        width,
      ),
      ...(report.integrations.some((i) => i.critical) ? ['  * business-critical integration'] : []),
      ...(users ? ['  Users (7 d): distinct users in the file / in its last 7 days'] : []),
    ];
  },
  issues: (_report, parts, width) => {
    const lines = heading('Issues');
    if (parts.issues.length === 0) return [...lines, '  No issues found.'];
    const detailed = new Set<IntegrationReport>();
    for (const { integration: i, issue } of parts.issues) {
      lines.push(...wrap(`[${severityLabel(issue.severity)}] ${i.name} — ${issue.title}`, width, '      ', '  • '));
      const onset = formatOnset(issue);
      if (onset) lines.push(...wrap(`${onset.charAt(0).toUpperCase()}${onset.slice(1)}`, width, '        ', '      '));
      const slice = formatSlice(issue);
      if (slice) lines.push(...wrap(`Where: ${slice}`, width, '        ', '      '));
      if (!detailed.has(i)) {
        detailed.add(i);
        lines.push(...integrationDetail(i, width));
      }
    }
    return lines;
  },
  webhooks: (_report, parts, width) => {
    if (parts.webhooks.length === 0) return [];
    return [
      ...heading('Webhooks'),
      ...parts.webhooks.flatMap(({ integration: i, webhook: w }) => {
        const failed = w.failureReasons.reduce((a, f) => a + f.count, 0);
        return [
          `  ${i.name}: ${formatPct(w.successRate)} delivered (${plural(w.deliveries, 'delivery', 'deliveries')})`,
          ...w.failureReasons
            .slice(0, 5)
            .map((f) =>
              truncate(
                `    ${f.reason} ×${formatInt(f.count)}${failed > 0 ? ` (${formatPct(f.count / failed)} of failures)` : ''}`,
                width,
              ),
            ),
        ];
      }),
    ];
  },
  latency: (_report, parts, width) => {
    if (parts.timed.length === 0) return [];
    return [
      ...heading('Latency'),
      ...textTable(
        ['Integration', 'p50', 'p95', 'p99', 'SLA (p95)', 'OK'],
        parts.timed.map((i) => [
          i.name,
          formatMs(i.latency.p50),
          formatMs(i.latency.p95),
          formatMs(i.latency.p99),
          formatMs(i.latency.slaMs),
          slaMark(i),
        ]),
        ['l', 'r', 'r', 'r', 'r', 'l'],
        width,
      ),
    ];
  },
  risks: (report, _parts, width) => [
    ...heading(`Technical risks (overall: ${report.overallRisk})`),
    ...(report.risks.length === 0 ? ['  No technical risks identified.'] : []),
    ...report.risks.flatMap((risk) => {
      const who = risk.integration && !risk.factor.includes(risk.integration) ? ` (${risk.integration})` : '';
      return wrap(`[${risk.level}] ${risk.factor}${who} — ${risk.businessImpact}`, width, '      ', '  • ');
    }),
  ],
  recommendations: (_report, { immediate, shortTerm }, width) => [
    ...heading('Recommendations'),
    ...(immediate.length === 0 && shortTerm.length === 0 ? ['  No actions needed.'] : []),
    ...(immediate.length > 0 ? ['  Immediate:', ...recommendationLines(immediate, width)] : []),
    ...(shortTerm.length > 0 ? ['  Short-term:', ...recommendationLines(shortTerm, width)] : []),
  ],
  skipped: (report, parts, width) => {
    if (report.skipped.total === 0) return [];
    const all = report.counts.records + report.skipped.total;
    const share = all > 0 ? report.skipped.total / all : 0;
    return [
      ...heading('Skipped rows'),
      `  ${plural(report.skipped.total, 'row')} skipped (${formatPct(share)} of the input).`,
      ...parts.skippedReasons.map(([reason, n]) => truncate(`    ${formatInt(n)} × ${reason}`, width)),
      ...(report.skipped.first.length > 0
        ? [
            '  First skipped:',
            ...report.skipped.first.map((s) => truncate(`    line ${formatInt(s.line)}: ${s.reason}`, width)),
          ]
        : []),
    ];
  },
  source: (report, _parts, width) => {
    const files = report.source.files.length > 0 ? report.source.files.join(', ') : '(none)';
    const mapping = Object.entries(report.source.mapping);
    return [
      ...heading('Source'),
      ...wrap(
        `Files: ${files} · format ${report.source.format} · ${plural(report.counts.records, 'record')}`,
        width,
        '  ',
      ),
      ...(mapping.length > 0
        ? ['  Fields read:', ...mapping.flatMap(([k, v]) => wrap(`${k} ← ${v}`, width, '      ', '    '))]
        : []),
      ...report.source.notes.flatMap((note) => wrap(note, width, '      ', '  • ')),
      `  Generated ${report.generatedAt} · schema v${report.schemaVersion}`,
    ];
  },
};

/**
 * Renders one report as plain text, lines ≤ `width` where practical (long words and table cells are
 * the exceptions).
 *
 * @example renderText(report) // "TechHealth report — Acme Corp\nJan 5–Feb 1 2026 (28 days)\n…"
 */
export function renderText(report: HealthReport, opts: TextOptions = {}): string {
  const width = Math.max(40, opts.width ?? 100);
  return renderSections(TEXT, report, width).join('\n');
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
