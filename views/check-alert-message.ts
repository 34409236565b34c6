import type { ActionsBlock, KnownBlock } from '@slack/types';
import type { CatalogEntry } from '../src/domain/onboarding/catalog.js';
import type { CheckFinding, HealthCheck } from '../src/domain/onboarding/types.js';
import type { SlackMessage } from './alert-message.js';
import { formatZoned, safeText } from './format.js';
import { ONBOARDING_ACTION, SNOOZE_OPTIONS } from './ids.js';
import { blockTextLength, LIMITS, truncate } from './limits.js';
import { checkDay, evidenceValue, findingLine, STAGE_LABEL } from './onboarding-format.js';

/** What a check alert shows; the onboarding service assembles it from the check, the record and the catalog. */
export interface CheckAlertView {
  /** Opaque: the value of every button. At most 146 characters (a snooze option value adds `|24h`). */
  integrationId: string;
  customerName: string;
  integration: { name: string; connectedAt: number; category: CatalogEntry['category'] | string };
  check: HealthCheck;
  /** The findings this message is about: one for a DM, several for a reply in an incident's thread. */
  findings: CheckFinding[];
  /** Troubleshooting bullets for this type (from templates/steps/), our own mrkdwn. */
  steps: string[];
}

const MAX_FINDINGS = 8;
const MAX_FIELDS = 8;
/** Characters for the steps section, and for everything above it (header, context, findings). */
const STEPS_CHARS = 2600;
const FINDINGS_BUDGET = LIMITS.messageTextBudget - STEPS_CHARS - 400;
const MAX_STEPS = 10;
const HEADER_TEXT: Record<CheckFinding['kind'], string> = {
  connection_failed: 'connection failed',
  no_data_flow: 'no data arriving',
  high_error_rate: 'high error rate',
  sync_incomplete: 'first sync not completed',
  low_usage: 'low usage',
  low_feature_utilisation: 'few features used',
  low_adoption: 'low workflow adoption',
  stale_data: 'stale data',
  no_usage_reported: 'no usage reported',
};

/**
 * The CSM's DM (or thread reply) when a check-up finds a problem: header "🔴 Salesforce: connection failed
 * — Acme", which check found it (day, stage, time in the CSM's zone), each finding with its evidence as
 * fields (times zoned, rates as %), the type's troubleshooting steps, and the buttons Run check again,
 * Draft outreach, View integration (value = integration id) and a Snooze select (`<id>|1h|4h|24h`).
 * Limits: at most 8 findings (fewer when long: they share the message's text budget), 8 evidence fields
 * per finding and 10 steps ("+N more"), under 50 blocks and about 10,000 characters whatever the input.
 *
 * @throws RangeError when there is no finding, or the integration id is empty or too long
 * @example buildCheckAlertMessage(view, { now, timeZone: 'Europe/Berlin' }).text // 'Salesforce: connection failed — Acme (Day 0 connection check)'
 */
export function buildCheckAlertMessage(view: CheckAlertView, opts: { now: number; timeZone: string }): SlackMessage {
  if (view.findings.length === 0) throw new RangeError('a check alert needs at least one finding');
  if (view.integrationId.length === 0 || view.integrationId.length > LIMITS.optionValue - 4)
    throw new RangeError(`integrationId must be 1–${LIMITS.optionValue - 4} characters`);
  const worst = view.findings.find((f) => f.severity === 'critical') ?? view.findings[0];
  const day = checkDay(view.check, view.integration.connectedAt);
  const what = `${view.integration.name}: ${HEADER_TEXT[worst.kind]} — ${view.customerName}`;
  const ran = view.check.completedAt ?? opts.now;
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncate(`${worst.severity === 'critical' ? '🔴' : '🟡'} ${what}`, LIMITS.headerText),
      },
    },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `Day ${day} ${STAGE_LABEL[view.check.stage].toLowerCase()} check · ${formatZoned(ran, opts.timeZone)} · result: *${view.check.result}*`,
        },
      ],
    },
  ];
  // Findings fill the cumulative text budget first, leaving room for the steps and the controls.
  let used = blockTextLength(blocks);
  let shown = 0;
  for (const finding of view.findings.slice(0, MAX_FINDINGS)) {
    const block = findingBlock(finding, opts.timeZone);
    const size = blockTextLength(block);
    if (shown > 0 && used + size > FINDINGS_BUDGET) break;
    blocks.push(block);
    used += size;
    shown++;
  }
  if (view.findings.length > shown)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `+${view.findings.length - shown} more findings` }],
    });
  if (view.steps.length > 0) {
    const steps = view.steps.slice(0, MAX_STEPS).map((s, i) => `${i + 1}. ${truncate(s.replace(/^•\s*/, ''), 250)}`);
    if (view.steps.length > MAX_STEPS) steps.push(`+${view.steps.length - MAX_STEPS} more steps`);
    const text = truncate(`*What to check*\n${steps.join('\n')}`, STEPS_CHARS);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
  }
  blocks.push(actions(view.integrationId));
  return { text: `${safeText(what, 300)} (Day ${day} ${view.check.stage} check)`, blocks };
}

function findingBlock(finding: CheckFinding, timeZone: string): KnownBlock {
  const fields = Object.entries(finding.evidence)
    .slice(0, MAX_FIELDS)
    .map(([key, value]) => ({
      type: 'mrkdwn' as const,
      text: truncate(`*${key}*\n${evidenceValue(key, value, timeZone)}`, 200),
    }));
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: findingLine(finding, 600) },
    ...(fields.length > 0 ? { fields } : {}),
  };
}

function actions(integrationId: string): ActionsBlock {
  const button = (action_id: string, text: string) => ({
    type: 'button' as const,
    action_id,
    text: { type: 'plain_text' as const, text },
    value: integrationId,
  });
  return {
    type: 'actions',
    block_id: 'onboarding.check_actions',
    elements: [
      button(ONBOARDING_ACTION.runCheckAgain, 'Run check again'),
      button(ONBOARDING_ACTION.draftOutreach, 'Draft outreach'),
      button(ONBOARDING_ACTION.viewIntegration, 'View integration'),
      {
        type: 'static_select',
        action_id: ONBOARDING_ACTION.snoozeCheck,
        placeholder: { type: 'plain_text', text: 'Snooze' },
        options: SNOOZE_OPTIONS.map((o) => ({
          text: { type: 'plain_text' as const, text: o.label },
          value: `${integrationId}|${o.suffix}`,
        })),
      },
    ],
  };
}

/** The short note when an integration is healthy and in use at day 30, with View integration. */
export function buildCheckHealthyNote(v: {
  integrationId: string;
  customerName: string;
  integrationName: string;
}): SlackMessage {
  const text = `:white_check_mark: ${safeText(v.integrationName, 150)} for ${safeText(v.customerName, 150)} is healthy and in use at day 30.`;
  return {
    text,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text },
        accessory: {
          type: 'button',
          action_id: ONBOARDING_ACTION.viewIntegration,
          text: { type: 'plain_text', text: 'View integration' },
          value: v.integrationId,
        },
      },
    ],
  };
}
