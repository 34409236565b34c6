/**
 * People-friendly number, date and bar formatting shared by the text and Markdown report renderers.
 * Pure; all dates are read and shown in UTC; locale fixed to en-US so output is stable.
 */
import type { HealthStatus, Issue, Severity } from './types.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Whole number with thousands separators.
 * @example formatInt(45234) // "45,234"
 */
export function formatInt(n: number): string {
  if (!Number.isFinite(n)) return '—';
  return groupThousands(Math.round(n));
}

/**
 * `n.toLocaleString('en-US')` for a whole number, without ICU for safe integers: the first
 * toLocaleString call of a process costs ~10 ms of locale set-up, a tenth of a small file's scoring.
 * @example groupThousands(-1234567) // "-1,234,567"
 */
export function groupThousands(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  if (Object.is(n, -0)) return '-0';
  const digits = String(Math.abs(n));
  let out = '';
  for (let end = digits.length; end > 0; end -= 3)
    out = end - 3 > 0 ? `,${digits.slice(end - 3, end)}${out}` : digits.slice(0, end) + out;
  return n < 0 ? `-${out}` : out;
}

/**
 * A 0–1 fraction as a percentage: one decimal, trailing ".0" kept off for 0 and 100, two decimals
 * when one would round a non-perfect rate to 100% or a non-zero rate to 0%.
 * @example formatPct(0.9912) // "99.1%"; formatPct(0.99996) // "99.99%"; formatPct(1) // "100%"
 */
export function formatPct(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  if (rate === 0) return '0%';
  if (rate === 1) return '100%';
  const pct = rate * 100;
  let s = pct.toFixed(1);
  if (s === '100.0' || s === '0.0' || s === '-0.0') s = pct.toFixed(2);
  if (s === '100.00') s = '99.99';
  if (s === '0.00') s = '<0.01';
  return `${s}%`;
}

/**
 * Milliseconds for people: "850 ms", "1.2 s", "2.5 min"; "—" when null/NaN.
 * @example formatMs(1234) // "1.2 s"
 */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

/**
 * Bytes for people (binary units): "512 B", "1.0 MB".
 * @example formatBytes(1_048_576) // "1.0 MB"
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—';
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

/**
 * ISO date(-time) → "Jan 15 2026" (UTC). Returns the input unchanged when it is not a date.
 * @example formatDate('2026-01-15T08:00:00Z') // "Jan 15 2026"
 */
export function formatDate(iso: string | null | undefined, withYear = true): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const s = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  return withYear ? `${s} ${d.getUTCFullYear()}` : s;
}

/**
 * A date range, compact: "Jan 1–29 2026", "Jan 5–Feb 1 2026", "Dec 29 2025–Jan 25 2026"; "—" when null.
 * @example formatPeriod('2026-01-01T00:00:00Z', '2026-01-29T23:00:00Z') // "Jan 1–29 2026"
 */
export function formatPeriod(from: string | null | undefined, to: string | null | undefined): string {
  if (!from || !to) return '—';
  const a = new Date(from);
  const b = new Date(to);
  if (Number.isNaN(a.getTime()) || Number.isNaN(b.getTime())) return `${from}–${to}`;
  const [ay, am, ad] = [a.getUTCFullYear(), a.getUTCMonth(), a.getUTCDate()];
  const [by, bm, bd] = [b.getUTCFullYear(), b.getUTCMonth(), b.getUTCDate()];
  if (ay !== by) return `${MONTHS[am]} ${ad} ${ay}–${MONTHS[bm]} ${bd} ${by}`;
  if (am !== bm) return `${MONTHS[am]} ${ad}–${MONTHS[bm]} ${bd} ${by}`;
  if (ad !== bd) return `${MONTHS[am]} ${ad}–${bd} ${by}`;
  return `${MONTHS[am]} ${ad} ${ay}`;
}

/**
 * A 0–100 score as a bar of `width` cells: "██████████████░░░░░░" for 72 at width 20.
 * Out-of-range scores are clamped.
 */
export function scoreBar(score: number, width = 20): string {
  const filled = Math.round((Math.max(0, Math.min(100, score)) / 100) * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

/** Error-rate bars are scaled to at least 5%, so 0.1% every week reads as low, not as a full bar. */
export const ERROR_RATE_SCALE_FLOOR = 0.05;

const SPARKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/**
 * One block character per value, scaled to the largest value or `floor`, whichever is bigger (so a flat,
 * tiny series stays low instead of filling the bars); all "▁" when every value is 0.
 * @example sparkline([0, 0.05, 0.1]) // "▁▅█"; sparkline([0.001, 0.001], 0.02) // "▁▁"
 */
export function sparkline(values: number[], floor = 0): string {
  const max = Math.max(floor, ...values.filter(Number.isFinite));
  return values
    .map((v) =>
      max <= 0 || !Number.isFinite(v) ? SPARKS[0] : SPARKS[Math.min(7, Math.round((Math.max(0, v) / max) * 7))],
    )
    .join('');
}

/**
 * Active users for a table cell: "4,402 / 3,502" (all / last 7 days), "4,402" when the 7-day figure is
 * unknown, "—" when the integration's records name no user.
 * @example formatUsers({ activeUsers: 38, activeUsersLast7Days: 31 }) // "38 / 31"
 */
export function formatUsers(i: { activeUsers: number | null; activeUsersLast7Days: number | null }): string {
  if (i.activeUsers === null || i.activeUsers === undefined) return '—';
  const recent = i.activeUsersLast7Days;
  return recent === null || recent === undefined
    ? formatInt(i.activeUsers)
    : `${formatInt(i.activeUsers)} / ${formatInt(recent)}`;
}

/** "At risk", "Healthy", "Critical". */
export function statusLabel(status: HealthStatus): string {
  return status === 'at_risk' ? 'At risk' : status === 'healthy' ? 'Healthy' : 'Critical';
}

/** Sort key: critical first. */

/** "Critical", "High", "Medium", "Low". */
export function severityLabel(severity: Severity): string {
  return severity.charAt(0).toUpperCase() + severity.slice(1);
}

export { truncate } from '../text.js';

/**
 * Greedy word wrap to `width` columns; continuation lines get `indent`. Words longer than a line
 * are left whole (a long URL is better unbroken).
 */
export function wrap(text: string, width: number, indent = '', firstIndent = indent): string[] {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let line = firstIndent;
  let empty = true;
  for (const w of words) {
    if (!empty && line.length + 1 + w.length > width) {
      lines.push(line);
      line = indent + w;
    } else {
      line += (empty ? '' : ' ') + w;
    }
    empty = false;
  }
  if (!empty || lines.length === 0) lines.push(line);
  return lines;
}

/** "1 integration" / "5 integrations". */
export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${formatInt(n)} ${n === 1 ? word : pluralWord}`;
}

const hhmm = (iso: string): string => new Date(iso).toISOString().slice(11, 16);
/** Whether a date-time names a time of day: day-resolution datings are exactly midnight UTC. */
const hasTimeOfDay = (iso: string): boolean => {
  const t = Date.parse(iso);
  return Number.isFinite(t) && t % 86_400_000 !== 0;
};
const dateTime = (iso: string, withTime: boolean): string =>
  withTime ? `${formatDate(iso)} ${hhmm(iso)} UTC` : formatDate(iso);

/**
 * When an issue began, short, for one line of a chat message, a ticket or a draft (UTC):
 * "since the start of the file" when present from the first bucket; "since Jan 20 2026 14:37 UTC" when the
 * onset is hourly-precise (a step or burst placed on the hourly series, or a `since` with a time of day);
 * "since Jan 20 2026" for a ramp, a latency change or an issue dated by day; "on Jan 18 2026 21:04–23:00 UTC"
 * for a burst that ended; null when neither `onset` nor `since` is known.
 * @example formatSince({ since: '2026-01-20T14:37:10Z', onset: { at: '2026-01-20T14:37:10Z', model: 'step', … } })
 * // "since Jan 20 2026 14:37 UTC"
 */
export function formatSince(issue: Pick<Issue, 'since' | 'onset'>): string | null {
  const o = issue.onset;
  if (!o) return issue.since ? `since ${dateTime(issue.since, hasTimeOfDay(issue.since))}` : null;
  if (o.fromStart || o.at === null) return 'since the start of the file';
  const precise = o.model !== 'ramp' && o.unit !== 'ms' && hasTimeOfDay(o.at);
  if (o.model === 'burst' && o.until)
    return precise ? `on ${formatDate(o.at)} ${hhmm(o.at)}–${hhmm(o.until)} UTC` : `on ${formatDate(o.at)}`;
  return `since ${dateTime(o.at, precise)}`;
}

/**
 * {@link formatSince} for a line that starts with the issue's title: null when the title already dates
 * the issue ("… since Jan 20 14:37 UTC …", "… on Jan 18 21:04–23:00 UTC …"), so the line says it once.
 * @example sinceNote({ title: 'Timeouts (4.0% of calls)', since: null, onset: { fromStart: true, … } }) // "since the start of the file"
 */
export function sinceNote(issue: Pick<Issue, 'title' | 'since' | 'onset'>): string | null {
  if (/\bsince\b/i.test(issue.title) || /\bon [A-Z][a-z]{2} \d{1,2} \d\d:\d\d–/.test(issue.title)) return null;
  return formatSince(issue);
}

/**
 * When an issue began, for reports: {@link formatSince} with the levels before and after, e.g.
 * "since Jan 20 2026 14:37 UTC (0.3% before, 12.0% after)" (ms for latency; "by the end" for a ramp;
 * "from … to …" with the level during a burst); "since the start of the file" when present from the
 * first bucket; null when neither is known.
 * @example formatOnset({ …, onset: { at: '2026-01-20T14:37:10Z', model: 'step', before: 0.003, after: 0.12, unit: 'rate', fromStart: false } })
 * // "since Jan 20 2026 14:37 UTC (0.3% before, 12.0% after)"
 */
export function formatOnset(issue: Pick<Issue, 'since' | 'onset'>): string | null {
  const o = issue.onset;
  const since = formatSince(issue);
  if (!o || o.fromStart || o.at === null) return since;
  const level = (v: number): string => (o.unit === 'ms' ? `${groupThousands(Math.round(v))} ms` : formatPct(v));
  const levels = `${o.before === null ? '' : `${level(o.before)} before, `}${level(o.after)} ${o.model === 'ramp' ? 'by the end' : 'after'}`;
  if (o.model === 'burst' && o.until) {
    const from = dateTime(o.at, o.unit !== 'ms' && hasTimeOfDay(o.at));
    return `from ${from} to ${hhmm(o.until)} UTC (${levels.replace(' after', ' during')})`;
  }
  return `${since} (${levels})`;
}

/**
 * Where the failures concentrate, for reports: "endpoint /batch, requests ≥ 1 MB: 62.0% errors vs 0.4% elsewhere";
 * null when the issue has no slice.
 */
export function formatSlice(issue: Pick<Issue, 'slice'>): string | null {
  const s = issue.slice;
  return s ? `${s.label}: ${formatPct(s.rate)} errors vs ${formatPct(s.restRate)} elsewhere` : null;
}
