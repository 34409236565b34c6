import type { KnownBlock, ModalView, SectionBlock } from '@slack/types';
import type { Severity } from '../src/domain/detection/severity.js';
import type { FailureClass, HealthStatus } from '../src/domain/detection/types.js';
import type { IntegrationType } from '../src/domain/records.js';
import type { ViewClock } from './alert-message.js';
import {
  FAILURE_CLASS_LABEL,
  formatAgo,
  formatDuration,
  formatPercent,
  formatZoned,
  inlineCode,
  plural,
  SEVERITY_EMOJI,
  SEVERITY_LABEL,
  STATUS_EMOJI,
  STATUS_LABEL,
  safeText,
} from './format.js';
import { chunkLines, LIMITS, truncate } from './limits.js';

/** What the View Integration Status modal shows for one customer × integration. */
export interface IntegrationStatusView {
  customerName: string;
  /** Times are epoch ms, null when unknown. */
  integration: {
    label: string;
    type: IntegrationType;
    status: HealthStatus | 'unknown';
    since: number | null;
    connectedAt: number | null;
    lastSuccessAt: number | null;
    lastFailureAt: number | null;
  };
  openSignals: {
    id: string;
    failureClass: FailureClass;
    status: HealthStatus;
    severity: Severity;
    lifecycle: 'open' | 'acknowledged' | 'snoozed';
    reason: string;
    openedAt: number;
    occurrences: number;
    errorCode: string | null;
  }[];
  /** Newest first. */
  recentEvents: {
    type: string;
    occurredAt: number;
    errorCode: string | null;
    endpoint: string | null;
    message: string | null;
  }[];
  /** Uptimes are fractions in [0, 1]; MTTR in ms. */
  history: {
    uptime30d: number;
    uptime90d: number;
    incidents30d: number;
    incidents90d: number;
    mttrMs: number | null;
    chronic: boolean;
  };
}

/** Recent events listed before "+N more", and open signals shown in detail. */
export const STATUS_MODAL_EVENTS = 15;
const MAX_SIGNALS = 20;
const EVENT_MESSAGE_CHARS = 150;

/**
 * The View Integration Status modal (views.open): current status and since when, connection and last
 * success/failure times (relative and in `opts.timeZone`), 30/90-day uptime, incidents and mean time to
 * resolve with the chronic flag, the open issues (up to 20) and the last 15 events, newest first, with
 * "+N more". A read-only modal: title "Integration status" (≤ 24 characters), a Close button, no submit,
 * and no callback_id. Stays far below 100 blocks whatever the input.
 * @example buildIntegrationStatusModal(model, { now, timeZone: 'America/New_York' }).blocks[0] // header 'Salesforce — Acme Corp'
 */
export function buildIntegrationStatusModal(model: IntegrationStatusView, opts: ViewClock): ModalView {
  const { now, timeZone } = opts;
  const i = model.integration;
  const when = (at: number | null, none: string) =>
    at === null ? none : `${formatAgo(at, now)}\n${formatZoned(at, timeZone)}`;
  const h = model.history;
  const historyLines = [
    `*History* · uptime ${formatPercent(h.uptime30d)} (30 d), ${formatPercent(h.uptime90d)} (90 d)`,
    `${plural(h.incidents30d, 'incident')} in 30 days, ${h.incidents90d} in 90 days · mean time to resolve ${h.mttrMs === null ? '–' : formatDuration(h.mttrMs)}`,
  ];
  if (h.chronic) historyLines.push(`:warning: *Chronic:* ${plural(h.incidents30d, 'disconnect')} in 30 days`);
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncate(`${i.label} — ${model.customerName}`, LIMITS.headerText),
        emoji: true,
      },
    },
    {
      type: 'section',
      fields: [
        field(
          'Status',
          `${STATUS_EMOJI[i.status]} ${STATUS_LABEL[i.status]}${i.since === null ? '' : `\nsince ${formatAgo(i.since, now)}`}`,
        ),
        field('Connected', i.connectedAt === null ? 'unknown' : formatZoned(i.connectedAt, timeZone)),
        field('Last success', when(i.lastSuccessAt, 'none recorded')),
        field('Last failure', when(i.lastFailureAt, 'none recorded')),
      ],
    },
    section(historyLines.join('\n')),
    { type: 'divider' },
    ...signalBlocks(model, now, timeZone),
    { type: 'divider' },
    ...eventBlocks(model, timeZone),
  ];
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'Integration status' },
    close: { type: 'plain_text', text: 'Close' },
    blocks,
  };
}

function signalBlocks(model: IntegrationStatusView, now: number, timeZone: string): KnownBlock[] {
  if (model.openSignals.length === 0) return [section('*Open issues*\nNo open issues.')];
  const blocks: KnownBlock[] = [section(`*Open issues* (${model.openSignals.length})`)];
  for (const s of model.openSignals.slice(0, MAX_SIGNALS)) {
    const state =
      s.lifecycle === 'open' ? '' : ` · ${s.lifecycle === 'acknowledged' ? ':eyes: acknowledged' : ':zzz: snoozed'}`;
    blocks.push(
      section(
        [
          `${SEVERITY_EMOJI[s.severity]} *${SEVERITY_LABEL[s.severity]}* · ${STATUS_LABEL[s.status]} · ${FAILURE_CLASS_LABEL[s.failureClass]}${state}`,
          safeText(s.reason, 500),
          `Open since ${formatZoned(s.openedAt, timeZone)} (${formatAgo(s.openedAt, now)}) · ${plural(s.occurrences, 'occurrence')}${s.errorCode ? ` · ${inlineCode(s.errorCode, 60)}` : ''}`,
        ].join('\n'),
      ),
    );
  }
  if (model.openSignals.length > MAX_SIGNALS) {
    blocks.push(context(`+${model.openSignals.length - MAX_SIGNALS} more open issues`));
  }
  return blocks;
}

function eventBlocks(model: IntegrationStatusView, timeZone: string): KnownBlock[] {
  const events = model.recentEvents;
  if (events.length === 0) return [section('*Recent events*\nNo events recorded yet.')];
  const lines = events.slice(0, STATUS_MODAL_EVENTS).map((e) => {
    const parts = [`${formatZoned(e.occurredAt, timeZone)} · ${inlineCode(e.type, 40)}`];
    if (e.errorCode) parts.push(inlineCode(e.errorCode, 40));
    if (e.endpoint) parts.push(inlineCode(e.endpoint, 80));
    if (e.message) parts.push(safeText(e.message.replace(/\s+/g, ' '), EVENT_MESSAGE_CHARS));
    return parts.join(' ');
  });
  const blocks: KnownBlock[] = chunkLines(['*Recent events* (newest first)', ...lines], LIMITS.sectionText).map((t) =>
    section(t),
  );
  if (events.length > STATUS_MODAL_EVENTS) blocks.push(context(`+${events.length - STATUS_MODAL_EVENTS} more events`));
  return blocks;
}

function field(title: string, body: string): { type: 'mrkdwn'; text: string } {
  return { type: 'mrkdwn', text: truncate(`*${title}*\n${body}`, LIMITS.sectionFieldText) };
}

function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) } };
}

function context(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, LIMITS.sectionFieldText) }] };
}
