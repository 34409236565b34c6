import type { KnownBlock, ModalView } from '@slack/types';
import { CALLBACK } from './ids.js';
import { truncate } from './limits.js';
import { encodeRef, type ReportThreadRef } from './ticket-modal.js';

/** The Schedule Technical Call modal and the parsing of its submission. */

const DURATIONS = [30, 45, 60, 90];
export const AGENDA_LIMIT = 3000;
const EMAIL = /^[^\s@<>(),;]+@[^\s@<>(),;]+\.[^\s@<>(),;]+$/;

export function buildCallModal(args: {
  ref: ReportThreadRef;
  customer: string;
  /** IANA zone of the CSM, from Slack's users.info. */
  timeZone: string;
  /** `YYYY-MM-DD` proposed (next business day in the CSM's zone). */
  date: string;
  attendees: string[];
  agenda: string;
}): ModalView {
  const durationOption = (m: number) => ({
    text: { type: 'plain_text' as const, text: `${m} minutes` },
    value: String(m),
  });
  const blocks: KnownBlock[] = [
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: truncate(
            `Technical call with *${args.customer}*. Times are in ${args.timeZone} (your Slack time zone).`,
            2000,
          ),
        },
      ],
    },
    {
      type: 'input',
      block_id: 'date',
      label: { type: 'plain_text', text: 'Date' },
      element: { type: 'datepicker', action_id: 'value', initial_date: args.date },
    },
    {
      type: 'input',
      block_id: 'time',
      label: { type: 'plain_text', text: 'Start time' },
      element: { type: 'timepicker', action_id: 'value', initial_time: '10:00' },
    },
    {
      type: 'input',
      block_id: 'duration',
      label: { type: 'plain_text', text: 'Duration' },
      element: {
        type: 'static_select',
        action_id: 'value',
        options: DURATIONS.map(durationOption),
        initial_option: durationOption(60),
      },
    },
    {
      type: 'input',
      block_id: 'attendees',
      label: { type: 'plain_text', text: 'Attendees (one e-mail per line)' },
      element: {
        type: 'plain_text_input',
        action_id: 'value',
        multiline: true,
        max_length: 3000,
        ...(args.attendees.length > 0 ? { initial_value: truncate(args.attendees.join('\n'), 3000) } : {}),
      },
    },
    {
      type: 'input',
      block_id: 'agenda',
      label: { type: 'plain_text', text: 'Agenda' },
      element: {
        type: 'plain_text_input',
        action_id: 'value',
        multiline: true,
        max_length: AGENDA_LIMIT,
        initial_value: truncate(args.agenda, AGENDA_LIMIT),
      },
    },
    {
      type: 'input',
      block_id: 'conference',
      optional: true,
      label: { type: 'plain_text', text: 'Video' },
      element: {
        type: 'checkboxes',
        action_id: 'value',
        options: [{ text: { type: 'plain_text', text: 'Add a Google Meet link' }, value: 'meet' }],
        initial_options: [{ text: { type: 'plain_text', text: 'Add a Google Meet link' }, value: 'meet' }],
      },
    },
  ];
  return {
    type: 'modal',
    callback_id: CALLBACK.callSubmit,
    title: { type: 'plain_text', text: 'Schedule Technical Call' },
    submit: { type: 'plain_text', text: 'Send invitations' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: encodeRef(args.ref, { z: args.timeZone }),
    blocks,
  };
}

/** The agenda drafted from the report's issues, worst first. */
export function agendaFromIssues(issues: { integration: string; severity: string; title: string }[]): string {
  const lines = ['1. Current technical health and what changed'];
  issues.slice(0, 8).forEach((issue, i) => {
    lines.push(`${i + 2}. ${issue.integration}: ${issue.title} (${issue.severity})`);
  });
  lines.push(`${Math.min(issues.length, 8) + 2}. Agree on fixes, owners and dates`);
  return lines.join('\n');
}

/** `YYYY-MM-DD` of the next weekday after `now` in `timeZone`. */
/** `YYYY-MM-DD` of `now` on the wall clock of `timeZone`. */
export function localDate(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function nextBusinessDay(now: Date, timeZone: string): string {
  const [y, m, d] = localDate(now, timeZone).split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  do date.setUTCDate(date.getUTCDate() + 1);
  while (date.getUTCDay() === 0 || date.getUTCDay() === 6);
  return date.toISOString().slice(0, 10);
}

type StateValues = Record<
  string,
  Record<
    string,
    {
      value?: string | null;
      selected_date?: string | null;
      selected_time?: string | null;
      selected_option?: { value: string } | null;
      selected_options?: { value: string }[];
    }
  >
>;

export interface CallSubmission {
  date: string;
  time: string;
  durationMinutes: number;
  attendees: string[];
  agenda: string;
  conference: boolean;
}

/** The submitted call, or `errors` keyed by block id. `today` is the CSM's local date (`YYYY-MM-DD`). */
export function parseCallSubmission(
  values: StateValues,
  today: string,
): { ok: true; call: CallSubmission } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const date = values.date?.value?.selected_date ?? '';
  const time = values.time?.value?.selected_time ?? '';
  const duration = Number(values.duration?.value?.selected_option?.value);
  const attendees = [
    ...new Set(
      (values.attendees?.value?.value ?? '')
        .split(/[\s,;]+/)
        .map((s) => s.trim().replace(/^<|>$/g, ''))
        .filter(Boolean),
    ),
  ];
  const agenda = (values.agenda?.value?.value ?? '').trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) errors.date = 'Pick a date.';
  else if (date < today) errors.date = 'Pick today or a later date.';
  if (!/^\d{2}:\d{2}$/.test(time)) errors.time = 'Pick a start time.';
  if (!DURATIONS.includes(duration)) errors.duration = 'Pick a duration.';
  const bad = attendees.filter((a) => !EMAIL.test(a));
  if (attendees.length === 0) errors.attendees = 'Add at least one attendee e-mail.';
  else if (bad.length > 0) errors.attendees = truncate(`Not an e-mail address: ${bad.join(', ')}`, 150);
  if (!agenda) errors.agenda = 'Add an agenda.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const conference = (values.conference?.value?.selected_options ?? []).some((o) => o.value === 'meet');
  return { ok: true, call: { date, time, durationMinutes: duration, attendees, agenda, conference } };
}
