import type { ActionsBlock, HomeView, KnownBlock, PlainTextOption } from '@slack/types';
import type { IntegrationHealthCheck, OnboardingStatus } from '../src/domain/onboarding/types.js';
import { safeText } from './format.js';
import { ACTION, ONBOARDING_ACTION, onboardingListActionId } from './ids.js';
import { LIMITS, truncate } from './limits.js';
import {
  issueLine,
  ONBOARDING_STATUS_EMOJI,
  ONBOARDING_STATUS_LABEL,
  ONBOARDING_STATUS_RANK,
  timelineText,
  usageText,
} from './onboarding-format.js';

export type DashboardFilter = OnboardingStatus | 'all';

export interface IntegrationDashboardModel {
  /** Every integration of the CSM's customers (unfiltered, any order). */
  integrations: IntegrationHealthCheck[];
  filter: DashboardFilter;
  /** 0-based page; out-of-range pages show the nearest one. */
  page: number;
}

/**
 * Integrations per page. Each takes one section (plus one customer heading at most), so a page holds
 * 3 + 2 × 20 + 2 = 45 blocks, well inside the Home tab's 100, whatever the portfolio size.
 */
export const DASHBOARD_PAGE_SIZE = 20;
const ISSUES_SHOWN = 3;
const FILTERS: DashboardFilter[] = ['all', 'critical', 'warning', 'unknown', 'healthy'];

/**
 * The Home tab's integration dashboard: every integration of the CSM's customers grouped by customer,
 * customers and integrations worst first (critical, warning, not checked yet, healthy; then by name), with
 * a status filter, an Add integration button and a pager. Each integration shows its status, category and
 * purpose, the day 0/1/7/30 check timeline, usage figures and its last issues, with a View button
 * (`onboarding.view_integration:<i>`, value = integration id). With no integrations at all it explains how
 * integrations appear. Limits: {@link DASHBOARD_PAGE_SIZE} integrations per page, texts cut to their limits.
 *
 * @param opts.now epoch ms; opts.timeZone the CSM's IANA zone
 * @example buildIntegrationDashboard({ integrations: [], filter: 'all', page: 0 }, { now, timeZone: 'UTC' }).blocks[1]
 * // the first-time explanation
 */
export function buildIntegrationDashboard(
  model: IntegrationDashboardModel,
  opts: { now: number; timeZone: string },
): HomeView {
  const header: KnownBlock = { type: 'header', text: { type: 'plain_text', text: 'Integrations', emoji: true } };
  if (model.integrations.length === 0) {
    return { type: 'home', blocks: [header, firstTimeSection(), controls('all', false)] };
  }
  const counts = countByStatus(model.integrations);
  const filtered = model.integrations.filter((r) => model.filter === 'all' || r.status === model.filter);
  const ordered = worstFirst(filtered);
  const pages = Math.max(1, Math.ceil(ordered.length / DASHBOARD_PAGE_SIZE));
  const page = Math.min(Math.max(0, Math.floor(model.page) || 0), pages - 1);
  const shown = ordered.slice(page * DASHBOARD_PAGE_SIZE, (page + 1) * DASHBOARD_PAGE_SIZE);
  const summary = (['critical', 'warning', 'unknown', 'healthy'] as const)
    .map((s) => `${ONBOARDING_STATUS_EMOJI[s]} ${counts[s]} ${ONBOARDING_STATUS_LABEL[s].toLowerCase()}`)
    .join(' · ');
  const blocks: KnownBlock[] = [
    header,
    { type: 'context', elements: [{ type: 'mrkdwn', text: `${model.integrations.length} integrations: ${summary}` }] },
    controls(model.filter, true),
  ];
  if (shown.length === 0) {
    const label = ONBOARDING_STATUS_LABEL[model.filter as OnboardingStatus].toLowerCase();
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `No integration is *${label}* right now.` } });
  }
  let lastCustomer: string | null = null;
  shown.forEach((record, i) => {
    if (record.customer.id !== lastCustomer) {
      lastCustomer = record.customer.id;
      const continued =
        i === 0 && page > 0 && ordered[page * DASHBOARD_PAGE_SIZE - 1]?.customer.id === record.customer.id;
      const text = `*${safeText(record.customer.name, 150)}*${continued ? ' (continued)' : ''}`;
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
    }
    blocks.push(integrationSection(record, i, opts));
  });
  if (pages > 1) blocks.push(...pager(page, pages, ordered.length, model.filter));
  return { type: 'home', blocks };
}

function firstTimeSection(): KnownBlock {
  const text = [
    '*No integrations yet.* TechHealth finds a new integration when your customer connects it (a `connected`, OAuth or API key event), when a customer file lists it, or when you add it here.',
    'Each one is checked on day 0 (connection), day 1 (first sync), day 7 (usage) and day 30 (value); you get a DM when something needs attention, and a draft email for the customer.',
    '• Press *Add integration* to add one by hand.',
  ].join('\n');
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function controls(filter: DashboardFilter, withFilter: boolean): ActionsBlock {
  const option = (f: DashboardFilter): PlainTextOption => ({
    text: { type: 'plain_text', text: f === 'all' ? 'All statuses' : ONBOARDING_STATUS_LABEL[f] },
    value: f,
  });
  const elements: ActionsBlock['elements'] = [
    {
      type: 'button',
      action_id: ONBOARDING_ACTION.addIntegration,
      text: { type: 'plain_text', text: 'Add integration', emoji: true },
      value: 'add',
      style: 'primary',
    },
  ];
  if (withFilter) {
    elements.push({
      type: 'static_select',
      action_id: ONBOARDING_ACTION.dashboardFilter,
      placeholder: { type: 'plain_text', text: 'Filter by status' },
      options: FILTERS.map(option),
      initial_option: option(filter),
    });
  }
  elements.push({
    type: 'button',
    action_id: ACTION.homeRefresh,
    text: { type: 'plain_text', text: 'Refresh', emoji: true },
    value: 'refresh',
  });
  return { type: 'actions', block_id: 'onboarding.controls', elements };
}

function integrationSection(record: IntegrationHealthCheck, index: number, opts: { now: number; timeZone: string }) {
  const { integration: it, status } = record;
  const lines = [
    `${ONBOARDING_STATUS_EMOJI[status]} *${safeText(it.name, 100)}* — ${ONBOARDING_STATUS_LABEL[status]} · ${safeText(it.category, 40)}: ${safeText(it.purpose, 150)}`,
    `Check-ups: ${timelineText(record.checks, it.connectedAt)}`,
    `Usage: ${usageText(record.usage, opts.now)}`,
  ];
  const issues = [...record.issues].sort((a, b) => b.openedAt - a.openedAt);
  for (const issue of issues.slice(0, ISSUES_SHOWN)) lines.push(issueLine(issue, opts.now, opts.timeZone));
  if (issues.length > ISSUES_SHOWN) lines.push(`+${issues.length - ISSUES_SHOWN} more issues`);
  const block: KnownBlock = {
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(lines.join('\n'), LIMITS.sectionText) },
    accessory: {
      type: 'button',
      action_id: onboardingListActionId(ONBOARDING_ACTION.viewIntegration, index),
      text: { type: 'plain_text', text: 'View integration', emoji: true },
      value: it.id,
    },
  };
  return block;
}

/** Pager buttons carry the filter with the page (`<filter>|<page>`), so paging keeps the CSM's filter. */
function pager(page: number, pages: number, total: number, filter: DashboardFilter): KnownBlock[] {
  const first = page * DASHBOARD_PAGE_SIZE + 1;
  const last = Math.min(total, (page + 1) * DASHBOARD_PAGE_SIZE);
  const buttons: ActionsBlock['elements'] = [];
  if (page > 0)
    buttons.push({
      type: 'button',
      action_id: ONBOARDING_ACTION.dashboardPrevious,
      text: { type: 'plain_text', text: 'Previous' },
      value: `${filter}|${page - 1}`,
    });
  if (page < pages - 1)
    buttons.push({
      type: 'button',
      action_id: ONBOARDING_ACTION.dashboardNext,
      text: { type: 'plain_text', text: 'Next' },
      value: `${filter}|${page + 1}`,
    });
  return [
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `Showing ${first}–${last} of ${total} · page ${page + 1} of ${pages}` }],
    },
    { type: 'actions', block_id: 'onboarding.pager', elements: buttons },
  ];
}

function countByStatus(records: readonly IntegrationHealthCheck[]): Record<OnboardingStatus, number> {
  const counts: Record<OnboardingStatus, number> = { critical: 0, warning: 0, unknown: 0, healthy: 0 };
  for (const r of records) counts[r.status]++;
  return counts;
}

/** Customers ordered by their worst integration, then name; each customer's integrations worst first. */
function worstFirst(records: readonly IntegrationHealthCheck[]): IntegrationHealthCheck[] {
  const rank = (r: IntegrationHealthCheck) => ONBOARDING_STATUS_RANK[r.status];
  const byCustomer = new Map<string, IntegrationHealthCheck[]>();
  for (const r of records) {
    const list = byCustomer.get(r.customer.id);
    if (list) list.push(r);
    else byCustomer.set(r.customer.id, [r]);
  }
  const groups = [...byCustomer.values()].map((list) =>
    list.sort((a, b) => rank(a) - rank(b) || a.integration.name.localeCompare(b.integration.name)),
  );
  groups.sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].customer.name.localeCompare(b[0].customer.name));
  return groups.flat();
}
