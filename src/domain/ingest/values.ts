/**
 * Cell-level converters shared by every format: timestamps, statuses, durations, endpoints.
 * Hot-path functions use charCode checks instead of regexes; the slow paths (human dates, text
 * statuses) are only reached for values the fast path does not recognise.
 */

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * Parses the fixed ISO 8601 layouts `YYYY-MM-DD`, `YYYY-MM-DD[T ]hh:mm[:ss[.fff…]][Z|±hh[:mm]]` to epoch ms.
 * A value without a zone is read as UTC. Returns NaN when the value is not in this layout (callers then
 * try {@link parseTimestamp}'s slower paths). About 10× faster than `Date.parse`, and equal to it for
 * zoned values (zone-less date-times equal `Date.parse(value + 'Z')`).
 * @example parseIsoTimestamp('2026-01-05T14:03:22.5+01:00') // Date.UTC(2026, 0, 5, 13, 3, 22, 500)
 */
export function parseIsoTimestamp(s: string): number {
  const n = s.length;
  if (n < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return Number.NaN;
  const y1 = d2(s, 0);
  const y2 = d2(s, 2);
  const mo = d2(s, 5);
  const d = d2(s, 8);
  if (y1 < 0 || y2 < 0 || mo < 1 || mo > 12 || d < 1 || d > 31) return Number.NaN;
  const days = daysFromCivil(y1 * 100 + y2, mo, d);
  if (n === 10) return days * MS_PER_DAY;
  const sep = s.charCodeAt(10);
  if ((sep !== 84 && sep !== 32 && sep !== 116) || n < 16 || s.charCodeAt(13) !== 58) return Number.NaN;
  const h = d2(s, 11);
  const mi = d2(s, 14);
  if (h < 0 || h > 24 || mi < 0 || mi > 59) return Number.NaN;
  let sec = 0;
  let i = 16;
  if (i < n && s.charCodeAt(i) === 58) {
    sec = d2(s, 17);
    if (sec < 0 || sec > 60) return Number.NaN;
    i = 19;
  }
  let ms = 0;
  let c = i < n ? s.charCodeAt(i) : 0;
  if (c === 46 || c === 44) {
    i++;
    let scale = 100;
    let digits = 0;
    while (i < n) {
      const dg = s.charCodeAt(i) - 48;
      if (dg < 0 || dg > 9) break;
      if (scale >= 1) ms += dg * scale;
      scale /= 10;
      digits++;
      i++;
    }
    if (digits === 0) return Number.NaN;
    ms = Math.floor(ms);
    c = i < n ? s.charCodeAt(i) : 0;
  }
  let offsetMin = 0;
  if (i < n) {
    if (c === 32 && i + 1 < n) {
      // "2026-01-05 14:03:22 +0000" / " UTC"
      const rest = s.slice(i + 1);
      if (rest === 'UTC' || rest === 'GMT' || rest === 'Z')
        return days * MS_PER_DAY + ((h * 60 + mi) * 60 + sec) * 1000 + ms;
      i++;
      c = s.charCodeAt(i);
    }
    if (c === 90 || c === 122) {
      if (i + 1 !== n) return Number.NaN;
    } else if (c === 43 || c === 45) {
      const oh = d2(s, i + 1);
      if (oh < 0) return Number.NaN;
      let j = i + 3;
      let om = 0;
      if (j < n) {
        if (s.charCodeAt(j) === 58) j++;
        om = d2(s, j);
        if (om < 0 || j + 2 !== n) return Number.NaN;
      } else if (j !== n) return Number.NaN;
      offsetMin = (oh * 60 + om) * (c === 43 ? 1 : -1);
    } else return Number.NaN;
  }
  return days * MS_PER_DAY + ((h * 60 + mi - offsetMin) * 60 + sec) * 1000 + ms;
}

/** Whether an ISO/human timestamp string carries a zone (Z, ±hh:mm, UTC/GMT). Epoch numbers count as zoned. */
export function hasZone(s: string): boolean {
  const t = s.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) return true;
  return /(?:[zZ]|[+-]\d{2}:?\d{2}|[+-]\d{2}|\b(?:UTC|GMT))$/.test(t) && !/^\d{4}-\d{2}-\d{2}$/.test(t);
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
};

function monthNumber(word: string): number {
  return MONTHS[word.toLowerCase()] ?? 0;
}

const TIME = String.raw`(?:[ T:,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([AaPp]\.?[Mm]\.?)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?`;
/** 01/05/2026, 05.01.2026, 2026/01/05, 05/Jan/2026:14:03:22 +0000 */
const NUMERIC_DATE = new RegExp(String.raw`^(\d{1,4})([/.\-])(\d{1,2}|[A-Za-z]{3,9})[/.\-](\d{2,4})${TIME}$`);
/** Jan 5, 2026 2:03 PM; Monday, January 5th 2026 14:03 */
const MONTH_FIRST = new RegExp(
  String.raw`^(?:[A-Za-z]{3,9},?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})${TIME}$`,
);
/** 5 Jan 2026 14:03:22; Mon, 05 Jan 2026 14:03:22 GMT */
const DAY_FIRST = new RegExp(String.raw`^(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})${TIME}$`);

function assemble(
  y: number,
  mo: number,
  d: number,
  hS: string | undefined,
  miS: string | undefined,
  sS: string | undefined,
  fracS: string | undefined,
  ampm: string | undefined,
  zone: string | undefined,
): number {
  if (y < 100) y += 2000;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return Number.NaN;
  let h = hS === undefined ? 0 : Number(hS);
  const mi = miS === undefined ? 0 : Number(miS);
  const sec = sS === undefined ? 0 : Number(sS);
  const ms = fracS === undefined ? 0 : Math.floor(Number(`0.${fracS}`) * 1000);
  if (ampm !== undefined) {
    const pm = ampm[0] === 'p' || ampm[0] === 'P';
    if (h < 1 || h > 12) return Number.NaN;
    h = (h % 12) + (pm ? 12 : 0);
  }
  if (h > 24 || mi > 59 || sec > 60) return Number.NaN;
  let offsetMin = 0;
  if (zone !== undefined && zone[0] !== undefined && (zone[0] === '+' || zone[0] === '-')) {
    const digits = zone.replace(':', '');
    offsetMin = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * (zone[0] === '+' ? 1 : -1);
  }
  return daysFromCivil(y, mo, d) * MS_PER_DAY + ((h * 60 + mi - offsetMin) * 60 + sec) * 1000 + ms;
}

/**
 * Parses the human layouts seen in exports (all read as UTC unless a zone is given):
 * `01/05/2026 14:03` (month/day unless `dayFirst`), `05.01.2026` (day first), `2026/01/05 14:03:22`,
 * `05/Jan/2026:14:03:22 +0000` (nginx), `Jan 5, 2026 2:03 PM`, `Mon, 05 Jan 2026 14:03:22 GMT`.
 * Returns epoch ms or NaN.
 */
export function parseHumanTimestamp(s: string, dayFirst: boolean): number {
  let m = NUMERIC_DATE.exec(s);
  if (m !== null) {
    const [, a, sep, b, c, h, mi, sec, frac, ampm, zone] = m as unknown as string[];
    const bMonth = /^\d+$/.test(b) ? 0 : monthNumber(b);
    if (a.length === 4) return assemble(Number(a), Number(b), Number(c), h, mi, sec, frac, ampm, zone);
    if (c.length !== 4 && c.length !== 2) return Number.NaN;
    if (bMonth > 0) return assemble(Number(c), bMonth, Number(a), h, mi, sec, frac, ampm, zone);
    const df = dayFirst || sep === '.';
    return df
      ? assemble(Number(c), Number(b), Number(a), h, mi, sec, frac, ampm, zone)
      : assemble(Number(c), Number(a), Number(b), h, mi, sec, frac, ampm, zone);
  }
  m = MONTH_FIRST.exec(s);
  if (m !== null) {
    const [, mon, d, y, h, mi, sec, frac, ampm, zone] = m as unknown as string[];
    return assemble(Number(y), monthNumber(mon), Number(d), h, mi, sec, frac, ampm, zone);
  }
  m = DAY_FIRST.exec(s);
  if (m !== null) {
    const [, d, mon, y, h, mi, sec, frac, ampm, zone] = m as unknown as string[];
    return assemble(Number(y), monthNumber(mon), Number(d), h, mi, sec, frac, ampm, zone);
  }
  return Number.NaN;
}

/**
 * Epoch number → ms, deciding the unit by magnitude: < 1e11 seconds, < 1e14 milliseconds,
 * < 1e17 microseconds, else nanoseconds. (1e11 s is the year 5138; 1e11 ms is 1973.)
 */
export function epochToMs(v: number): number {
  const a = Math.abs(v);
  if (a < 1e11) return Math.round(v * 1000);
  if (a < 1e14) return Math.round(v);
  if (a < 1e17) return Math.floor(v / 1e3);
  return Math.floor(v / 1e6);
}

/**
 * Any supported timestamp (ISO fast path, epoch s/ms/µs/ns, human layouts) → epoch ms (UTC), or NaN.
 * @param dayFirst read ambiguous `01/05/2026` as 1 May (true) or January 5 (false).
 */
export function parseTimestamp(v: unknown, dayFirst = false): number {
  if (typeof v === 'number') return Number.isFinite(v) ? epochToMs(v) : Number.NaN;
  if (typeof v !== 'string') return Number.NaN;
  const iso = parseIsoTimestamp(v);
  if (!Number.isNaN(iso)) return iso;
  let s = v;
  const c0 = s.charCodeAt(0);
  if (c0 <= 32 || s.charCodeAt(s.length - 1) <= 32) {
    s = s.trim();
    const again = parseIsoTimestamp(s);
    if (!Number.isNaN(again)) return again;
  }
  if (s.length === 0) return Number.NaN;
  if (isNumeric(s)) return epochToMs(Number(s));
  return parseHumanTimestamp(s, dayFirst);
}

/** `-?digits[.digits]` */
export function isNumeric(s: string): boolean {
  const n = s.length;
  if (n === 0) return false;
  let i = s.charCodeAt(0) === 45 ? 1 : 0;
  let digits = 0;
  let dot = false;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && !dot) dot = true;
    else return false;
  }
  return digits > 0;
}

const DURATION =
  /^(-?\d+(?:\.\d+)?|\.\d+)\s*(ms|msec|millis|milliseconds?|s|secs?|seconds?|us|µs|μs|micros|microseconds?|ns|m|mins?|minutes?)$/i;

/**
 * Parses a duration string that carries its own unit (`250ms`, `1.2s`, `3 sec`, `1500us`, `2m`) → ms, else NaN.
 */
export function parseDurationWithUnit(s: string): number {
  const m = DURATION.exec(s.trim());
  if (m === null) return Number.NaN;
  const v = Number(m[1]);
  const u = (m[2] as string).toLowerCase();
  if (u.startsWith('ms') || u.startsWith('mil')) return v;
  if (u === 'us' || u === 'µs' || u === 'μs' || u.startsWith('micro')) return v / 1000;
  if (u === 'ns') return v / 1e6;
  if (u === 'm' || u.startsWith('min')) return v * 60_000;
  return v * 1000;
}

/** What a status cell says. `status` null when only a textual outcome is known. */
export interface StatusOutcome {
  status: number | null;
  ok: boolean;
  errorCode: string | null;
}

const OK_WORDS = [
  'ok',
  'okay',
  'success',
  'successful',
  'succeeded',
  'succeed',
  'delivered',
  'done',
  'complete',
  'completed',
  'passed',
  'pass',
  'true',
  'yes',
  'accepted',
  'sent',
  'processed',
  'healthy',
  'good',
  'connected',
  'synced',
  'active',
];
const FAIL_WORDS = [
  'failed',
  'failure',
  'fail',
  'error',
  'errored',
  'false',
  'undelivered',
  'rejected',
  'dropped',
  'bounced',
  'aborted',
  'retrying',
  'retry',
  'crashed',
  'exception',
  'disconnected',
  'broken',
  'invalid',
  'denied',
  'refused',
  'connection refused',
  'connection reset',
  'expired',
  'token expired',
];
const MAPPED: Record<string, StatusOutcome> = {
  timeout: { status: null, ok: false, errorCode: 'timeout' },
  'timed out': { status: null, ok: false, errorCode: 'timeout' },
  timedout: { status: null, ok: false, errorCode: 'timeout' },
  'time out': { status: null, ok: false, errorCode: 'timeout' },
  'request timeout': { status: 408, ok: false, errorCode: 'timeout' },
  'gateway timeout': { status: 504, ok: false, errorCode: 'timeout' },
  'rate limited': { status: 429, ok: false, errorCode: 'rate_limited' },
  'rate limit': { status: 429, ok: false, errorCode: 'rate_limited' },
  ratelimited: { status: 429, ok: false, errorCode: 'rate_limited' },
  'rate limit exceeded': { status: 429, ok: false, errorCode: 'rate_limited' },
  throttled: { status: 429, ok: false, errorCode: 'rate_limited' },
  'too many requests': { status: 429, ok: false, errorCode: 'rate_limited' },
  unauthorized: { status: 401, ok: false, errorCode: null },
  unauthorised: { status: 401, ok: false, errorCode: null },
  unauthenticated: { status: 401, ok: false, errorCode: null },
  forbidden: { status: 403, ok: false, errorCode: null },
  'not found': { status: 404, ok: false, errorCode: null },
  notfound: { status: 404, ok: false, errorCode: null },
  'bad request': { status: 400, ok: false, errorCode: null },
  conflict: { status: 409, ok: false, errorCode: null },
  'internal server error': { status: 500, ok: false, errorCode: null },
  'server error': { status: 500, ok: false, errorCode: null },
  'bad gateway': { status: 502, ok: false, errorCode: null },
  'service unavailable': { status: 503, ok: false, errorCode: null },
  unavailable: { status: 503, ok: false, errorCode: null },
};

function httpOutcome(code: number): StatusOutcome | null {
  if (code >= 100 && code <= 599) return { status: code, ok: code < 400, errorCode: null };
  if (code === 0) return { status: null, ok: false, errorCode: 'no_response' };
  return null;
}

/**
 * Reads a status cell: a numeric HTTP code (`200`, `"503"`, `"200 OK"`), or an outcome word (OK, success,
 * delivered / failed, error, timeout, rate limited, unauthorized…). 1xx–3xx are ok, 4xx/5xx are not; `0` is a
 * failure with no response. Returns null when the cell is empty or not recognised.
 * @example parseStatusText('Rate limited') // { status: 429, ok: false, errorCode: 'rate_limited' }
 */
export function parseStatusText(raw: string): StatusOutcome | null {
  const s = raw.trim().toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ');
  if (s === '' || s === '-' || s === 'null' || s === 'none' || s === 'n/a') return null;
  const lead = /^(\d{1,3})(?:\s|$|\.0+$)/.exec(s);
  if (lead !== null) return httpOutcome(Number(lead[1]));
  const mapped = MAPPED[s];
  if (mapped !== undefined) return mapped;
  if (OK_WORDS.includes(s)) return { status: null, ok: true, errorCode: null };
  if (FAIL_WORDS.includes(s)) return { status: null, ok: false, errorCode: null };
  // "HTTP 503", "status: 500"
  const inner = /\b([1-5]\d\d)\b/.exec(s);
  if (inner !== null) return httpOutcome(Number(inner[1]));
  for (const k of Object.keys(MAPPED)) if (s.includes(k)) return MAPPED[k] as StatusOutcome;
  if (/\b(fail|error|timeout|denied|refused)/.test(s)) return { status: null, ok: false, errorCode: null };
  if (/\b(success|succeeded|delivered|ok)\b/.test(s)) return { status: null, ok: true, errorCode: null };
  return null;
}

/** Any status cell (number, boolean or string) → outcome, or null. */
export function parseStatusValue(v: unknown): StatusOutcome | null {
  if (typeof v === 'number') return Number.isInteger(v) ? httpOutcome(v) : null;
  if (typeof v === 'boolean') return { status: null, ok: v, errorCode: null };
  if (typeof v === 'string') return parseStatusText(v);
  return null;
}

export interface NormalizedEndpoint {
  method: string | null;
  host: string | null;
  path: string | null;
}

const HEX = /^[0-9a-fA-F]+$/;
const ALNUM = /^[A-Za-z0-9]+$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const PREFIXED_ID = /^[a-z]{2,8}_[A-Za-z0-9]{8,}$/;
const TOKEN = /^[A-Za-z0-9_-]{20,}$/;
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'CONNECT', 'TRACE']);

function digitCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** Whether one path segment is an identifier to collapse to `:id`. */
export function isIdSegment(seg: string): boolean {
  const n = seg.length;
  if (n === 0) return false;
  const digits = digitCount(seg);
  if (digits === n) return true;
  // 123.json, 42.xml
  const dot = seg.indexOf('.');
  if (dot > 0 && digitCount(seg.slice(0, dot)) === dot && /^\.[a-z]{2,5}$/.test(seg.slice(dot))) return true;
  if (n === 36 && UUID.test(seg)) return true;
  if (n >= 12 && digits > 0 && HEX.test(seg)) return true;
  // Salesforce 15/18-char ids (0015g00000XyZabAAF): key prefix with a digit, several digits overall.
  if ((n === 15 || n === 18) && digits >= 3 && ALNUM.test(seg) && digitCount(seg.slice(0, 3)) > 0) return true;
  if (seg.charCodeAt(0) === 123 && seg.charCodeAt(n - 1) === 125) return true; // {petId} templates
  // cus_NffrFeUfNV2Hib, cus_AiweGmiMCIPUMN: a digit or mixed case tells an id from a snake_case word.
  if ((digits > 0 || /[A-Z]/.test(seg)) && PREFIXED_ID.test(seg)) return true;
  if (digits >= 2 && n >= 20 && TOKEN.test(seg)) return true; // webhook secrets, long tokens
  if (n >= 9 && n <= 11 && digits >= 2 && /^[TBCUWGD][A-Z0-9]+$/.test(seg)) return true; // Slack ids
  return false;
}

/** Path segments after which a one- or two-digit number is an API version (`/rest/api/3/`), not an id. */
const API_ROOTS = new Set(['api', 'rest', 'version', 'versions']);

/**
 * Normalises a URL, path or request line (`GET https://Host:443/a/123?x=1 HTTP/1.1`) to
 * `{ method, host, path }`: query and fragment dropped, host lower-cased without port or credentials,
 * ids collapsed to `:id`, trailing slash removed. Empty input gives all nulls.
 * @example normalizeEndpoint('https://acme.my.salesforce.com/services/data/v59.0/sobjects/Account/0015g00000XyZabAAF?f=1')
 * // { method: null, host: 'acme.my.salesforce.com', path: '/services/data/v59.0/sobjects/Account/:id' }
 */
export function normalizeEndpoint(raw: string): NormalizedEndpoint {
  const fast = normalizePlainPath(raw);
  if (fast !== null) return { method: null, host: null, path: fast };
  let s = raw.trim();
  let method: string | null = null;
  const sp = s.indexOf(' ');
  if (sp > 0) {
    const first = s.slice(0, sp).toUpperCase();
    if (METHODS.has(first)) {
      method = first;
      s = s.slice(sp + 1).trim();
    }
    const lastSp = s.lastIndexOf(' ');
    if (
      lastSp > 0 &&
      s
        .slice(lastSp + 1)
        .toUpperCase()
        .startsWith('HTTP/')
    )
      s = s.slice(0, lastSp).trim();
  }
  if (s === '' || s === '-') return { method, host: null, path: null };
  let host: string | null = null;
  const scheme = s.indexOf('://');
  if (scheme > 0 && scheme < 10) {
    const rest = s.slice(scheme + 3);
    let end = rest.length;
    for (let i = 0; i < rest.length; i++) {
      const c = rest.charCodeAt(i);
      if (c === 47 || c === 63 || c === 35) {
        end = i;
        break;
      }
    }
    let h = rest.slice(0, end);
    const at = h.lastIndexOf('@');
    if (at >= 0) h = h.slice(at + 1);
    if (h.startsWith('[')) h = h.slice(0, h.indexOf(']') + 1);
    else {
      const colon = h.indexOf(':');
      if (colon >= 0) h = h.slice(0, colon);
    }
    host = h.toLowerCase() || null;
    s = rest.slice(end);
  }
  const q = s.search(/[?#]/);
  if (q >= 0) s = s.slice(0, q);
  if (s === '') return { method, host, path: host === null ? null : '/' };
  const segs = s.split('/');
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i] as string;
    // `/rest/api/3/…`, `/api/2/…`: a small number right after "api" is the API version, not an id.
    if (isIdSegment(seg) && !(seg.length <= 2 && i > 0 && API_ROOTS.has((segs[i - 1] as string).toLowerCase())))
      segs[i] = ':id';
  }
  let path = segs.join('/');
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  if (host === null && path.charCodeAt(0) !== 47 && !path.startsWith('$')) {
    // "api.example.com/v1/x" (no scheme) → host + path
    const slash = path.indexOf('/');
    const head = slash < 0 ? path : path.slice(0, slash);
    if (/^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?$/i.test(head)) {
      host = head.replace(/:\d+$/, '').toLowerCase();
      path = slash < 0 ? '/' : path.slice(slash);
    }
  }
  return { method, host, path };
}

/**
 * The common case of {@link normalizeEndpoint} without splitting: a path starting with '/' with no spaces
 * and no scheme, scanned segment by segment. Null for any other input (the general code handles it).
 */
function normalizePlainPath(raw: string): string | null {
  const n = raw.length;
  const lastChar = raw.charCodeAt(n - 1);
  // Edge whitespace (trim() also removes non-ASCII spaces) and request lines take the general path.
  if (raw.charCodeAt(0) !== 47 || lastChar <= 32 || lastChar >= 127 || raw.indexOf(' ') >= 0) return null;
  const scheme = raw.indexOf('://');
  if (scheme > 0 && scheme < 10) return null;
  let end = n;
  const q = raw.indexOf('?');
  if (q >= 0) end = q;
  const h = raw.indexOf('#');
  if (h >= 0 && h < end) end = h;
  let path = ''; // built only once a segment changes
  let changed = false;
  let prev = '';
  let start = 1;
  for (;;) {
    let stop = raw.indexOf('/', start);
    if (stop < 0 || stop > end) stop = end;
    let seg = raw.slice(start, stop);
    if (isIdSegment(seg) && !(seg.length <= 2 && API_ROOTS.has(prev.toLowerCase()))) {
      if (!changed) path = raw.slice(0, start);
      changed = true;
      seg = ':id';
      path += seg;
    } else if (changed) path += seg;
    if (stop >= end) break;
    if (changed) path += '/';
    prev = seg;
    start = stop + 1;
  }
  if (!changed) path = raw.slice(0, end);
  return path.length > 1 && path.charCodeAt(path.length - 1) === 47 ? path.slice(0, -1) : path;
}

/** Upper-cased HTTP method if the value is one (`get` → `GET`), else null. */
export function normalizeMethod(v: string): string | null {
  const u = v.trim().toUpperCase();
  return METHODS.has(u) ? u : null;
}
