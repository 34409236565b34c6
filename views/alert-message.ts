import type {
  ActionsBlock,
  Button,
  ContextBlock,
  HeaderBlock,
  KnownBlock,
  MrkdwnElement,
  SectionBlock,
  StaticSelect,
} from '@slack/types';
import type { Criticality, Severity } from '../src/domain/detection/severity.js';
import type { FailureClass, HealthStatus } from '../src/domain/detection/types.js';
import type { IntegrationType } from '../src/domain/records.js';
import {
  FAILURE_CLASS_LABEL,
  formatAgo,
  formatDuration,
  formatPercent,
  formatUsd,
  formatZoned,
  formatZonedShort,
  inlineCode,
  plural,
  SEVERITY_EMOJI,
  SEVERITY_LABEL,
  SEVERITY_RANK,
  STATUS_EMOJI,
  STATUS_LABEL,
  safeText,
} from './format.js';
import { ACTION, listActionId, SNOOZE_OPTIONS } from './ids.js';
import { chunkLines, LIMITS, truncate } from './limits.js';

import type { SlackMessage } from './message.js';

export type { SlackMessage };

/** Everything an integration alert shows; the alerting service assembles it from the signal and its customer. */
export interface AlertView {
  /** The risk signal's id: the value of every button, opaque to the view. 1–146 characters (see {@link MAX_SIGNAL_ID}). */
  signalId: string;
  customer: {
    id: string;
    name: string;
    arrUsd: number | null;
    technicalContact: { name: string | null; email: string; role: string | null } | null;
  };
  /** `label` is the display name ("Salesforce"); `declaredType` the sender's spelling when stored as custom_api. */
  integration: { label: string; type: IntegrationType; declaredType?: string };
  /** Current detector status of the incident ('healthy' once resolved). */
  status: HealthStatus;
  lifecycle: 'open' | 'acknowledged' | 'snoozed' | 'resolved';
  severity: Severity;
  /** Optional: the integration's criticality, for the "critical integration × $620k ARR" explanation. */
  criticality?: Criticality;
  failureClass: FailureClass;
  /** Detector sentence, e.g. "3 authentication failures (401/403) within 10 min". */
  reason: string;
  errorCode: string | null;
  errorMessage: string | null;
  /** Failing endpoints for partial failures. */
  endpoints: string[];
  /** Epoch ms. */
  openedAt: number;
  lastSeenAt: number;
  occurrences: number;
  resolvedAt: number | null;
  /** Failed again within 24 h of a resolve. */
  reopened: boolean;
  /** Slack user id. */
  acknowledgedBy: string | null;
  /** Epoch ms. */
  snoozedUntil: number | null;
  impact: { summary: string; stops: string[] };
  /** Troubleshooting steps, mrkdwn lines (our own text, not escaped). */
  steps: string[];
  /** `disconnects30d` is shown as given (it counts the current incident when its span was included). */
  history: { disconnects30d: number; chronic: boolean; uptime30d: number | null; mttrMs: number | null };
  email: {
    state: 'sent' | 'awaiting_approval' | 'no_contact' | 'failed' | 'pending' | 'disabled';
    to: string | null;
    /** Epoch ms. */
    at: number | null;
    error: string | null;
  };
  /** `dueAt` epoch ms. */
  task: { title: string; dueAt: number; priority: 'critical' | 'high'; overdue: boolean; done: boolean } | null;
  /** Recorded during a maintenance window, sent when it ended. */
  inMaintenance: boolean;
}

/** Clock and zone of the CSM who reads the message. */
export interface ViewClock {
  /** Epoch ms. */
  now: number;
  /** IANA zone, e.g. 'Europe/Berlin'. */
  timeZone: string;
}

/** Longest signal id we accept: a select option value holds at most 150 characters, and we append `|24h`. */
export const MAX_SIGNAL_ID = LIMITS.optionValue - '|24h'.length;

/** Steps and endpoints listed before "+N more"; long lines from logs are cut. */
const MAX_STEPS = 10;
const STEP_CHARS = 250;
const MAX_ENDPOINTS = 15;
const ENDPOINT_CHARS = 80;
const MAX_STOPS = 6;
const NAME_CHARS = 80;
/** Rows with a button in the upstream alert; the rest are named in one context line. */
const UPSTREAM_ROWS = 40;

/**
 * The alert a CSM gets when an integration disconnects or degrades, and the same message updated in place
 * as the incident is acknowledged, snoozed or resolved (chat.update with the same builder).
 *
 * Open: header with severity ("🔴 Critical: Salesforce disconnected — Acme Corp"), the reason, fields
 * (status, since — relative and absolute in `opts.timeZone` —, error, occurrences, severity with its
 * reason, customer ARR, technical contact, 30-day history), chronic and reopened notes, impact, failing
 * endpoints, numbered troubleshooting steps, the email and task lines, and the controls: Send (or Resend)
 * Fix Instructions — hidden without a technical contact or with email turned off —, Schedule Tech Call,
 * View Integration Status, Acknowledge (until acknowledged) and the Snooze select. Resolved: a compact
 * summary ("resolved after 2 h 5 min") with View Integration Status only.
 *
 * Every button's `value` is `alert.signalId`; snooze option values are `<signalId>|1h|4h|24h`. The actions
 * block has block_id `alert.actions`. Limits: at most 50 blocks and about 10,000 characters whatever
 * the input (steps capped at 10, endpoints at 15, error text at 300 characters, each with "+N more" / "…").
 *
 * @throws RangeError when `signalId` is empty or longer than {@link MAX_SIGNAL_ID}
 * @example buildAlertMessage(alert, { now, timeZone: 'Europe/Berlin' }).text
 * // 'Critical: Salesforce disconnected for Acme Corp since Tue 1 Dec, 14:03 CET — 3 authentication failures …'
 */
export function buildAlertMessage(alert: AlertView, opts: ViewClock): SlackMessage {
  checkSignalId(alert.signalId);
  return alert.lifecycle === 'resolved' ? resolvedMessage(alert, opts) : openMessage(alert, opts);
}

function openMessage(alert: AlertView, { now, timeZone }: ViewClock): SlackMessage {
  const label = alert.integration.label;
  const customer = alert.customer.name;
  const verb = alert.status === 'healthy' ? 'recovering' : alert.status;
  const severity = SEVERITY_LABEL[alert.severity];
  const blocks: KnownBlock[] = [
    header(`${SEVERITY_EMOJI[alert.severity]} ${severity}: ${label} ${verb} — ${customer}`),
    section(noteLines(alert).join('\n')),
    {
      type: 'section',
      fields: [
        field('Status', `${STATUS_EMOJI[alert.status]} ${STATUS_LABEL[alert.status]} · ${classLabel(alert)}`),
        field('Since', `${formatAgo(alert.openedAt, now)}\n${formatZoned(alert.openedAt, timeZone)}`),
        field('Error', errorText(alert)),
        field(
          'Occurrences',
          `${alert.occurrences.toLocaleString('en-US')} · last seen ${formatAgo(alert.lastSeenAt, now)} (${formatZonedShort(alert.lastSeenAt, now, timeZone)})`,
        ),
        field('Severity', `${SEVERITY_EMOJI[alert.severity]} ${severity} — ${severityReason(alert)}`),
        field('Customer', `${safeText(customer, NAME_CHARS)} · ${formatUsd(alert.customer.arrUsd)} ARR`),
        field('Technical contact', contactText(alert)),
        field('Last 30 days', historyText(alert)),
      ],
    },
    ...impactBlocks(alert),
    ...endpointBlocks(alert),
    ...stepBlocks(alert),
  ];
  const follow = [emailLine(alert, now, timeZone), taskLine(alert, now, timeZone)].filter((l) => l !== null);
  if (follow.length > 0) blocks.push(section(follow.join('\n')));
  const ctx = contextLines(alert, now, timeZone);
  if (ctx.length > 0) blocks.push(context(ctx));
  blocks.push(alertActions(alert));
  const since = formatZoned(alert.openedAt, timeZone);
  const text = `${severity}: ${label} ${verb} for ${customer} since ${since} — ${alert.reason}`;
  return { text: safeText(text, 3000), blocks };
}

function resolvedMessage(alert: AlertView, { now, timeZone }: ViewClock): SlackMessage {
  const label = alert.integration.label;
  const customer = alert.customer.name;
  const resolvedAt = alert.resolvedAt ?? now;
  const after = formatDuration(Math.max(0, resolvedAt - alert.openedAt));
  const lines = [
    `*${safeText(label, NAME_CHARS)}* for *${safeText(customer, NAME_CHARS)}* is healthy again after ${after}.`,
    `Was: ${classLabel(alert)} — ${safeText(alert.reason, 500)}`,
  ];
  if (alert.history.chronic) lines.push(chronicLine(alert));
  const blocks: KnownBlock[] = [
    header(`:white_check_mark: ${label} resolved after ${after} — ${customer}`),
    section(lines.join('\n')),
    {
      type: 'section',
      fields: [
        field('Opened', formatZoned(alert.openedAt, timeZone)),
        field('Resolved', `${formatZoned(resolvedAt, timeZone)}\n${formatAgo(resolvedAt, now)}`),
        field('Occurrences', alert.occurrences.toLocaleString('en-US')),
        field('Severity', `${SEVERITY_EMOJI[alert.severity]} ${SEVERITY_LABEL[alert.severity]}`),
        field('Error', errorText(alert)),
        field('Last 30 days', historyText(alert)),
      ],
    },
  ];
  const follow = [emailLine(alert, now, timeZone), taskLine(alert, now, timeZone)].filter((l) => l !== null);
  if (follow.length > 0) blocks.push(context(follow));
  blocks.push({ type: 'actions', block_id: 'alert.actions', elements: [viewStatusButton(alert.signalId)] });
  const text = `Resolved: ${label} for ${customer} is healthy again after ${after} (${plural(alert.occurrences, 'failure')})`;
  return { text: safeText(text, 3000), blocks };
}

/**
 * The thread reply posted under the alert when its incident resolves (the parent is updated with
 * {@link buildAlertMessage}). One section, no buttons.
 * @example buildAlertResolvedReply(alert, opts).text
 * // 'Resolved: Salesforce for Acme Corp is healthy again after 2 h 5 min (3 failures).'
 */
export function buildAlertResolvedReply(alert: AlertView, opts: ViewClock): SlackMessage {
  const after = formatDuration(Math.max(0, (alert.resolvedAt ?? opts.now) - alert.openedAt));
  const failures = plural(alert.occurrences, 'failure');
  const label = alert.integration.label;
  const customer = alert.customer.name;
  return {
    text: safeText(`Resolved: ${label} for ${customer} is healthy again after ${after} (${failures}).`, 3000),
    blocks: [
      section(
        `:white_check_mark: *Resolved:* ${safeText(label, NAME_CHARS)} for *${safeText(customer, NAME_CHARS)}* is healthy again after ${after} (${failures}).`,
      ),
    ],
  };
}

/**
 * The DM sent when an alert's follow-up task goes overdue: when it was due (relative and in the CSM's
 * zone), the incident's current state, and the View Integration Status button (`alert.view_status`,
 * value = signal id, block_id `alert.reminder_actions`).
 * @throws RangeError when the alert has no task, or for a bad signal id (see {@link buildAlertMessage})
 * @example buildTaskReminder(alert, opts).text // 'Task overdue: Integration disconnected: Salesforce for Acme Corp (due 18:03 CET)'
 */
export function buildTaskReminder(alert: AlertView, opts: ViewClock): SlackMessage {
  checkSignalId(alert.signalId);
  const task = alert.task;
  if (!task) throw new RangeError('buildTaskReminder needs an alert with a task');
  const { now, timeZone } = opts;
  const due = formatZonedShort(task.dueAt, now, timeZone);
  const overdue = task.overdue || (!task.done && now > task.dueAt);
  const state =
    alert.lifecycle === 'resolved'
      ? `${alert.integration.label} for ${alert.customer.name} has recovered; close the task when you've followed up.`
      : `${alert.integration.label} for ${alert.customer.name} is still ${STATUS_LABEL[alert.status].toLowerCase()} (since ${formatAgo(alert.openedAt, now)}), ${SEVERITY_LABEL[alert.severity].toLowerCase()} severity, ${plural(alert.occurrences, 'occurrence')}.`;
  const headline = overdue
    ? `:alarm_clock: *Task overdue since ${due}* (${formatAgo(task.dueAt, now)})`
    : `:alarm_clock: *Task due ${due}* (${formatAgo(task.dueAt, now)})`;
  return {
    text: safeText(`Task ${overdue ? 'overdue' : 'due'}: ${task.title} (due ${due})`, 3000),
    blocks: [
      section(`${headline}\n*${safeText(task.title, 300)}* · ${task.priority} priority`),
      context([safeText(state, 1000)]),
      { type: 'actions', block_id: 'alert.reminder_actions', elements: [viewStatusButton(alert.signalId)] },
    ],
  };
}

/** One CSM's share of an upstream (vendor) outage; see src/domain/detection/outage.ts. */
export interface UpstreamAlertView {
  integrationType: IntegrationType;
  integrationLabel: string;
  /** Customers affected across all CSMs. */
  totalCustomers: number;
  /** Epoch ms of the first failure in the outage. */
  firstAt: number;
  /** This CSM's affected customers (any order; the view sorts them). */
  customers: {
    customerId: string;
    customerName: string;
    signalId: string;
    severity: Severity;
    arrUsd: number | null;
    status: HealthStatus;
  }[];
}

/**
 * One message for an upstream outage instead of one alert per customer: "Upstream: Salesforce is failing
 * for 14 customers (5 of yours)", since when (in the CSM's zone), and this CSM's customers — most severe
 * first, then highest ARR, then name — each with a View status button. Buttons use indexed action_ids
 * (`alert.view_status:0`, `:1`, … — match them with `actionIdPattern(ACTION.alertViewStatus)`), value = the
 * customer's signal id. The first 40 customers get a row; the rest are named in one "+N more" line, so any
 * number of customers fits in 50 blocks and the text budget.
 * @throws RangeError for a signal id that is empty or longer than a button value may be
 * @example buildUpstreamAlert(model, opts).blocks[0] // header ':rotating_light: Upstream: Salesforce is failing for 14 customers (5 of yours)'
 */
export function buildUpstreamAlert(model: UpstreamAlertView, opts: ViewClock): SlackMessage {
  const { now, timeZone } = opts;
  const mine = model.customers.length;
  const total = Math.max(model.totalCustomers, mine);
  const sorted = [...model.customers].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      (b.arrUsd ?? -1) - (a.arrUsd ?? -1) ||
      a.customerName.localeCompare(b.customerName),
  );
  const label = model.integrationLabel;
  const headline = `Upstream: ${label} is failing for ${plural(total, 'customer')} (${mine} of yours)`;
  const since = formatZonedShort(model.firstAt, now, timeZone);
  const blocks: KnownBlock[] = [
    header(`:rotating_light: ${headline}`),
    section(
      `Since *${since}* (${formatAgo(model.firstAt, now)}) — likely a vendor outage rather than anything your customers changed. Check ${safeText(label, NAME_CHARS)}'s status page before contacting them.`,
    ),
  ];
  for (const [i, c] of sorted.slice(0, UPSTREAM_ROWS).entries()) {
    checkButtonValue(c.signalId);
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${SEVERITY_EMOJI[c.severity]} *${safeText(c.customerName, NAME_CHARS)}* · ${SEVERITY_LABEL[c.severity]} · ${STATUS_LABEL[c.status]} · ${formatUsd(c.arrUsd)} ARR`,
      },
      accessory: viewStatusButton(c.signalId, listActionId(ACTION.alertViewStatus, i), 'View status'),
    });
  }
  if (sorted.length > UPSTREAM_ROWS) {
    const rest = sorted.slice(UPSTREAM_ROWS);
    const names = rest.map((c) => truncate(c.customerName, 40)).join(', ');
    blocks.push(context([safeText(`+${rest.length} more of your customers: ${names}`, 1500)]));
  }
  if (sorted.length === 0) blocks.push(context(['None of your customers is affected so far.']));
  return { text: safeText(`${headline} since ${since} — likely a vendor outage`, 3000), blocks };
}

function noteLines(alert: AlertView): string[] {
  const lines = [`*Why:* ${safeText(alert.reason, 500)}`];
  if (alert.reopened) lines.push(':repeat: *Reopened:* failed again within 24 h of being resolved.');
  if (alert.history.chronic) lines.push(chronicLine(alert));
  if (alert.inMaintenance) {
    lines.push(':construction: Recorded during a maintenance window; sent now that the window has ended.');
  }
  return lines;
}

function chronicLine(alert: AlertView): string {
  return `:warning: *Chronic:* ${plural(alert.history.disconnects30d, 'disconnect')} in 30 days`;
}

function classLabel(alert: AlertView): string {
  const label = FAILURE_CLASS_LABEL[alert.failureClass];
  return label.charAt(0).toUpperCase() + label.slice(1);
}

function errorText(alert: AlertView): string {
  const code = alert.errorCode ? inlineCode(alert.errorCode, 60) : null;
  const message = alert.errorMessage ? safeText(alert.errorMessage.replace(/\s+/g, ' '), 300) : null;
  if (!code && !message) return 'No error code reported';
  return [code, message].filter(Boolean).join(' ');
}

function severityReason(alert: AlertView): string {
  const arr =
    alert.customer.arrUsd === null || !Number.isFinite(alert.customer.arrUsd)
      ? 'ARR unknown (counted as mid band)'
      : `${formatUsd(alert.customer.arrUsd)} ARR`;
  const base = alert.criticality ? `${alert.criticality} integration × ${arr}` : arr;
  return alert.status === 'degraded' ? `${base}, one step lower while degraded` : base;
}

const NO_CONTACT = ":warning: No technical contact on file — fix instructions can't be emailed";

function contactText(alert: AlertView): string {
  const c = alert.customer.technicalContact;
  if (!c) return NO_CONTACT;
  const who = [c.name, c.role].filter((x): x is string => Boolean(x)).map((x) => safeText(x, NAME_CHARS));
  const email = safeText(c.email, 200);
  return who.length > 0 ? `${who.join(', ')}\n${email}` : email;
}

function historyText(alert: AlertView): string {
  const h = alert.history;
  return [
    plural(h.disconnects30d, 'disconnect'),
    `uptime ${h.uptime30d === null ? '–' : formatPercent(h.uptime30d)}`,
    `MTTR ${h.mttrMs === null ? '–' : formatDuration(h.mttrMs)}`,
  ].join(' · ');
}

function impactBlocks(alert: AlertView): KnownBlock[] {
  const stops = alert.impact.stops.slice(0, MAX_STOPS).map((s) => `• ${safeText(s, 150)}`);
  if (alert.impact.stops.length > MAX_STOPS) stops.push(`+${alert.impact.stops.length - MAX_STOPS} more`);
  const summary = safeText(alert.impact.summary, 400);
  if (!summary && stops.length === 0) return [];
  return [section([`*Impact:* ${summary}`, ...(stops.length > 0 ? ['What stops working:', ...stops] : [])].join('\n'))];
}

function endpointBlocks(alert: AlertView): KnownBlock[] {
  if (alert.endpoints.length === 0) return [];
  const lines = alert.endpoints.slice(0, MAX_ENDPOINTS).map((e) => `• ${inlineCode(e, ENDPOINT_CHARS)}`);
  if (alert.endpoints.length > MAX_ENDPOINTS) lines.push(`+${alert.endpoints.length - MAX_ENDPOINTS} more`);
  return [section([`*Failing endpoints* (${alert.endpoints.length}; the rest still work)`, ...lines].join('\n'))];
}

function stepBlocks(alert: AlertView): KnownBlock[] {
  if (alert.steps.length === 0) return [];
  const lines = alert.steps.slice(0, MAX_STEPS).map((s, i) => `${i + 1}. ${truncate(s, STEP_CHARS)}`);
  if (alert.steps.length > MAX_STEPS) lines.push(`+${alert.steps.length - MAX_STEPS} more steps`);
  return chunkLines(['*Troubleshooting*', ...lines], LIMITS.sectionText).map((t) => section(t));
}

function emailLine(alert: AlertView, now: number, timeZone: string): string | null {
  const contact = alert.customer.technicalContact;
  // Without a contact the contact field already says why nothing was emailed.
  if (!contact) return null;
  const to = safeText(alert.email.to ?? contact.email, 200);
  const e = alert.email;
  switch (e.state) {
    case 'sent':
      return `:email: Fix instructions emailed to ${to}${e.at === null ? '' : ` at ${formatZonedShort(e.at, now, timeZone)}`}`;
    case 'awaiting_approval':
      return `:email: Fix instructions for ${to} are awaiting your approval — press *Send Fix Instructions*`;
    case 'failed':
      return `:x: Emailing fix instructions to ${to} failed: ${safeText(e.error ?? 'unknown error', 300)} — press *Send Fix Instructions* to retry`;
    case 'pending':
      return `:hourglass_flowing_sand: Fix instructions are being emailed to ${to}`;
    case 'disabled':
      return `:no_entry_sign: Customer email is turned off, so fix instructions aren't emailed — share the steps with ${to} yourself`;
    case 'no_contact':
      return NO_CONTACT;
  }
}

function taskLine(alert: AlertView, now: number, timeZone: string): string | null {
  const t = alert.task;
  if (!t) return null;
  const title = safeText(t.title, 300);
  if (t.done) return `:white_check_mark: Task done: ${title}`;
  const due = formatZonedShort(t.dueAt, now, timeZone);
  if (t.overdue || now > t.dueAt) {
    return `:alarm_clock: Task *overdue*: ${title} · ${t.priority} priority · was due ${due} (${formatAgo(t.dueAt, now)})`;
  }
  return `:clipboard: Task: ${title} · ${t.priority} priority · due ${due} (${formatAgo(t.dueAt, now)})`;
}

function contextLines(alert: AlertView, now: number, timeZone: string): string[] {
  const lines: string[] = [];
  if (alert.acknowledgedBy) lines.push(`:eyes: Acknowledged by <@${safeText(alert.acknowledgedBy, 40)}>`);
  if (alert.lifecycle === 'snoozed' && alert.snoozedUntil !== null) {
    lines.push(
      alert.snoozedUntil > now
        ? `:zzz: Snoozed until ${formatZonedShort(alert.snoozedUntil, now, timeZone)}`
        : `:zzz: Snooze ended ${formatAgo(alert.snoozedUntil, now)}`,
    );
  }
  if (alert.integration.declaredType) {
    lines.push(`Reported as integration type ${inlineCode(alert.integration.declaredType, 60)}`);
  }
  return lines;
}

function alertActions(alert: AlertView): ActionsBlock {
  const id = alert.signalId;
  const contact = alert.customer.technicalContact;
  const elements: (Button | StaticSelect)[] = [];
  if (contact && alert.email.state !== 'disabled' && alert.email.state !== 'no_contact') {
    const resend = alert.email.state === 'sent';
    const to = alert.email.to ?? contact.email;
    elements.push({
      type: 'button',
      action_id: ACTION.alertSendFix,
      text: { type: 'plain_text', text: resend ? 'Resend Fix Instructions' : 'Send Fix Instructions' },
      value: id,
      ...(resend ? {} : { style: 'primary' as const }),
      confirm: {
        title: { type: 'plain_text', text: resend ? 'Resend fix instructions?' : 'Email fix instructions?' },
        text: {
          type: 'plain_text',
          text: truncate(`The troubleshooting steps for ${alert.integration.label} go to ${to}.`, 300),
        },
        confirm: { type: 'plain_text', text: 'Send' },
        deny: { type: 'plain_text', text: 'Cancel' },
      },
    });
  }
  elements.push(
    {
      type: 'button',
      action_id: ACTION.alertScheduleCall,
      text: { type: 'plain_text', text: 'Schedule Tech Call' },
      value: id,
    },
    viewStatusButton(id),
  );
  if (alert.lifecycle !== 'acknowledged' && !alert.acknowledgedBy) {
    elements.push({
      type: 'button',
      action_id: ACTION.alertAcknowledge,
      text: { type: 'plain_text', text: 'Acknowledge' },
      value: id,
    });
  }
  elements.push({
    type: 'static_select',
    action_id: ACTION.alertSnooze,
    placeholder: { type: 'plain_text', text: alert.lifecycle === 'snoozed' ? 'Snooze again…' : 'Snooze…' },
    options: SNOOZE_OPTIONS.map((o) => ({
      text: { type: 'plain_text' as const, text: o.label },
      value: `${id}|${o.suffix}`,
    })),
  });
  return { type: 'actions', block_id: 'alert.actions', elements };
}

function viewStatusButton(
  signalId: string,
  actionId: string = ACTION.alertViewStatus,
  label = 'View Integration Status',
): Button {
  return { type: 'button', action_id: actionId, text: { type: 'plain_text', text: label }, value: signalId };
}

function checkSignalId(signalId: string): void {
  if (signalId.length === 0 || signalId.length > MAX_SIGNAL_ID) {
    throw new RangeError(`signalId must be 1–${MAX_SIGNAL_ID} characters`);
  }
}

function checkButtonValue(signalId: string): void {
  if (signalId.length === 0 || signalId.length > LIMITS.buttonValue) {
    throw new RangeError(`signalId must be 1–${LIMITS.buttonValue} characters`);
  }
}

function header(text: string): HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: truncate(text, LIMITS.headerText), emoji: true } };
}

function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) } };
}

function field(title: string, body: string): MrkdwnElement {
  return { type: 'mrkdwn', text: truncate(`*${title}*\n${body}`, LIMITS.sectionFieldText) };
}

function context(lines: string[]): ContextBlock {
  return {
    type: 'context',
    elements: lines
      .slice(0, LIMITS.contextElements)
      .map((text) => ({ type: 'mrkdwn' as const, text: truncate(text, LIMITS.sectionFieldText) })),
  };
}
