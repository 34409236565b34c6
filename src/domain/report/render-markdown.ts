/**
 * GitHub-flavoured Markdown rendering of a HealthReport (headings, tables, lists), for pasting into
 * tickets, docs or email. Pure string building.
 */
import { SEVERITY_RANK } from '../severity.js';
import * as fmt from './format.js';
import { renderSections, type SectionRenderers, slaMark } from './sections.js';
import type { HealthReport, IntegrationReport, Recommendation } from './types.js';

/** Makes text safe inside a table cell: `|` escaped, line breaks flattened. */
export function mdCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Escapes the characters that would start emphasis/links/HTML in running text. */
function mdText(s: string): string {
  return s.replace(/([\\`*_[\]<>])/g, '\\$1');
}

function mdTable(headers: string[], rows: string[][], align: ('l' | 'r' | 'c')[]): string[] {
  const sep = align.map((a) => (a === 'r' ? '---:' : a === 'c' ? ':---:' : '---'));
  const line = (cells: string[]) => `| ${cells.map(mdCell).join(' | ')} |`;
  return [line(headers), `| ${sep.join(' | ')} |`, ...rows.map(line)];
}

function recList(recs: Recommendation[]): string[] {
  return recs.map(
    (r) => `- **${mdText(r.integration ? `${r.integration}: ${r.title}` : r.title)}** — ${mdText(r.detail)}`,
  );
}

function weekly(i: IntegrationReport): string {
  const bars = fmt.sparkline(
    i.weeklyErrorRate.map((w) => w.rate),
    fmt.ERROR_RATE_SCALE_FLOOR,
  );
  return i.weeklyErrorRate
    .map((w, k) => `${fmt.formatDate(w.weekStart, false)} \`${bars[k]}\` ${fmt.formatPct(w.rate)}`)
    .join(' · ');
}

const section = (title: string, ...lines: string[]) => ['', `## ${title}`, '', ...lines];

function integrationIssues(i: IntegrationReport): string[] {
  const lines = [`### ${mdText(i.name)} (${Math.round(i.score)}/100)`, ''];
  for (const issue of [...i.issues].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity])) {
    lines.push(
      `- **${fmt.severityLabel(issue.severity)}:** ${mdText(issue.title)}${fmt.formatOnset(issue) ? ` (${mdText(fmt.formatOnset(issue) as string)})` : ''}${fmt.formatSlice(issue) ? `. Where: ${mdText(fmt.formatSlice(issue) as string)}` : ''}`,
    );
  }
  if (i.weeklyErrorRate.some((w) => w.rate > 0)) lines.push('', `Weekly error rate: ${weekly(i)}`);
  if (i.errorCodes.length > 0) {
    lines.push(
      '',
      ...mdTable(
        ['Error', 'Count', 'Share', 'Meaning'],
        i.errorCodes.slice(0, 5).map((e) => [e.code, fmt.formatInt(e.count), fmt.formatPct(e.share), e.meaning]),
        ['l', 'r', 'r', 'l'],
      ),
    );
  }
  return lines;
}

const MARKDOWN: SectionRenderers<[]> = {
  header: (report) => [
    `# Technical health — ${mdText(report.customer ?? 'Unknown customer')}`,
    '',
    report.period
      ? `**Period:** ${fmt.formatPeriod(report.period.from, report.period.to)} (${fmt.plural(report.period.days, 'day')})`
      : '**Period:** unknown (no usable timestamps)',
    ...(report.summary ? ['', mdText(report.summary)] : []),
  ],
  overall: (report) => {
    const lines = [
      `\`${fmt.scoreBar(report.score)}\` **${Math.round(report.score)}/100 · ${fmt.statusLabel(report.status)}** · overall risk **${report.overallRisk}**`,
    ];
    if (report.trend) {
      const d = Math.round(report.trend.delta);
      lines.push(
        '',
        `Trend: ${d > 0 ? '▲ +' : d < 0 ? '▼ ' : '= '}${d} since ${fmt.formatDate(report.trend.previousGeneratedAt)} (was ${Math.round(report.trend.previousScore)}). ${mdText(report.trend.explanation)}`,
      );
    }
    return section('Overall health', ...lines);
  },
  breakdown: (report, parts) => {
    if (report.components.length === 0 && report.omittedComponents.length === 0) return [];
    const lines: string[] = [];
    if (parts.scored.length > 0) {
      lines.push(
        ...mdTable(
          ['Component', 'Weight', 'Score', 'Measured'],
          parts.scored.map((c) => [
            c.label,
            `${Math.round(c.effectiveWeight * 100)}%`,
            String(Math.round(c.score ?? 0)),
            c.detail,
          ]),
          ['l', 'r', 'r', 'l'],
        ),
      );
    }
    if (parts.omitted.length > 0) lines.push('');
    for (const c of parts.omitted) {
      lines.push(
        `- _Not scored:_ ${mdText(c.label)} — ${mdText(c.detail ?? 'no data')}. Its weight was shared among the other components.`,
      );
    }
    return section('Score breakdown', ...lines);
  },
  integrations: (report) => {
    if (report.integrations.length === 0) return section('Integrations', 'No integrations found in the data.');
    const users = report.integrations.some((i) => i.activeUsers !== null && i.activeUsers !== undefined);
    return section(
      'Integrations',
      ...mdTable(
        [
          'Integration',
          'Score',
          'Success rate',
          'Requests',
          ...(users ? ['Active users (last 7 days)'] : []),
          'p95 / SLA',
          'Status',
        ],
        report.integrations.map((i) => [
          i.name + (i.critical ? ' ★' : ''),
          String(Math.round(i.score)),
          fmt.formatPct(i.successRate),
          fmt.formatInt(i.requests),
          ...(users ? [fmt.formatUsers(i)] : []),
          `${fmt.formatMs(i.latency.p95)} / ${fmt.formatMs(i.latency.slaMs)}`,
          fmt.statusLabel(i.status),
        ]),
        ['l', 'r', 'r', 'r', ...(users ? (['r'] as const) : []), 'r', 'l'],
      ),
      ...(report.integrations.some((i) => i.critical) ? ['', '★ business-critical integration'] : []),
    );
  },
  issues: (_report, parts) => {
    if (parts.withIssues.length === 0) return section('Issues', 'No issues found.');
    return section('Issues', ...parts.withIssues.flatMap((i, k) => [...(k > 0 ? [''] : []), ...integrationIssues(i)]));
  },
  webhooks: (_report, parts) => {
    if (parts.webhooks.length === 0) return [];
    return section(
      'Webhooks',
      ...parts.webhooks.flatMap(({ integration: i, webhook: w }) => [
        `- **${mdText(i.name)}:** ${fmt.formatPct(w.successRate)} delivered of ${fmt.plural(w.deliveries, 'delivery', 'deliveries')}`,
        ...w.failureReasons.slice(0, 5).map((f) => `  - ${mdText(f.reason)} ×${fmt.formatInt(f.count)}`),
      ]),
    );
  },
  latency: (_report, parts) => {
    if (parts.timed.length === 0) return [];
    return section(
      'Latency',
      ...mdTable(
        ['Integration', 'p50', 'p95', 'p99', 'SLA (p95)', 'Within SLA'],
        parts.timed.map((i) => [
          i.name,
          fmt.formatMs(i.latency.p50),
          fmt.formatMs(i.latency.p95),
          fmt.formatMs(i.latency.p99),
          fmt.formatMs(i.latency.slaMs),
          slaMark(i),
        ]),
        ['l', 'r', 'r', 'r', 'r', 'c'],
      ),
    );
  },
  risks: (report) =>
    report.risks.length === 0
      ? section('Technical risks', 'No technical risks identified.')
      : section(
          'Technical risks',
          ...mdTable(
            ['Risk', 'Level', 'Integration', 'Business impact'],
            report.risks.map((r) => [r.factor, r.level, r.integration ?? '—', r.businessImpact]),
            ['l', 'l', 'l', 'l'],
          ),
        ),
  recommendations: (_report, { immediate, shortTerm }) => {
    const lines: string[] = [];
    if (immediate.length === 0 && shortTerm.length === 0) lines.push('No actions needed.');
    if (immediate.length > 0) lines.push('### Immediate', '', ...recList(immediate));
    if (immediate.length > 0 && shortTerm.length > 0) lines.push('');
    if (shortTerm.length > 0) lines.push('### Short-term', '', ...recList(shortTerm));
    return section('Recommendations', ...lines);
  },
  skipped: (report, parts) => {
    if (report.skipped.total === 0) return [];
    const lines = [
      `${fmt.plural(report.skipped.total, 'row')} could not be read and were skipped.`,
      '',
      ...parts.skippedReasons.map(([reason, n]) => `- ${fmt.formatInt(n)} × ${mdText(reason)}`),
    ];
    if (report.skipped.first.length > 0) {
      lines.push(
        '',
        ...mdTable(
          ['Line', 'Reason'],
          report.skipped.first.map((s) => [fmt.formatInt(s.line), s.reason]),
          ['r', 'l'],
        ),
      );
    }
    return section('Skipped rows', ...lines);
  },
  source: (report) => {
    const files =
      report.source.files.length > 0
        ? report.source.files.map((f) => `\`${f.replace(/`/g, "'")}\``).join(', ')
        : '(none)';
    const mapping = Object.entries(report.source.mapping);
    return section(
      'Source',
      `- Files: ${files}`,
      `- Format: ${mdText(report.source.format)} · ${fmt.plural(report.counts.records, 'record')}`,
      ...(mapping.length > 0
        ? [`- Fields read: ${mapping.map(([k, v]) => `${mdText(k)} ← ${mdText(v)}`).join('; ')}`]
        : []),
      ...report.source.notes.map((note) => `- ${mdText(note)}`),
      `- Generated ${report.generatedAt} · schema v${report.schemaVersion}`,
    );
  },
};

/**
 * Renders one report as Markdown: title, summary, score, breakdown, integrations table, issues with
 * weekly error bars and top errors, webhooks, latency, risks, recommendations (Immediate /
 * Short-term), skipped rows and source notes.
 *
 * @example renderMarkdown(report).startsWith('# Technical health — Acme Corp') // true
 */
export function renderMarkdown(report: HealthReport): string {
  return renderSections(MARKDOWN, report).join('\n');
}
