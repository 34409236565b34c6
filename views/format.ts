import type { Severity } from '../src/domain/detection/severity.js';
import { formatDuration } from '../src/domain/detection/state.js';
import type { FailureClass, HealthStatus } from '../src/domain/detection/types.js';
import { truncate } from './limits.js';

/**
 * Formatting shared by the integration-alert views: durations, relative and zoned times, money, percentages
 * and mrkdwn escaping. Pure: `now` and the IANA `timeZone` are always parameters.
 */

export { formatDuration };

/**
 * How long ago `at` was at `now` (both epoch ms): "just now" under a minute, "2 h 14 min ago", or
 * "in 5 min" for a future time.
 * @example formatAgo(now - 134 * 60_000, now) // '2 h 14 min ago'
 */
export function formatAgo(at: number, now: number): string {
  const diff = now - at;
  if (Math.abs(diff) < 60_000) return 'just now';
  return diff > 0 ? `${formatDuration(diff)} ago` : `in ${formatDuration(-diff)}`;
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
function dateTimeFormat(timeZone: string, locale: 'en-GB' | 'en-US'): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}`;
  let f = dateTimeFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    dateTimeFormats.set(key, f);
  }
  return f;
}

function zonedParts(at: number, timeZone: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of dateTimeFormat(timeZone, 'en-GB').formatToParts(at)) out[p.type] = p.value;
  // en-GB names European zones (CET, GMT) but writes "GMT-5" for New York, where en-US says "EST".
  if (/^GMT[+-]/.test(out.timeZoneName ?? '')) {
    const us = dateTimeFormat(timeZone, 'en-US')
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value;
    if (us && !/^GMT[+-]/.test(us)) out.timeZoneName = us;
  }
  return out;
}

/**
 * An instant as the CSM's wall clock shows it: "Tue 1 Dec, 14:03 CET". Throws RangeError for an unknown zone.
 * @param at epoch ms
 * @param timeZone IANA zone, e.g. 'Europe/Berlin'
 * @example formatZoned(Date.UTC(2026, 11, 1, 13, 3), 'America/New_York') // 'Tue 1 Dec, 08:03 EST'
 */
export function formatZoned(at: number, timeZone: string): string {
  const p = zonedParts(at, timeZone);
  return `${p.weekday} ${p.day} ${p.month}, ${p.hour}:${p.minute} ${p.timeZoneName}`;
}

/**
 * Like {@link formatZoned} but only "14:03 CET" when `at` falls on the same local day as `now`.
 * @example formatZonedShort(now - 3_600_000, now, 'Europe/Berlin') // '13:03 CET'
 */
export function formatZonedShort(at: number, now: number, timeZone: string): string {
  const p = zonedParts(at, timeZone);
  const n = zonedParts(now, timeZone);
  if (p.day === n.day && p.month === n.month && Math.abs(now - at) < 2 * 86_400_000) {
    return `${p.hour}:${p.minute} ${p.timeZoneName}`;
  }
  return formatZoned(at, timeZone);
}

/**
 * "2 h 14 min ago (Tue 1 Dec, 14:03 CET)": relative and absolute in the CSM's zone.
 * @example formatWhen(openedAt, now, 'Europe/Berlin')
 */
export function formatWhen(at: number, now: number, timeZone: string): string {
  return `${formatAgo(at, now)} (${formatZoned(at, timeZone)})`;
}

/**
 * US dollars per year, compact: "$900", "$25k", "$620k", "$1.2M"; "unknown" for null/NaN.
 * @example formatUsd(620_000) // '$620k'
 */
export function formatUsd(usd: number | null | undefined): string {
  if (usd === null || usd === undefined || !Number.isFinite(usd)) return 'unknown';
  const abs = Math.abs(usd);
  const sign = usd < 0 ? '-' : '';
  if (abs >= 999_500) return `${sign}$${(abs / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
  if (abs >= 1000) return `${sign}$${Math.round(abs / 1000)}k`;
  return `${sign}$${Math.round(abs)}`;
}

/**
 * A fraction in [0, 1] as a percentage with one decimal, rounded down so that 99.99 % never shows as 100 %.
 * @example formatPercent(0.99237) // '99.2%'
 */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '–';
  const tenths = Math.floor(Math.max(0, Math.min(1, fraction)) * 1000 + 1e-9);
  return `${(tenths / 10).toFixed(1)}%`;
}

/**
 * Escapes `&`, `<` and `>` as Slack requires in mrkdwn and message text, so text from customers or vendors
 * ("<!channel>", "a<b") can't mention anyone or break a link.
 * @example escapeMrkdwn('<!channel> & co') // '&lt;!channel&gt; &amp; co'
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Escapes `text` for mrkdwn and cuts it to at most `max` characters, never leaving half an entity.
 * @example safeText('a & b', 5) // 'a …' (not 'a &am…')
 */
export function safeText(text: string, max: number): string {
  const cut = truncate(escapeMrkdwn(text), max);
  return cut.endsWith('…') ? cut.replace(/&[a-z]*…$/, '…') : cut;
}

/**
 * Text inside inline code (`` `x` ``): backticks would end the span, so they become single quotes.
 * @example inlineCode('invalid_grant') // '`invalid_grant`'
 */
export function inlineCode(text: string, max: number): string {
  return `\`${safeText(text.replace(/`/g, "'").replace(/\s+/g, ' '), max)}\``;
}

/** "1 failure", "3 failures". */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : pluralForm}`;
}

export const SEVERITY_EMOJI: Record<Severity, string> = {
  critical: ':red_circle:',
  high: ':large_orange_circle:',
  medium: ':large_yellow_circle:',
  low: ':white_circle:',
};

export const SEVERITY_LABEL: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

export { SEVERITY_RANK } from '../src/domain/severity.js';

export const STATUS_EMOJI: Record<HealthStatus | 'unknown', string> = {
  healthy: ':large_green_circle:',
  degraded: ':large_yellow_circle:',
  disconnected: ':red_circle:',
  unknown: ':white_circle:',
};

export const STATUS_LABEL: Record<HealthStatus | 'unknown', string> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  disconnected: 'Disconnected',
  unknown: 'Unknown',
};

export const FAILURE_CLASS_LABEL: Record<FailureClass, string> = {
  auth: 'authentication (401/403)',
  oauth: 'OAuth token',
  webhook: 'webhook delivery',
  sso: 'single sign-on',
  partial: 'partial failure',
  silent: 'no data received',
  sync: 'sync errors',
};
