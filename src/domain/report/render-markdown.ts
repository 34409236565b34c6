/**
 * GitHub-flavoured Markdown rendering of a HealthReport (headings, tables, lists), for pasting into
 * tickets, docs or email. Pure string building.
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
} from './format.js';
import type { ComponentKey, HealthReport, IntegrationReport, Recommendation } from './types.js';

const COMPONENT_LABELS: Record<ComponentKey, string> = {
  api_success: 'API success rate',
  latency: 'Latency vs SLA',
  error_trend: 'Error trend',
  webhook: 'Webhook reliability',
  auth: 'Authentication health',
};

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
  const bars = sparkline(
    i.weeklyErrorRate.map((w) => w.rate),
    ERROR_RATE_SCALE_FLOOR,
  );
  return i.weeklyErrorRate
    .map((w, k) => `${formatDate(w.weekStart, false)} \`${bars[k]}\` ${formatPct(w.rate)}`)
    .join(' · ');
}

/**
 * Renders one report as Markdown: title, summary, score, breakdown, integrations table, issues with
 * weekly error bars and top errors, webhooks, latency, risks, recommendations (Immediate /
 * Short-term), skipped rows and source notes.
 *
 * @example renderMarkdown(report).startsWith('# Technical health — Acme Corp') // true
 */
export function renderMarkdown(report: HealthReport): string {
  const out: string[] = [];
  const push = (...lines: string[]) => out.push(...lines);
  const section = (title: string) => push('', `## ${title}`, '');

  push(`# Technical health — ${mdText(report.customer ?? 'Unknown customer')}`, '');
  push(
    report.period
      ? `**Period:** ${formatPeriod(report.period.from, report.period.to)} (${plural(report.period.days, 'day')})`
      : '**Period:** unknown (no usable timestamps)',
  );
  if (report.summary) push('', mdText(report.summary));

  section('Overall health');
  push(
    `\`${scoreBar(report.score)}\` **${Math.round(report.score)}/100 · ${statusLabel(report.status)}** · overall risk **${report.overallRisk}**`,
  );
  if (report.trend) {
    const d = Math.round(report.trend.delta);
    push(
      '',
      `Trend: ${d > 0 ? '▲ +' : d < 0 ? '▼ ' : '= '}${d} since ${formatDate(report.trend.previousGeneratedAt)} (was ${Math.round(report.trend.previousScore)}). ${mdText(report.trend.explanation)}`,
    );
  }

  if (report.components.length > 0 || report.omittedComponents.length > 0) {
    section('Score breakdown');
    const scored = report.components.filter((c) => c.score !== null);
    if (scored.length > 0) {
      push(
        ...mdTable(
          ['Component', 'Weight', 'Score', 'Measured'],
          scored.map((c) => [
            c.label,
            `${Math.round(c.effectiveWeight * 100)}%`,
            String(Math.round(c.score ?? 0)),
            c.detail,
          ]),
          ['l', 'r', 'r', 'l'],
        ),
      );
    }
    if (report.omittedComponents.length > 0) {
      push('');
      for (const key of report.omittedComponents) {
        const c = report.components.find((x) => x.key === key);
        push(
          `- _Not scored:_ ${mdText(c?.label ?? COMPONENT_LABELS[key])} — ${mdText(c?.detail || 'no data')}. Its weight was shared among the other components.`,
        );
      }
    }
  }

  section('Integrations');
  if (report.integrations.length === 0) {
    push('No integrations found in the data.');
  } else {
    push(
      ...mdTable(
        ['Integration', 'Score', 'Success rate', 'Requests', 'p95 / SLA', 'Status'],
        report.integrations.map((i) => [
          i.name + (i.critical ? ' ★' : ''),
          String(Math.round(i.score)),
          formatPct(i.successRate),
          formatInt(i.requests),
          `${formatMs(i.latency.p95)} / ${formatMs(i.latency.slaMs)}`,
          statusLabel(i.status),
        ]),
        ['l', 'r', 'r', 'r', 'r', 'l'],
      ),
    );
    if (report.integrations.some((i) => i.critical)) push('', '★ business-critical integration');
  }

  section('Issues');
  const withIssues = report.integrations
    .filter((i) => i.issues.length > 0)
    .sort(
      (a, b) =>
        Math.min(...a.issues.map((x) => SEVERITY_RANK[x.severity])) -
          Math.min(...b.issues.map((x) => SEVERITY_RANK[x.severity])) || a.score - b.score,
    );
  if (withIssues.length === 0) push('No issues found.');
  for (const i of withIssues) {
    push(`### ${mdText(i.name)} (${Math.round(i.score)}/100)`, '');
    for (const issue of [...i.issues].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity])) {
      push(
        `- **${severityLabel(issue.severity)}:** ${mdText(issue.title)}${issue.since ? ` (since ${formatDate(issue.since)})` : ''}`,
      );
    }
    if (i.weeklyErrorRate.some((w) => w.rate > 0)) push('', `Weekly error rate: ${weekly(i)}`);
    if (i.errorCodes.length > 0) {
      push(
        '',
        ...mdTable(
          ['Error', 'Count', 'Share', 'Meaning'],
          i.errorCodes.slice(0, 5).map((e) => [e.code, formatInt(e.count), formatPct(e.share), e.meaning]),
          ['l', 'r', 'r', 'l'],
        ),
      );
    }
    push('');
  }
  if (withIssues.length > 0) out.pop();

  const hooks = report.integrations.filter((i) => i.webhook !== null && i.webhook.deliveries > 0);
  if (hooks.length > 0) {
    section('Webhooks');
    for (const i of hooks) {
      const w = i.webhook;
      if (!w) continue;
      push(
        `- **${mdText(i.name)}:** ${formatPct(w.successRate)} delivered of ${plural(w.deliveries, 'delivery', 'deliveries')}`,
      );
      for (const f of w.failureReasons.slice(0, 5)) push(`  - ${mdText(f.reason)} ×${formatInt(f.count)}`);
    }
  }

  const timed = report.integrations.filter((i) => i.latency.samples > 0);
  if (timed.length > 0) {
    section('Latency');
    push(
      ...mdTable(
        ['Integration', 'p50', 'p95', 'p99', 'SLA (p95)', 'Within SLA'],
        timed.map((i) => [
          i.name,
          formatMs(i.latency.p50),
          formatMs(i.latency.p95),
          formatMs(i.latency.p99),
          formatMs(i.latency.slaMs),
          i.latency.p95 === null ? '—' : i.latency.p95 <= i.latency.slaMs ? '✓' : '✗',
        ]),
        ['l', 'r', 'r', 'r', 'r', 'c'],
      ),
    );
  }

  section('Technical risks');
  if (report.risks.length === 0) push('No technical risks identified.');
  else {
    push(
      ...mdTable(
        ['Risk', 'Level', 'Integration', 'Business impact'],
        report.risks.map((r) => [r.factor, r.level, r.integration ?? '—', r.businessImpact]),
        ['l', 'l', 'l', 'l'],
      ),
    );
  }

  section('Recommendations');
  const immediate = report.recommendations.filter((r) => r.horizon === 'immediate');
  const shortTerm = report.recommendations.filter((r) => r.horizon === 'short_term');
  if (immediate.length === 0 && shortTerm.length === 0) push('No actions needed.');
  if (immediate.length > 0) push('### Immediate', '', ...recList(immediate));
  if (immediate.length > 0 && shortTerm.length > 0) push('');
  if (shortTerm.length > 0) push('### Short-term', '', ...recList(shortTerm));

  if (report.skipped.total > 0) {
    section('Skipped rows');
    push(`${plural(report.skipped.total, 'row')} could not be read and were skipped.`, '');
    for (const [reason, n] of Object.entries(report.skipped.byReason).sort((a, b) => b[1] - a[1])) {
      push(`- ${formatInt(n)} × ${mdText(reason)}`);
    }
    if (report.skipped.first.length > 0) {
      push(
        '',
        ...mdTable(
          ['Line', 'Reason'],
          report.skipped.first.map((s) => [formatInt(s.line), s.reason]),
          ['r', 'l'],
        ),
      );
    }
  }

  section('Source');
  const files =
    report.source.files.length > 0
      ? report.source.files.map((f) => `\`${f.replace(/`/g, "'")}\``).join(', ')
      : '(none)';
  push(`- Files: ${files}`);
  push(`- Format: ${mdText(report.source.format)} · ${plural(report.counts.records, 'record')}`);
  const mapping = Object.entries(report.source.mapping);
  if (mapping.length > 0) push(`- Fields read: ${mapping.map(([k, v]) => `${mdText(k)} ← ${mdText(v)}`).join('; ')}`);
  for (const note of report.source.notes) push(`- ${mdText(note)}`);
  push(`- Generated ${report.generatedAt} · schema v${report.schemaVersion}`);

  return out.join('\n');
}
