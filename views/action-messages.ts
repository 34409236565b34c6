import type { KnownBlock } from '@slack/types';
import { truncate } from './limits.js';

/** Thread replies and ephemeral answers of the four report actions (pure; within Block Kit limits). */

import type { SlackMessage as SlackText } from './message.js';

export type { SlackText };

const section = (text: string): KnownBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncate(text, 3000) },
});
const context = (text: string): KnownBlock => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: truncate(text, 2000) }],
});
const message = (text: string, ...blocks: KnownBlock[]): SlackText => ({ text: truncate(text, 3000), blocks });

const PRIORITY_EMOJI: Record<string, string> = {
  urgent: ':red_circle:',
  high: ':large_orange_circle:',
  normal: ':large_yellow_circle:',
  low: ':white_circle:',
};

export interface TicketSummary {
  ticketId: string;
  subject: string;
  priority: string;
  customerName: string;
  description: string;
  createdBy: string | null;
}

/** In the report's thread: the ticket exists. */
export function ticketCreatedMessage(t: TicketSummary): SlackText {
  return message(
    `Support ticket ${t.ticketId} created: ${t.subject}`,
    section(`:ticket: Support ticket *${t.ticketId}* created\n*${t.subject}*`),
    context(
      `${PRIORITY_EMOJI[t.priority] ?? ''} ${t.priority} priority${t.createdBy ? ` · raised by <@${t.createdBy}>` : ''}`,
    ),
  );
}

/** In the support channel: enough to act on without opening the report. */
export function ticketForSupportMessage(t: TicketSummary, reportLink: string | null): SlackText {
  return message(
    `New support ticket ${t.ticketId} for ${t.customerName}: ${t.subject}`,
    section(`:ticket: *${t.ticketId}* · ${t.customerName}\n*${t.subject}*`),
    context(
      `${PRIORITY_EMOJI[t.priority] ?? ''} ${t.priority} priority${t.createdBy ? ` · raised by <@${t.createdBy}>` : ''}${reportLink ? ` · <${reportLink}|report thread>` : ''}`,
    ),
    section(`\`\`\`${truncate(t.description, 2900)}\`\`\``),
  );
}

export function ticketAlreadyExistsMessage(ticketId: string): SlackText {
  return message(`This report already has support ticket ${ticketId}; no second ticket was created.`);
}

export function callScheduledMessage(c: {
  customer: string;
  start: string;
  timeZone: string;
  durationMinutes: number;
  attendees: string[];
  htmlLink: string | null;
  meetLink: string | null;
  scheduledBy: string;
}): SlackText {
  const when = `${c.start.slice(0, 10)} ${c.start.slice(11, 16)} (${c.timeZone}), ${c.durationMinutes} minutes`;
  const links = [
    c.htmlLink ? `<${c.htmlLink}|calendar event>` : null,
    c.meetLink ? `<${c.meetLink}|Google Meet>` : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return message(
    `Technical call with ${c.customer} scheduled for ${when}`,
    section(`:calendar: Technical call with *${c.customer}* scheduled for *${when}*${links ? `\n${links}` : ''}`),
    context(truncate(`Invitations sent to ${c.attendees.join(', ')} · scheduled by <@${c.scheduledBy}>`, 2000)),
  );
}

export function reportDraftedComment(customer: string, draftedBy: string): string {
  return `:page_facing_up: Technical report for ${customer} drafted for <@${draftedBy}> (Markdown and PDF).`;
}

export function riskSignalsMessage(r: {
  customer: string;
  created: number;
  updated: number;
  unchanged: number;
  healthRecorded: number | null;
  updatedBy: string;
}): SlackText {
  const total = r.created + r.updated + r.unchanged;
  const counts =
    total === 0
      ? 'No issues in this report, so no risk signals to raise.'
      : `${r.created} created, ${r.updated} updated${r.unchanged ? `, ${r.unchanged} already up to date` : ''}.`;
  const health =
    r.healthRecorded === null
      ? ''
      : `\nOverall health for ${r.customer} updated with the technical score ${r.healthRecorded}/100.`;
  return message(
    `Risk signals for ${r.customer}: ${counts}`,
    section(`:rotating_light: *Risk signals for ${r.customer}*: ${counts}${health}`),
    context(`Updated by <@${r.updatedBy}>`),
  );
}

export function alreadyRunningMessage(what: string): SlackText {
  return message(`${what} was already started for this report a moment ago; it runs once.`);
}

export function reportMissingMessage(): SlackText {
  return message(
    "That report is no longer stored, so there's nothing to act on. Upload the data again to get a new report.",
  );
}

export function actionFailedMessage(what: string, reason: string): SlackText {
  return message(`:warning: ${what} failed: ${reason}`);
}

export function googleNotConfiguredMessage(explanation: string): SlackText {
  return message(explanation, section(explanation));
}
