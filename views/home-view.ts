import type { HomeView, KnownBlock } from '@slack/types';
import type { HealthStatus } from '../src/domain/report/types.js';
import { ACTION, SLASH_COMMAND } from './ids.js';
import { chunkLines, LIMITS, truncate } from './limits.js';

export interface HomeCustomer {
  id: string;
  name: string;
  /** The latest report's headline, or null when the customer was never scored. */
  latest: { score: number; status: HealthStatus; generatedAt: string } | null;
}

const STATUS_EMOJI: Record<HealthStatus, string> = {
  healthy: ':large_green_circle:',
  at_risk: ':large_yellow_circle:',
  critical: ':red_circle:',
};

/**
 * The Home tab: the CSM's customers with their latest technical health score, worst first (never-scored
 * customers last), or onboarding text when the CSM has none. A Home tab may hold 100 blocks; the list is
 * packed into sections of up to 3,000 characters, so hundreds of customers fit in a handful of blocks and
 * the rest are counted.
 * @example buildHomeView({ customers: [] }).blocks[1] // onboarding section
 */
export function buildHomeView(model: { customers: HomeCustomer[]; integrations?: HomeView }): HomeView {
  if (model.integrations) return withIntegrations(buildHomeView({ customers: model.customers }), model.integrations);
  const header: KnownBlock = { type: 'header', text: { type: 'plain_text', text: 'Technical health', emoji: true } };
  const refresh: KnownBlock = {
    type: 'actions',
    block_id: 'home.actions',
    elements: [
      {
        type: 'button',
        action_id: ACTION.homeRefresh,
        text: { type: 'plain_text', text: 'Refresh', emoji: true },
        value: 'refresh',
      },
    ],
  };
  if (model.customers.length === 0) {
    return {
      type: 'home',
      blocks: [
        header,
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: [
              '*Welcome to TechHealth.* You have no customers assigned yet.',
              "• Upload a customer's integration logs (CSV or JSON) into a channel with the bot, or DM them to the bot, to get a 0–100 technical health score with reasons.",
              `• \`${SLASH_COMMAND} <customer>\` shows a customer's latest score and open issues.`,
              `• \`${SLASH_COMMAND} help\` lists everything the bot does.`,
            ].join('\n'),
          },
        },
        refresh,
      ],
    };
  }
  const rank = (c: HomeCustomer) => (c.latest ? c.latest.score : Number.POSITIVE_INFINITY);
  const sorted = [...model.customers].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  const lines = sorted.map((c) =>
    c.latest
      ? `${STATUS_EMOJI[c.latest.status]} *${truncate(c.name, 80)}* — ${c.latest.score}/100 · scored ${c.latest.generatedAt.slice(0, 10)}`
      : `:white_circle: *${truncate(c.name, 80)}* — not scored yet`,
  );
  // Leave room for the header, the count, the refresh button and a "+N more" note.
  const maxSections = LIMITS.viewBlocks - 4;
  const chunks = chunkLines(lines, LIMITS.sectionText);
  const shown = chunks.slice(0, maxSections);
  const listed = shown.reduce((n, c) => n + c.split('\n').length, 0);
  const blocks: KnownBlock[] = [
    header,
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `${sorted.length} customer${sorted.length === 1 ? '' : 's'}, worst first` }],
    },
    ...shown.map((text): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } })),
  ];
  if (listed < sorted.length) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `+${sorted.length - listed} more customers` }] });
  }
  blocks.push(refresh);
  return { type: 'home', blocks };
}

/** Sections the customer list may take above the integration dashboard (which takes at most 45 blocks). */
const CUSTOMER_SECTIONS_WITH_DASHBOARD = 8;

/**
 * The customers part on top (its refresh button dropped: the dashboard has one), a divider, then the
 * integration dashboard. With no customers yet the welcome text stays and the dashboard explains itself.
 */
function withIntegrations(customers: HomeView, integrations: HomeView): HomeView {
  const own = customers.blocks.filter((b) => b.type !== 'actions');
  const sections = own.filter((b) => b.type === 'section');
  const kept = own.filter((b) => b.type !== 'section' || sections.indexOf(b) < CUSTOMER_SECTIONS_WITH_DASHBOARD);
  const cut = sections.length - CUSTOMER_SECTIONS_WITH_DASHBOARD;
  if (cut > 0)
    kept.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `+${cut} more sections of customers: use \`${SLASH_COMMAND} <customer>\`` }],
    });
  const blocks = [...kept, { type: 'divider' } as KnownBlock, ...integrations.blocks].slice(0, LIMITS.viewBlocks);
  return { type: 'home', blocks };
}
