import type { KnownBlock, ModalView } from '@slack/types';
import type { IntegrationSummary, TechnicalEnvironment } from '../src/domain/environment/summary.js';
import {
  button,
  complianceLine,
  context,
  count,
  fields,
  gauge,
  INTEGRATION_STATUS,
  mark,
  outOf100,
  PRIORITY,
  percent,
  RELEVANCE,
  section,
  sparkline,
} from './environment-format.js';
import { formatAgo, inlineCode, SEVERITY_EMOJI, SEVERITY_LABEL, safeText } from './format.js';
import { ENVIRONMENT_ACTION } from './ids.js';
import { chunkLines, LIMITS, truncate } from './limits.js';

/** Integrations shown in full in the modal (each takes two blocks); the rest are listed by name. */
export const MODAL_INTEGRATIONS = 20;
const LINE = 300;

/**
 * The details modal of the environment summary (View details): every section in full — each integration
 * with connected since, sync frequency, success rate, records synced, last error and configuration (and a
 * Send Alert to Customer button when it needs attention), every limit, API health and the 30-day series,
 * endpoints, the security checklist with all recommendations, compliance, the whole tech stack with its
 * relevance and the opportunities, issues, recommendations, every contact and what is not reported.
 * Read-only (Close, no submit). Stays within 100 blocks: integrations past 20 are listed by name only,
 * long lists are chunked into sections of at most 3,000 characters and cut with "+N more".
 * @example buildEnvironmentModal(env, { now }).title.text // 'Technical environment'
 */
export function buildEnvironmentModal(env: TechnicalEnvironment, opts: { now: number }): ModalView {
  const h = env.healthScore;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(env.customer.name, LIMITS.headerText), emoji: true } },
    section(`*Technical health* ${gauge(h.score, h.rating)}`),
    fields([
      ['Integrations', outOf100(h.components.integrations)],
      ['API usage', outOf100(h.components.apiUsage)],
      ['Security', outOf100(h.components.security)],
      ['Deployment', safeText(env.environment.deploymentType ?? 'not reported', 200)],
      ['Data residency', safeText(env.environment.dataResidency ?? 'not reported', 200)],
      ['Backup region', safeText(env.environment.backupRegion ?? 'not reported', 200)],
    ]),
    section(`*Compliance*\n${complianceLine(env)}`),
    { type: 'divider' },
    ...integrationBlocks(env, opts.now),
    { type: 'divider' },
    ...usageBlocks(env),
    { type: 'divider' },
    ...securityBlocks(env),
    { type: 'divider' },
    ...textBlocks(
      'Tech stack',
      env.techStack.entries.map(
        (e) =>
          `${RELEVANCE[e.relevance]} · *${safeText(e.technology, 100)}* (${safeText(e.category, 60)}, ${safeText(e.source, 60)}${e.detectedAt ? `, ${e.detectedAt}` : ''})`,
      ),
      env.techStack.reported ? 'No technologies listed.' : '_not reported_',
      8,
    ),
    ...textBlocks(
      'Integration opportunities',
      env.techStack.opportunities.map(
        (o, k) => `${k + 1}. *${safeText(o.displayName, 60)}* — ${safeText(o.reason, LINE)}`,
      ),
      'None found.',
      3,
    ),
    { type: 'divider' },
    ...peopleAndActions(env, opts.now),
  ];
  if (env.notReported.length > 0) {
    blocks.push(
      ...textBlocks(
        'Not reported',
        env.notReported.map((n) => `• ${safeText(n.what, 200)} — ${safeText(n.howToProvide, 200)}`),
        '',
        2,
      ),
    );
  }
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'Technical environment' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: blocks.slice(0, LIMITS.viewBlocks),
  };
}

/** Active issues, recommendations and technical contacts, in full. */
function peopleAndActions(env: TechnicalEnvironment, now: number): KnownBlock[] {
  return [
    ...textBlocks(
      'Active issues',
      env.issues.map(
        (i) =>
          `${SEVERITY_EMOJI[i.severity]} ${SEVERITY_LABEL[i.severity]} · ${safeText(i.title, LINE)} · open ${formatAgo(i.openedAt, now)}`,
      ),
      'None open.',
      4,
    ),
    ...textBlocks(
      'Recommendations',
      env.recommendations.map((r, k) => `${k + 1}. ${PRIORITY[r.priority]} · ${safeText(r.text, LINE)}`),
      'None.',
      6,
    ),
    ...textBlocks(
      'Technical contacts',
      env.contacts.list.map(
        (p) =>
          `${p.primary ? ':star: ' : ''}*${safeText(p.name, 100)}*${p.role ? ` — ${safeText(p.role, 100)}` : ''}${p.email ? ` · ${safeText(p.email, 100)}` : ''}${p.technicalLevel ? ` · technical level ${p.technicalLevel}` : ''}`,
      ),
      '_not reported_',
      3,
    ),
  ];
}

/** A titled list as sections of ≤ 3,000 characters, at most `maxBlocks` of them, then "+N more". */
function textBlocks(title: string, lines: string[], none: string, maxBlocks: number): KnownBlock[] {
  if (lines.length === 0) return none ? [section(`*${title}*\n${none}`)] : [];
  const chunks = chunkLines([`*${title}* (${lines.length})`, ...lines], LIMITS.sectionText);
  const shown = chunks.slice(0, maxBlocks);
  const blocks: KnownBlock[] = shown.map((t) => section(t));
  if (chunks.length > maxBlocks) {
    const shownLines = shown.reduce((n, t) => n + t.split('\n').length, 0) - 1;
    blocks.push(context(`+${lines.length - shownLines} more`));
  }
  return blocks;
}

function integrationBlocks(env: TechnicalEnvironment, now: number): KnownBlock[] {
  const i = env.integrations;
  if (!i.reported) return [section('*Integrations*\n_not reported_')];
  if (i.items.length === 0) return [section('*Integrations*\nNo integrations connected.')];
  const sorted = [...i.items].sort((a, b) => Number(Boolean(b.attention)) - Number(Boolean(a.attention)));
  const blocks: KnownBlock[] = [section(`*Integrations* (${i.items.length}, ${i.needsAttention} need attention)`)];
  for (const [k, x] of sorted.slice(0, MODAL_INTEGRATIONS).entries()) blocks.push(...integrationDetail(x, k, now));
  const rest = sorted.slice(MODAL_INTEGRATIONS);
  if (rest.length > 0) {
    blocks.push(
      context(`+${rest.length} more: ${rest.map((x) => `${safeText(x.name, 60)} (${x.status})`).join(', ')}`),
    );
  }
  return blocks;
}

function integrationDetail(x: IntegrationSummary, index: number, now: number): KnownBlock[] {
  const when = (at: number | null | undefined) => (at ? formatAgo(at, now) : 'not reported');
  const config =
    x.configuration && Object.keys(x.configuration).length > 0
      ? safeText(JSON.stringify(x.configuration), 300)
      : 'not reported';
  const head = section(
    `${INTEGRATION_STATUS[x.status] ?? x.status} *${safeText(x.name, 100)}* · ${safeText(x.type, 40)}${x.direction ? ` · ${safeText(x.direction, 40)}` : ''}${x.critical ? ' · critical' : ''}`,
  );
  if (x.attention) {
    head.accessory = button('Send Alert to Customer', `${ENVIRONMENT_ACTION.sendAlert}:${index}`, x.id, 'danger');
  }
  const detail = fields([
    ['Connected since', when(x.connectedAt)],
    ['Last sync', when(x.lastSuccessfulSync)],
    ['Sync frequency', safeText(x.syncFrequency ?? 'not reported', 100)],
    ['Success rate', x.successRate === null || x.successRate === undefined ? 'not reported' : percent(x.successRate)],
    ['Records synced', count(x.recordsSynced)],
    [
      'Last error',
      x.lastError
        ? `${x.lastError.code ? `${inlineCode(x.lastError.code, 40)} ` : ''}${safeText(x.lastError.message, 500)}`
        : 'none',
    ],
    ['Configuration', config],
    ...(x.attention
      ? ([
          [
            'Issue',
            `${safeText(x.attention.issue, 200)}${x.attention.endpoint ? ` at ${inlineCode(x.attention.endpoint, 200)}` : ''}`,
          ],
          ['Recommended action', safeText(x.attention.recommendedAction, 500)],
        ] as [string, string][])
      : []),
  ]);
  return [head, detail];
}

function usageBlocks(env: TechnicalEnvironment): KnownBlock[] {
  const u = env.apiUsage;
  const lines = [
    '*API usage vs limits*',
    ...u.limits.map((l) => `${l.label}: ${count(l.used)} / ${count(l.limit)} (${percent(l.fraction)})`),
  ];
  const p = u.projection;
  if (p) {
    lines.push(
      `Month-end projection: ${count(p.projectedCalls)} calls at ${count(Math.round(p.dailyRate))}/day (${p.method === 'daily_series' ? 'last 7 days' : 'month to date'})${p.projectedFraction === null ? '' : `, ${percent(p.projectedFraction)} of the limit`}${p.warning ? ` — :warning: limit reached on *${p.crossesOn}*` : ''}; resets ${p.resetsOn}`,
    );
  } else lines.push('Month-end projection: _not reported_ (needs apiCallsThisMonth)');
  const blocks: KnownBlock[] = [section(lines.join('\n'))];
  const hl = u.health;
  if (hl) {
    const ms = hl.responseMs.value === null ? '–' : `${Math.round(hl.responseMs.value)} ms`;
    blocks.push(
      section(
        [
          `*API health over ${hl.days} days* (${count(hl.totalCalls)} calls)`,
          `${mark(hl.errorRate.met)} Error rate ${percent(hl.errorRate.value)} (benchmark ${hl.errorRate.benchmark})`,
          `${mark(hl.rateLimitHits.met)} Rate-limit hits ${count(hl.rateLimitHits.value)} (benchmark ${hl.rateLimitHits.benchmark})`,
          `${mark(hl.responseMs.met)} Mean response ${ms} (benchmark ${hl.responseMs.benchmark})`,
          `Calls per day \`${sparkline(hl.series.map((d) => d.calls)) || '–'}\` (${hl.series[0].date} – ${hl.series[hl.series.length - 1].date})`,
        ].join('\n'),
      ),
    );
  } else blocks.push(section('*API health (30 days)*\n_not reported_'));
  if (u.topEndpoints.length > 0) {
    blocks.push(
      section(
        [
          '*Most used endpoints*',
          ...u.topEndpoints.map((e) => `${inlineCode(e.endpoint, 120)} ${count(e.calls)} (${percent(e.share)})`),
        ].join('\n'),
      ),
    );
  }
  return blocks;
}

function securityBlocks(env: TechnicalEnvironment): KnownBlock[] {
  const s = env.security.score;
  const checks = s.checks.map(
    (c) =>
      `${c.status === 'pass' ? ':white_check_mark:' : c.status === 'not_reported' ? ':heavy_minus_sign:' : ':x:'} ${c.label} — ${safeText(c.detail, 100)} (${c.earned === null ? 'not scored' : `${c.earned}/${c.weight}`})`,
  );
  const coverage = s.score === null ? '' : ` over ${s.assessedWeight}% of the checklist`;
  return [
    section([`*Security* ${gauge(s.score, s.rating)}${coverage}`, ...checks].join('\n')),
    ...textBlocks(
      'Security recommendations',
      s.recommendations.map((r) => `• ${safeText(r.text, LINE)}`),
      'None.',
      1,
    ),
  ];
}
