import type { ActionsBlock, ContextBlock, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';
import { sinceNote } from '../src/domain/report/format.js';
import type { HealthReport, HealthStatus, IntegrationReport, Issue, Severity } from '../src/domain/report/types.js';
import { SEVERITY_RANK } from '../src/domain/severity.js';
import { ACTION } from './ids.js';
import { chunkLines, LIMITS, pageBlocks, truncate } from './limits.js';

import type { SlackMessage } from './message.js';

export type { SlackMessage };

/** Rows of the per-integration table, worst first; the rest are counted, not listed. */
const TABLE_ROWS = 100;
/** Integrations with critical/high issues shown in detail; the rest are counted. */
const DETAIL_INTEGRATIONS = 15;
/** Items per list (risks, recommendations, webhook and latency lines). */
const LIST_ITEMS = 15;
/** Longest single line inside a list; error strings and titles from logs can be arbitrarily long. */
const LINE_CHARS = 300;
/** Width of the score and error-trend bars, in characters. */
const BAR_WIDTH = 10;

const STATUS: Record<HealthStatus, { emoji: string; label: string }> = {
  healthy: { emoji: ':large_green_circle:', label: 'Healthy' },
  at_risk: { emoji: ':large_yellow_circle:', label: 'At risk' },
  critical: { emoji: ':red_circle:', label: 'Critical' },
};
const SEVERITY_EMOJI: Record<Severity, string> = {
  critical: ':red_circle:',
  high: ':large_orange_circle:',
  medium: ':large_yellow_circle:',
  low: ':white_circle:',
};

/**
 * Renders a health report as Slack messages: the first carries the headline, the per-integration table
 * and the action buttons; the rest are continuations to post as thread replies, in order. Every message
 * stays within Slack's limits (50 blocks, 3,000 characters per section, about 12,000 characters of text in
 * total — see views/limits.ts), whatever the size of the report: long tables are split across sections and
 * messages, long lists end with "+N more", and single lines are truncated with "…".
 *
 * The four buttons (create ticket, schedule call, draft report, update risk signals) carry only
 * `opts.reportId` as their value; handlers load the report from storage by that id.
 *
 * @param report the engine's report (src/domain/report/types.ts)
 * @param opts.reportId the stored report's id (opaque, at most 2,000 characters)
 * @returns one or more messages; `[0]` is the parent, `[1..]` go into its thread
 * @throws RangeError when `reportId` is empty or longer than a button value may be
 * @example buildScoreReport(report, { reportId: '65a1…' })[0].blocks[0] // header "Technical health: Acme"
 */
export function buildScoreReport(report: HealthReport, opts: { reportId: string }): SlackMessage[] {
  if (opts.reportId.length === 0 || opts.reportId.length > LIMITS.buttonValue) {
    throw new RangeError(`reportId must be 1–${LIMITS.buttonValue} characters`);
  }
  const customer = report.customer ?? 'unknown customer';
  const body: KnownBlock[] = [
    header(`Technical health: ${customer}`),
    section(scoreText(report)),
    context(report.summary),
    ...componentBlocks(report),
    ...integrationTable(report.integrations),
    ...criticalIssueBlocks(report.integrations),
    ...webhookBlocks(report.integrations),
    ...latencyBlocks(report.integrations),
    ...riskBlocks(report),
    ...recommendationBlocks(report),
    ...skippedBlocks(report),
  ];
  const actions = actionsBlock(opts.reportId);
  const pages = pageBlocks(body, LIMITS.messageBlocks - 1);
  // The first page must leave room for the actions block, which always rides on the parent message.
  const [first, ...rest] = pages;
  const headline = `Technical health for ${customer}: ${report.score}/100 (${STATUS[report.status].label.toLowerCase()})`;
  const messages: SlackMessage[] = [{ text: headline, blocks: [...first, actions] }];
  for (const [i, blocks] of rest.entries()) {
    messages.push({ text: `${headline} — continued (${i + 2}/${pages.length})`, blocks });
  }
  return messages;
}

/** `███████░░░` for 0–100. */
export function scoreBar(score: number, width = BAR_WIDTH): string {
  const filled = Math.max(0, Math.min(width, Math.round((score / 100) * width)));
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

function scoreText(report: HealthReport): string {
  const status = STATUS[report.status];
  const lines = [
    `*Overall score: ${report.score}/100* ${status.emoji} ${status.label} · overall risk *${report.overallRisk}*`,
    `\`${scoreBar(report.score)}\``,
  ];
  if (report.trend) {
    const arrow = report.trend.delta > 0 ? '↑' : report.trend.delta < 0 ? '↓' : '→';
    const delta = report.trend.delta > 0 ? `+${report.trend.delta}` : String(report.trend.delta);
    lines.push(
      `${arrow} ${delta} since ${report.trend.previousGeneratedAt.slice(0, 10)} (was ${report.trend.previousScore}) — ${report.trend.explanation}`,
    );
  } else {
    lines.push('First report for this customer: no trend yet.');
  }
  return lines.join('\n');
}

function componentBlocks(report: HealthReport): KnownBlock[] {
  if (report.components.length === 0) return [];
  const lines = report.components.map((c) => {
    const score = c.score === null ? '  –' : String(c.score).padStart(3);
    return `${pad(c.label, 22)} ${score}  ${Math.round(c.effectiveWeight * 100)}%  ${c.detail}`;
  });
  return monoSections('*Score components* (score, weight, measured)', lines);
}

function integrationTable(integrations: IntegrationReport[]): KnownBlock[] {
  if (integrations.length === 0) return [section('*Integrations*\nNo integration data in this upload.')];
  const sorted = [...integrations].sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  // A users column only when the upload named users (activeUsers is null, not 0, when it did not).
  const withUsers = integrations.some((i) => i.activeUsers !== null && i.activeUsers !== undefined);
  const users = (i: IntegrationReport) =>
    withUsers
      ? ` ${(i.activeUsers === null || i.activeUsers === undefined ? '–' : num(i.activeUsers)).padStart(7)}`
      : '';
  const rows = sorted.slice(0, TABLE_ROWS).map((i) => {
    const p95 = i.latency.p95 === null ? '–' : `${Math.round(i.latency.p95)}ms`;
    return `${pad(i.name, 22)} ${String(i.score).padStart(3)} ${pad(STATUS[i.status].label, 8)} ${pct(i.successRate).padStart(6)} ${p95.padStart(8)} ${String(i.issues.length).padStart(3)}${users(i)}`;
  });
  const head = `${pad('integration', 22)} ${'scr'} ${pad('status', 8)} ${'ok%'.padStart(6)} ${'p95'.padStart(8)} ${'iss'}${withUsers ? ` ${'users'.padStart(7)}` : ''}`;
  const more =
    sorted.length > TABLE_ROWS ? [`+${sorted.length - TABLE_ROWS} more integrations (healthiest not listed)`] : [];
  return monoSections(`*Integrations* (${integrations.length}, worst first)`, [head, ...rows], more);
}

function criticalIssueBlocks(integrations: IntegrationReport[]): KnownBlock[] {
  const withIssues = integrations
    .map((i) => ({
      integration: i,
      issues: i.issues.filter((x) => x.severity === 'critical' || x.severity === 'high'),
    }))
    .filter((x) => x.issues.length > 0)
    .sort((a, b) => a.integration.score - b.integration.score);
  if (withIssues.length === 0) return [];
  const blocks: KnownBlock[] = [section('*Critical issues*')];
  for (const { integration, issues } of withIssues.slice(0, DETAIL_INTEGRATIONS)) {
    blocks.push(section(issueDetail(integration, issues)));
  }
  if (withIssues.length > DETAIL_INTEGRATIONS) {
    blocks.push(context(`+${withIssues.length - DETAIL_INTEGRATIONS} more integrations with critical or high issues`));
  }
  return blocks;
}

function issueDetail(integration: IntegrationReport, issues: Issue[]): string {
  const sorted = [...issues].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  const lines = [`*${integration.name}* — score ${integration.score}/100, trend ${integration.trend.direction}`];
  for (const issue of sorted.slice(0, 5)) {
    const since = sinceNote(issue);
    lines.push(truncate(`${SEVERITY_EMOJI[issue.severity]} ${issue.title}${since ? ` (${since})` : ''}`, LINE_CHARS));
  }
  if (sorted.length > 5) lines.push(`+${sorted.length - 5} more issues`);
  const weeks = integration.weeklyErrorRate.slice(-8);
  if (weeks.length > 0) {
    const max = Math.max(...weeks.map((w) => w.rate), 0);
    const bars = weeks.map((w) => {
      const filled = max === 0 ? 0 : Math.round((w.rate / max) * BAR_WIDTH);
      return `${w.weekStart.slice(5, 10)} ${'▇'.repeat(filled).padEnd(BAR_WIDTH, ' ')} ${pct(w.rate).padStart(6)}`;
    });
    lines.push(`Error rate by week:\n\`\`\`${bars.join('\n')}\`\`\``);
  }
  const top = integration.errorCodes.slice(0, 3);
  if (top.length > 0) {
    lines.push('Top errors:');
    for (const e of top) {
      lines.push(truncate(`• \`${e.code}\` ×${num(e.count)} (${pct(e.share)}) — ${e.meaning}`, LINE_CHARS));
    }
  }
  return truncate(lines.join('\n'), LIMITS.sectionText);
}

function webhookBlocks(integrations: IntegrationReport[]): KnownBlock[] {
  const failing = integrations.filter(
    (i) => (i.webhook && i.webhook.successRate < 1) || i.issues.some((x) => x.kind === 'webhook_failures'),
  );
  if (failing.length === 0) return [];
  const lines = failing.map((i) => {
    const w = i.webhook;
    const reasons = w?.failureReasons
      .slice(0, 3)
      .map((r) => `${r.reason} ×${num(r.count)}`)
      .join(', ');
    const rate = w ? `${pct(w.successRate)} of ${num(w.deliveries)} deliveries succeeded` : 'webhook failures';
    return `• *${i.name}*: ${rate}${reasons ? ` — ${reasons}` : ''}`;
  });
  return listSection('*Webhook issues*', lines);
}

function latencyBlocks(integrations: IntegrationReport[]): KnownBlock[] {
  const measured = integrations.filter((i) => i.latency.p95 !== null);
  if (measured.length === 0) return [];
  const ratio = (i: IntegrationReport) => (i.latency.p95 ?? 0) / i.latency.slaMs;
  const sorted = [...measured].sort((a, b) => ratio(b) - ratio(a));
  const head = `${pad('integration', 22)} ${'p95'.padStart(8)} ${'SLA'.padStart(8)}`;
  const rows = sorted.slice(0, LIST_ITEMS).map((i) => {
    const mark = ratio(i) > 1 ? '✗ over' : '✓';
    return `${pad(i.name, 22)} ${`${Math.round(i.latency.p95 ?? 0)}ms`.padStart(8)} ${`${i.latency.slaMs}ms`.padStart(8)} ${mark}`;
  });
  const more = sorted.length > LIST_ITEMS ? [`+${sorted.length - LIST_ITEMS} more within SLA or closer to it`] : [];
  return monoSections('*Latency vs SLA* (p95)', [head, ...rows], more);
}

function riskBlocks(report: HealthReport): KnownBlock[] {
  if (report.risks.length === 0) return [];
  const order = { High: 0, Medium: 1, Low: 2 };
  const lines = [...report.risks]
    .sort((a, b) => order[a.level] - order[b.level])
    .map((r) => `• *${r.level}* — ${r.factor}${r.integration ? ` (${r.integration})` : ''}: ${r.businessImpact}`);
  return listSection('*Technical risks*', lines);
}

function recommendationBlocks(report: HealthReport): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  for (const [horizon, title] of [
    ['immediate', '*Recommendations — immediate*'],
    ['short_term', '*Recommendations — short term*'],
  ] as const) {
    const lines = report.recommendations
      .filter((r) => r.horizon === horizon)
      .map((r) => `• ${r.integration ? `*${r.integration}*: ` : ''}${r.title} — ${r.detail}`);
    if (lines.length > 0) blocks.push(...listSection(title, lines));
  }
  return blocks;
}

function skippedBlocks(report: HealthReport): KnownBlock[] {
  if (report.skipped.total === 0) return [];
  const reasons = Object.entries(report.skipped.byReason)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([reason, count]) => `${reason} ×${num(count)}`)
    .join('; ');
  const first = report.skipped.first
    .slice(0, 3)
    .map((s) => `line ${s.line}: ${s.reason}`)
    .join('; ');
  return [
    context(
      `:warning: Skipped ${num(report.skipped.total)} of ${num(report.counts.records + report.skipped.total)} rows — ${reasons}${first ? `. First: ${first}` : ''}`,
    ),
  ];
}

function actionsBlock(reportId: string): ActionsBlock {
  const button = (actionId: string, label: string, style?: 'primary') => ({
    type: 'button' as const,
    action_id: actionId,
    text: { type: 'plain_text' as const, text: label },
    value: reportId,
    ...(style ? { style } : {}),
  });
  return {
    type: 'actions',
    block_id: 'report.actions',
    elements: [
      button(ACTION.reportCreateTicket, 'Create Support Ticket', 'primary'),
      button(ACTION.reportScheduleCall, 'Schedule Technical Call'),
      button(ACTION.reportDraftReport, 'Draft Technical Report'),
      button(ACTION.reportUpdateRiskSignals, 'Update Risk Signals'),
    ],
  };
}

/** A bold title followed by bullet lines, capped at LIST_ITEMS, split into sections of ≤3,000 characters. */
function listSection(title: string, lines: string[]): KnownBlock[] {
  const shown = lines.slice(0, LIST_ITEMS).map((l) => truncate(l, LINE_CHARS));
  if (lines.length > LIST_ITEMS) shown.push(`+${lines.length - LIST_ITEMS} more`);
  return chunkLines([title, ...shown], LIMITS.sectionText).map((t) => section(t));
}

/** A title plus a monospaced table split over as many sections as needed; `after` lines follow as context. */
function monoSections(title: string, rows: string[], after: string[] = []): KnownBlock[] {
  const fence = '```';
  const chunks = chunkLines(
    rows.map((r) => truncate(r, LINE_CHARS)),
    LIMITS.sectionText - fence.length * 2 - title.length - 1,
  );
  const blocks: KnownBlock[] = chunks.map((c, i) => section(`${i === 0 ? `${title}\n` : ''}${fence}${c}${fence}`));
  for (const line of after) blocks.push(context(line));
  return blocks;
}

function header(text: string): HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: truncate(text, LIMITS.headerText), emoji: true } };
}

function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) } };
}

function context(text: string): ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, LIMITS.sectionFieldText) }] };
}

function pad(text: string, width: number): string {
  return truncate(text, width).padEnd(width, ' ');
}

function pct(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

function num(n: number): string {
  return n.toLocaleString('en-US');
}
