import type { KnownBlock } from '@slack/types';
import { truncate } from '../src/domain/text.js';
import { ACTION } from './ids.js';
import type { SlackMessage } from './report-message.js';

/**
 * Messages of the upload flow (thread replies under the CSM's upload): the processing notice and its
 * progress updates, the "which customer?" select menu, failures and the closing line.
 */

export const PROCESSING_TEXT = 'Processing integration data…';

/** Slack caps a static_select at 100 options and option texts at 75 characters. */
const MAX_OPTIONS = 100;
const OPTION_TEXT = 75;
const OPTION_VALUE = 150;

const fmt = (n: number) => n.toLocaleString('en-US');

/** "Processing integration data… parsed 400,000 rows" (rows so far, thousands separated). */
export function progressMessage(fileName: string, rows: number | null): SlackMessage {
  const text =
    rows === null ? `${PROCESSING_TEXT} (${fileName})` : `${PROCESSING_TEXT} parsed ${fmt(rows)} rows of ${fileName}`;
  return { text, blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(text) }] }] };
}

/** The closing state of the progress message. */
export function doneMessage(fileName: string, records: number, customers: string[]): SlackMessage {
  const text = `Scored ${fmt(records)} records of ${fileName} for ${customers.join(', ')}.`;
  return { text, blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(text) }] }] };
}

/** A failed upload: exactly the engine's (or download's) message, which is written for the CSM. */
export function uploadFailedMessage(fileName: string, reason: string): SlackMessage {
  const text = `I could not score ${fileName}: ${reason}`;
  return {
    text,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(truncate(text, 2900)) } }],
  };
}

export interface CustomerChoice {
  /** `id:<customerId>` for a known customer, `new:<name>` to create one. */
  value: string;
  label: string;
}

/**
 * Asks the CSM which customer an upload belongs to: a static_select of known customers (best guesses
 * first) plus "New customer: <guess>". The block_id carries the file id so the answer finds its upload.
 */
export function chooseCustomerMessage(args: {
  fileId: string;
  fileName: string;
  known: { id: string; name: string }[];
  newName: string | null;
}): SlackMessage {
  const options: CustomerChoice[] = [];
  if (args.newName) options.push({ value: `new:${args.newName}`, label: `New customer: ${args.newName}` });
  for (const c of args.known) options.push({ value: `id:${c.id}`, label: c.name });
  const text = `Which customer is ${args.fileName} for? The file does not name one I could match.`;
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      block_id: `upload:${args.fileId}`,
      text: { type: 'mrkdwn', text: escapeMrkdwn(truncate(text, 2900)) },
      accessory: {
        type: 'static_select',
        action_id: ACTION.uploadChooseCustomer,
        placeholder: { type: 'plain_text', text: 'Choose a customer' },
        options: options.slice(0, MAX_OPTIONS).map((o) => ({
          text: { type: 'plain_text', text: truncate(o.label, OPTION_TEXT) },
          value: o.value.slice(0, OPTION_VALUE),
        })),
      },
    },
  ];
  return { text, blocks };
}

/** Replaces the select menu once answered. */
export function customerChosenMessage(customer: string, userId: string | null): SlackMessage {
  const text = `Scoring for ${customer}${userId ? ` (chosen by <@${userId}>)` : ''}…`;
  return { text, blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text }] }] };
}

/** Slack mrkdwn control characters (&, <, >) in file names or engine messages. */
function escapeMrkdwn(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
