import type { ActionsBlock, Button, KnownBlock, SectionBlock } from '@slack/types';
import type { CsmDigest, DigestCustomer } from '../src/domain/detection/digest.js';
import type { OnboardingMetrics } from '../src/domain/onboarding/metrics.js';
import type { SlackMessage, ViewClock } from './alert-message.js';
import {
  FAILURE_CLASS_LABEL,
  formatDuration,
  formatZoned,
  plural,
  SEVERITY_EMOJI,
  SEVERITY_LABEL,
  STATUS_LABEL,
  safeText,
} from './format.js';
import { ACTION, listActionId } from './ids.js';
import { blockTextLength, LIMITS, truncate } from './limits.js';
import { metricsLine } from './onboarding-format.js';

/** Incidents listed (and given a button) per customer; the rest are counted. */
const INCIDENTS_PER_CUSTOMER = 5;
const NAME_CHARS = 80;

/**
 * The CSM's daily digest DM: "Daily integration digest — 4 open issues across 3 customers (1 critical)",
 * then per customer (in the digest's order: worst severity, ARR, name) a section listing its incidents —
 * integration, status, severity, failure class, open for, occurrences, acknowledged — and a View status
 * button per incident (`digest.view_status:<n>` indexed action_ids, see `listActionId`; value = the
 * incident's `incidentId`, i.e. the risk signal id). A customer with one incident gets the button as the section's accessory; with
 * several, an actions block follows (block_id `digest.actions:<customer index>`). Customers are added
 * while they fit 50 blocks and the text budget; the rest become "+N more customers". An empty digest renders
 * "All integrations healthy".
 * @param opts.now epoch ms (the "as of" time), `opts.timeZone` the CSM's IANA zone, `opts.csmName` for the greeting
 * @throws RangeError when an `incidentId` is empty or longer than a button value may be
 * @example buildDigestMessage(buildCsmDigest(open, now), { now, timeZone: 'Europe/Berlin' }).text
 * // 'Daily integration digest — 4 open issues across 3 customers (1 critical)'
 */
export function buildDigestMessage(
  digest: CsmDigest,
  opts: ViewClock & { csmName?: string; onboarding?: OnboardingMetrics | null },
): SlackMessage {
  const asOf = formatZoned(opts.now, opts.timeZone);
  const greeting = opts.csmName ? `Hi ${safeText(opts.csmName, NAME_CHARS)}. ` : '';
  if (digest.customers.length === 0) {
    const title = 'Daily integration digest — all integrations healthy';
    return {
      text: title,
      blocks: [
        header(title),
        section(`${greeting}:large_green_circle: All integrations healthy — no open issues as of ${asOf}.`),
      ],
    };
  }
  const t = digest.totals;
  const worst = (['critical', 'high'] as const).filter((s) => t[s] > 0).map((s) => `${t[s]} ${s}`);
  const title = `Daily integration digest — ${plural(t.incidents, 'open issue')} across ${plural(t.customers, 'customer')}${worst.length > 0 ? ` (${worst.join(', ')})` : ''}`;
  const blocks: KnownBlock[] = [
    header(title),
    { type: 'context', elements: [{ type: 'mrkdwn', text: `${greeting}As of ${asOf}, worst first.` }] },
  ];
  if (opts.onboarding && opts.onboarding.integrations > 0)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: metricsLine(opts.onboarding) }] });
  // Reserve one block for "+N more customers" and keep well inside the cumulative text limit.
  const maxBlocks = LIMITS.messageBlocks - 1;
  let text = blockTextLength(blocks);
  let buttons = 0;
  let shown = 0;
  for (const [ci, customer] of digest.customers.entries()) {
    const rendered = customerBlocks(customer, ci, buttons);
    const size = blockTextLength(rendered.blocks);
    if (blocks.length + rendered.blocks.length > maxBlocks || text + size > LIMITS.messageTextBudget - 500) break;
    blocks.push(...rendered.blocks);
    text += size;
    buttons += rendered.buttons;
    shown += 1;
  }
  const hidden = digest.customers.length - shown;
  if (hidden > 0) {
    const incidents = digest.customers.slice(shown).reduce((n, c) => n + c.incidents.length, 0);
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `+${plural(hidden, 'more customer')} with ${plural(incidents, 'open issue')} — open the Home tab for the full list.`,
        },
      ],
    });
  }
  return { text: title, blocks };
}

function customerBlocks(
  customer: DigestCustomer,
  customerIndex: number,
  firstButton: number,
): { blocks: KnownBlock[]; buttons: number } {
  const listed = customer.incidents.slice(0, INCIDENTS_PER_CUSTOMER);
  const lines = [`*${safeText(customer.customerName, NAME_CHARS)}*`];
  for (const i of listed) {
    const parts = [
      `${SEVERITY_EMOJI[i.severity]} ${safeText(i.integrationLabel, NAME_CHARS)}`,
      STATUS_LABEL[i.status],
      SEVERITY_LABEL[i.severity].toLowerCase(),
      FAILURE_CLASS_LABEL[i.failureClass],
      `open ${formatDuration(i.openForMs)}`,
      plural(i.occurrences, 'occurrence'),
    ];
    if (i.acknowledged) parts.push(':eyes: acknowledged');
    lines.push(parts.join(' · '));
  }
  if (customer.incidents.length > listed.length) lines.push(`+${customer.incidents.length - listed.length} more`);
  const buttonsFor = listed.map((i, n) =>
    viewButton(
      i.incidentId,
      firstButton + n,
      listed.length === 1 ? 'View status' : `View ${truncate(i.integrationLabel, 60)}`,
    ),
  );
  const main: SectionBlock = { type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), 3000) } };
  if (buttonsFor.length === 1) return { blocks: [{ ...main, accessory: buttonsFor[0] }], buttons: 1 };
  const actions: ActionsBlock = {
    type: 'actions',
    block_id: `digest.actions:${customerIndex}`,
    elements: buttonsFor,
  };
  return { blocks: [main, actions], buttons: buttonsFor.length };
}

function viewButton(signalId: string, index: number, label: string): Button {
  if (signalId.length === 0 || signalId.length > LIMITS.buttonValue) {
    throw new RangeError(`incidentId must be 1–${LIMITS.buttonValue} characters`);
  }
  return {
    type: 'button',
    action_id: listActionId(ACTION.digestViewStatus, index),
    text: { type: 'plain_text', text: truncate(label, LIMITS.buttonText) },
    value: signalId,
  };
}

function header(text: string): KnownBlock {
  return { type: 'header', text: { type: 'plain_text', text: truncate(text, LIMITS.headerText), emoji: true } };
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) } };
}
