import type { KnownBlock } from '@slack/types';
import type { TechnicalEnvironment } from '../src/domain/environment/summary.js';
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
  quickActions,
  RELEVANCE,
  section,
  sparkline,
} from './environment-format.js';
import { formatAgo, SEVERITY_EMOJI, SEVERITY_LABEL, safeText } from './format.js';
import { ENVIRONMENT_ACTION } from './ids.js';
import { LIMITS, truncate } from './limits.js';
import type { SlackMessage } from './report-message.js';

/** Lines per list in the summary message; the details modal has the rest. */
const SUMMARY_INTEGRATIONS = 8;
const SUMMARY_ISSUES = 5;
const SUMMARY_RECOMMENDATIONS = 5;
const SUMMARY_OPPORTUNITIES = 3;
/** Characters per list line (customer-supplied text can be long). */
const LINE = 220;

/**
 * The technical environment summary message (`/techhealth acme`, "what's the technical setup for Acme?",
 * Request SE Support): health score gauge with its components, environment and compliance, integrations
 * (first 8, with what needs attention), API usage vs limits with the projection warning, API health vs
 * benchmarks with a 30-day sparkline, top endpoints, security score, tech stack and opportunities, issues,
 * top recommendations, the primary contact, what is not reported, a View details button and the quick
 * actions. Whatever the input it stays within 50 blocks and Slack's text limits (lists are cut with
 * "+N more in details").
 * @example buildEnvironmentSummary(env, { now }).blocks[0] // header 'Technical environment — Acme Corp'
 */
export function buildEnvironmentSummary(env: TechnicalEnvironment, opts: { now: number }): SlackMessage {
  const h = env.healthScore;
  const c = h.components;
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncate(`Technical environment — ${env.customer.name}`, LIMITS.headerText),
        emoji: true,
      },
    },
    section(`*Technical health* ${gauge(h.score, h.rating)}`),
    fields([
      ['Integrations', outOf100(c.integrations)],
      ['API usage', outOf100(c.apiUsage)],
      ['Security', outOf100(c.security)],
      ['Compliance', complianceLine(env)],
      ['Deployment', safeText(env.environment.deploymentType ?? 'not reported', 200)],
      ['Data residency', safeText(residency(env), 300)],
    ]),
    { type: 'divider' },
    section(integrationLines(env, opts.now)),
    section(usageLines(env)),
    section(securityLines(env)),
    section(stackLines(env)),
    { type: 'divider' },
    section(
      listLines(
        'Active issues',
        env.issues.map(
          (i) => `${SEVERITY_EMOJI[i.severity]} ${SEVERITY_LABEL[i.severity]} · ${safeText(i.title, LINE)}`,
        ),
        SUMMARY_ISSUES,
        'None open.',
      ),
    ),
    section(
      listLines(
        'Recommendations',
        env.recommendations.map((r, k) => `${k + 1}. ${PRIORITY[r.priority]} · ${safeText(r.text, LINE)}`),
        SUMMARY_RECOMMENDATIONS,
        'None.',
      ),
    ),
    section(contactLine(env)),
  ];
  if (env.notReported.length > 0) {
    blocks.push(context(`*Not reported:* ${env.notReported.map((n) => `${n.what} (${n.howToProvide})`).join(' · ')}`));
  }
  blocks.push(
    {
      type: 'actions',
      elements: [
        button('View details', ENVIRONMENT_ACTION.viewDetails, env.customer.id, 'primary'),
        ...quickActions(env),
      ],
    },
    context(`Generated ${formatAgo(env.generatedAt, opts.now)} from stored data`),
  );
  const score = h.score === null ? 'score not reported' : `score ${h.score}/100`;
  return {
    text: `Technical environment for ${env.customer.name}: ${score}, ${env.integrations.needsAttention} integration(s) need attention`,
    blocks,
  };
}

function residency(env: TechnicalEnvironment): string {
  const e = env.environment;
  if (!e.dataResidency) return 'not reported';
  return e.backupRegion ? `${e.dataResidency} (backup ${e.backupRegion})` : e.dataResidency;
}

function integrationLines(env: TechnicalEnvironment, now: number): string {
  const i = env.integrations;
  if (!i.reported) return '*Integrations*\n_not reported_';
  if (i.items.length === 0) return '*Integrations*\nNo integrations connected.';
  // Those needing attention first, so they are never cut.
  const sorted = [...i.items].sort((a, b) => Number(Boolean(b.attention)) - Number(Boolean(a.attention)));
  const lines = sorted.slice(0, SUMMARY_INTEGRATIONS).map((x) => {
    const sync = x.lastSuccessfulSync ? ` · last sync ${formatAgo(x.lastSuccessfulSync, now)}` : '';
    const dir = x.direction ? ` · ${safeText(x.direction, 30)}` : '';
    const line = `${INTEGRATION_STATUS[x.status] ?? x.status} *${safeText(x.name, 80)}*${sync}${dir}`;
    return x.attention ? `${line}\n    ↳ ${safeText(x.attention.recommendedAction, LINE)}` : line;
  });
  const head = `*Integrations* (${i.items.length}, ${i.needsAttention} need attention)`;
  return fitLines(head, lines, i.items.length);
}

function usageLines(env: TechnicalEnvironment): string {
  const u = env.apiUsage;
  const known = u.limits.filter((l) => l.used !== null || l.limit !== null);
  const lines = ['*API usage vs limits*'];
  if (known.length === 0) lines.push('_not reported_');
  for (const l of known) {
    const warn = l.level === 'high' || l.level === 'over' ? ' :warning:' : '';
    lines.push(`${l.label}: ${count(l.used)} / ${count(l.limit)} (${percent(l.fraction)})${warn}`);
  }
  const p = u.projection;
  if (p?.warning) {
    lines.push(
      `:warning: Projected ${count(p.projectedCalls)} calls this month (${percent(p.projectedFraction)}): the limit is reached on *${p.crossesOn}*, before the month ends`,
    );
  } else if (p) {
    lines.push(
      `Projected ${count(p.projectedCalls)} calls by month end${p.projectedFraction === null ? '' : ` (${percent(p.projectedFraction)} of the limit)`}`,
    );
  }
  const hl = u.health;
  if (hl) {
    const ms = hl.responseMs.value === null ? '–' : `${Math.round(hl.responseMs.value)} ms`;
    lines.push(
      `*API health (${hl.days} d)* ${mark(hl.errorRate.met)} errors ${percent(hl.errorRate.value)} (< 1%) · ${mark(hl.rateLimitHits.met)} rate-limit hits ${count(hl.rateLimitHits.value)} · ${mark(hl.responseMs.met)} response ${ms} (< 200 ms)`,
    );
    const spark = sparkline(hl.series.map((d) => d.calls));
    if (spark) lines.push(`Calls per day: \`${spark}\``);
  } else lines.push('API health (30 days): _not reported_');
  if (u.topEndpoints.length > 0) {
    lines.push(
      `Top endpoints: ${u.topEndpoints
        .slice(0, 3)
        .map((e) => `\`${safeText(e.endpoint.replace(/`/g, "'"), 60)}\` ${percent(e.share)}`)
        .join(', ')}`,
    );
  }
  return lines.join('\n');
}

function securityLines(env: TechnicalEnvironment): string {
  const s = env.security.score;
  const lines = [`*Security* ${gauge(s.score, s.rating)}`];
  if (s.score !== null) {
    lines.push(
      s.checks
        .map(
          (c) =>
            `${c.status === 'pass' ? ':white_check_mark:' : c.status === 'not_reported' ? ':heavy_minus_sign:' : ':x:'} ${c.label}`,
        )
        .join(' · '),
    );
  }
  if (s.recommendations[0]) lines.push(`Top fix: ${s.recommendations[0].text}`);
  return lines.join('\n');
}

function stackLines(env: TechnicalEnvironment): string {
  const t = env.techStack;
  if (!t.reported) return '*Tech stack*\n_not reported_';
  const counts = Object.keys(RELEVANCE)
    .map((k) => [k, t.entries.filter((e) => e.relevance === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${RELEVANCE[k]} ${n}`);
  const lines = [`*Tech stack* (${t.entries.length}) ${counts.join(' · ')}`];
  for (const o of t.opportunities.slice(0, SUMMARY_OPPORTUNITIES))
    lines.push(`• Opportunity: *${safeText(o.displayName, 60)}* — ${safeText(o.reason, LINE)}`);
  if (t.opportunities.length > SUMMARY_OPPORTUNITIES)
    lines.push(`+${t.opportunities.length - SUMMARY_OPPORTUNITIES} more opportunities in details`);
  return lines.join('\n');
}

function listLines(title: string, lines: string[], max: number, none: string): string {
  if (lines.length === 0) return `*${title}*\n${none}`;
  return fitLines(`*${title}*`, lines.slice(0, max), lines.length);
}

/**
 * `head` and as many of `lines` as fit in one section (leaving room for the count line), then
 * "+N more in details" for the rest of `total`.
 */
function fitLines(head: string, lines: string[], total: number): string {
  const budget = LIMITS.sectionText - 40;
  let text = head;
  let shown = 0;
  for (const line of lines) {
    if (text.length + 1 + line.length > budget) break;
    text += `\n${line}`;
    shown += 1;
  }
  return total > shown ? `${text}\n+${total - shown} more in details` : text;
}

function contactLine(env: TechnicalEnvironment): string {
  const { list, primary } = env.contacts;
  if (list.length === 0) return '*Technical contacts*\n_not reported_';
  const p = primary
    ? `:star: ${safeText(primary.name, 100)}${primary.role ? `, ${safeText(primary.role, 100)}` : ''}${primary.email ? ` · ${safeText(primary.email, 100)}` : ''}`
    : 'no primary contact';
  return `*Technical contacts* (${list.length})\n${p}`;
}
