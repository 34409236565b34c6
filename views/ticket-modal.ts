import type { KnownBlock, ModalView } from '@slack/types';
import { CALLBACK } from './ids.js';
import { truncate } from './limits.js';

/** The Create Support Ticket modal and the parsing of its submission (pure: data in, view out). */

export type TicketPriority = 'urgent' | 'high' | 'normal' | 'low';
const PRIORITIES: { value: TicketPriority; label: string }[] = [
  { value: 'urgent', label: 'Urgent' },
  { value: 'high', label: 'High' },
  { value: 'normal', label: 'Normal' },
  { value: 'low', label: 'Low' },
];

export const TICKET_FIELD_LIMITS = { subject: 150, description: 3000 } as const;

/** What the modal carries back in private_metadata: the report and the thread to answer in. */
export interface ReportThreadRef {
  reportId: string;
  channel: string;
  threadTs: string;
}

export function encodeRef(ref: ReportThreadRef, extra: Record<string, string> = {}): string {
  return JSON.stringify({ r: ref.reportId, c: ref.channel, t: ref.threadTs, ...extra });
}

export function decodeRef(metadata: string): (ReportThreadRef & { extra: Record<string, string> }) | null {
  try {
    const { r, c, t, ...extra } = JSON.parse(metadata) as Record<string, string>;
    if (typeof r !== 'string' || typeof c !== 'string' || typeof t !== 'string') return null;
    return { reportId: r, channel: c, threadTs: t, extra };
  } catch {
    return null;
  }
}

/**
 * @param prefill subject, priority and description drafted from the report (cut to the input limits here)
 * @param existing ticket ids already raised from this report: the modal then says so and asks whether to
 *   create another one (unchecked, submitting returns the existing ticket)
 */
export function buildTicketModal(args: {
  ref: ReportThreadRef;
  customer: string;
  score: number;
  prefill: { subject: string; priority: TicketPriority; description: string };
  existing: string[];
}): ModalView {
  const option = (p: (typeof PRIORITIES)[number]) => ({
    text: { type: 'plain_text' as const, text: p.label },
    value: p.value,
  });
  const initial = PRIORITIES.find((p) => p.value === args.prefill.priority) ?? PRIORITIES[2];
  const blocks: KnownBlock[] = [
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: truncate(`From the technical health report for *${args.customer}* (${args.score}/100).`, 2000),
        },
      ],
    },
  ];
  if (args.existing.length > 0) {
    blocks.push(
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: truncate(
            `:warning: This report already has ticket ${args.existing.map((t) => `*${t}*`).join(', ')}.`,
            3000,
          ),
        },
      },
      {
        type: 'input',
        block_id: 'another',
        optional: true,
        label: { type: 'plain_text', text: 'Another ticket?' },
        element: {
          type: 'checkboxes',
          action_id: 'value',
          options: [{ text: { type: 'plain_text', text: 'Create another ticket anyway' }, value: 'yes' }],
        },
      },
    );
  }
  blocks.push(
    {
      type: 'input',
      block_id: 'subject',
      label: { type: 'plain_text', text: 'Subject' },
      element: {
        type: 'plain_text_input',
        action_id: 'value',
        initial_value: truncate(args.prefill.subject, TICKET_FIELD_LIMITS.subject),
        max_length: TICKET_FIELD_LIMITS.subject,
      },
    },
    {
      type: 'input',
      block_id: 'priority',
      label: { type: 'plain_text', text: 'Priority' },
      element: {
        type: 'static_select',
        action_id: 'value',
        options: PRIORITIES.map(option),
        initial_option: option(initial),
      },
    },
    {
      type: 'input',
      block_id: 'description',
      label: { type: 'plain_text', text: 'Description' },
      element: {
        type: 'plain_text_input',
        action_id: 'value',
        multiline: true,
        initial_value: truncate(args.prefill.description, TICKET_FIELD_LIMITS.description),
        max_length: TICKET_FIELD_LIMITS.description,
      },
    },
  );
  return {
    type: 'modal',
    callback_id: CALLBACK.ticketSubmit,
    title: { type: 'plain_text', text: 'Create Support Ticket' },
    submit: { type: 'plain_text', text: 'Create ticket' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: encodeRef(args.ref),
    blocks,
  };
}

type StateValues = Record<
  string,
  Record<
    string,
    { value?: string | null; selected_option?: { value: string } | null; selected_options?: { value: string }[] }
  >
>;

/** The submitted fields, or `errors` keyed by block id (what `ack({ response_action: 'errors' })` takes). */
export function parseTicketSubmission(
  values: StateValues,
):
  | { ok: true; subject: string; priority: TicketPriority; description: string; another: boolean }
  | { ok: false; errors: Record<string, string> } {
  const subject = (values.subject?.value?.value ?? '').trim();
  const description = (values.description?.value?.value ?? '').trim();
  const priority = values.priority?.value?.selected_option?.value as TicketPriority | undefined;
  const errors: Record<string, string> = {};
  if (!subject) errors.subject = 'Give the ticket a subject.';
  if (subject.length > TICKET_FIELD_LIMITS.subject)
    errors.subject = `At most ${TICKET_FIELD_LIMITS.subject} characters.`;
  if (!description) errors.description = 'Describe the problem.';
  if (description.length > TICKET_FIELD_LIMITS.description) {
    errors.description = `At most ${TICKET_FIELD_LIMITS.description} characters.`;
  }
  if (!priority || !PRIORITIES.some((p) => p.value === priority)) errors.priority = 'Pick a priority.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const another = (values.another?.value?.selected_options ?? []).some((o) => o.value === 'yes');
  return { ok: true, subject, priority: priority as TicketPriority, description, another };
}
