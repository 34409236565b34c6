/**
 * Cell converters that read straight from the bytes of a CSV chunk, so the per-row hot path makes no
 * string for timestamps, numbers and plain endpoint paths. Each one is the byte twin of a string
 * converter in values.ts and gives exactly its result on ASCII input; on anything else it says "not
 * mine" (NaN, -1, false) and the caller decodes the cell and uses the string converter. Property tests
 * hold the twins equal (test/unit/domain/ingest/byte-values.test.ts).
 */

const MS_PER_DAY = 86_400_000;

/** Powers of ten that are exact doubles (10^0 … 10^22). */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Days since 1970-01-01 (the same formula as values.ts `daysFromCivil`). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Two ASCII digits at b[i], b[i+1] (both before `e`) as a number, else -1. */
function d2(b: Uint8Array, i: number, e: number): number {
  if (i + 1 >= e) return -1;
  const x = (b[i] as number) - 48;
  const y = (b[i + 1] as number) - 48;
  return x >= 0 && x <= 9 && y >= 0 && y <= 9 ? x * 10 + y : -1;
}

/** Whether b[i, e) spells `word` (ASCII). */
function spells(b: Uint8Array, i: number, e: number, word: string): boolean {
  if (e - i !== word.length) return false;
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word.charCodeAt(k)) return false;
  return true;
}

/**
 * values.ts `parseIsoTimestamp` over the bytes b[s, e): the fixed ISO 8601 layouts → epoch ms, NaN when
 * the cell is not in them (every accepted character is ASCII, so a non-ASCII byte gives NaN in both).
 * @example parseIsoBytes(Buffer.from('2026-01-05T14:03:22Z'), 0, 20) // Date.UTC(2026, 0, 5, 14, 3, 22)
 */
export function parseIsoBytes(b: Uint8Array, s: number, e: number): number {
  const n = e - s;
  if (n < 10 || b[s + 4] !== 45 || b[s + 7] !== 45) return Number.NaN;
  const y1 = d2(b, s, e);
  const y2 = d2(b, s + 2, e);
  const mo = d2(b, s + 5, e);
  const d = d2(b, s + 8, e);
  if (y1 < 0 || y2 < 0 || mo < 1 || mo > 12 || d < 1 || d > 31) return Number.NaN;
  const days = daysFromCivil(y1 * 100 + y2, mo, d);
  if (n === 10) return days * MS_PER_DAY;
  const sep = b[s + 10];
  if ((sep !== 84 && sep !== 32 && sep !== 116) || n < 16 || b[s + 13] !== 58) return Number.NaN;
  const h = d2(b, s + 11, e);
  const mi = d2(b, s + 14, e);
  if (h < 0 || h > 24 || mi < 0 || mi > 59) return Number.NaN;
  let sec = 0;
  let i = s + 16;
  if (i < e && b[i] === 58) {
    sec = d2(b, s + 17, e);
    if (sec < 0 || sec > 60) return Number.NaN;
    i = s + 19;
  }
  let ms = 0;
  let c = i < e ? (b[i] as number) : 0;
  if (c === 46 || c === 44) {
    i++;
    let scale = 100;
    let digits = 0;
    while (i < e) {
      const dg = (b[i] as number) - 48;
      if (dg < 0 || dg > 9) break;
      if (scale >= 1) ms += dg * scale;
      scale /= 10;
      digits++;
      i++;
    }
    if (digits === 0) return Number.NaN;
    ms = Math.floor(ms);
    c = i < e ? (b[i] as number) : 0;
  }
  return withZone(b, i, e, c, days, h, mi, sec, ms);
}

/** The zone suffix of {@link parseIsoBytes} from b[i] (= c): none, Z, ±hh[[:]mm], " UTC"/" GMT"/" Z", " ±hhmm". */
function withZone(
  b: Uint8Array,
  i0: number,
  e: number,
  c0: number,
  days: number,
  h: number,
  mi: number,
  sec: number,
  ms: number,
): number {
  let i = i0;
  let c = c0;
  let offsetMin = 0;
  if (i < e) {
    if (c === 32 && i + 1 < e) {
      if (spells(b, i + 1, e, 'UTC') || spells(b, i + 1, e, 'GMT') || spells(b, i + 1, e, 'Z'))
        return days * MS_PER_DAY + ((h * 60 + mi) * 60 + sec) * 1000 + ms;
      i++;
      c = b[i] as number;
    }
    if (c === 90 || c === 122) {
      if (i + 1 !== e) return Number.NaN;
    } else if (c === 43 || c === 45) {
      const oh = d2(b, i + 1, e);
      if (oh < 0) return Number.NaN;
      let j = i + 3;
      let om = 0;
      if (j < e) {
        if (b[j] === 58) j++;
        om = d2(b, j, e);
        if (om < 0 || j + 2 !== e) return Number.NaN;
      } else if (j !== e) return Number.NaN;
      offsetMin = (oh * 60 + om) * (c === 43 ? 1 : -1);
    } else return Number.NaN;
  }
  return days * MS_PER_DAY + ((h * 60 + mi - offsetMin) * 60 + sec) * 1000 + ms;
}

/**
 * A plain decimal `-?digits[.digits]` of at most 15 digits in b[s, e) → its value, NaN for anything else
 * (the caller then decodes the cell and reads it as `+cell` does). Exact: the digits form an integer
 * below 2^53 and 10^k is an exact double, so one division rounds the way `Number(text)` does.
 * @example parseDecimalBytes(Buffer.from('-12.50'), 0, 6) // -12.5
 */
export function parseDecimalBytes(b: Uint8Array, s: number, e: number): number {
  let i = s;
  const neg = b[i] === 45;
  if (neg) i++;
  if (i >= e || e - i > 16) return Number.NaN;
  let m = 0;
  let digits = 0;
  let frac = -1;
  for (; i < e; i++) {
    const c = b[i] as number;
    const dg = c - 48;
    if (dg >= 0 && dg <= 9) {
      m = m * 10 + dg;
      digits++;
      if (frac >= 0) frac++;
    } else if (c === 46 && frac < 0 && digits > 0) frac = 0;
    else return Number.NaN;
  }
  if (digits > 15 || frac === 0) return Number.NaN;
  const x = frac > 0 ? m / (POW10[frac] as number) : m;
  return neg ? -x : x;
}

/** Byte classes for path segments (bit flags), so a segment is classified in the same pass that copies it. */
const DIGIT = 1;
const UPPER = 2;
const LOWER = 4;
const HEX = 8;
const ALNUM = 16;
/** [A-Za-z0-9_-] */
const TOKEN = 32;
/** [A-Z0-9] */
const UPPER_DIGIT = 64;
const DOT = 128;
const UNDERSCORE = 256;
/** '/', '?', '#': the segment ends. */
const STOP = 512;
/** A space or a non-ASCII byte: not a plain path (the string code decides). */
const BAD = 1024;
const ALL = 0xffff;

const CLASS = (() => {
  const t = new Uint16Array(256);
  for (let c = 0; c < 256; c++) {
    let f = 0;
    if (c >= 48 && c <= 57) f |= DIGIT | HEX | ALNUM | TOKEN | UPPER_DIGIT;
    if (c >= 65 && c <= 90) f |= UPPER | ALNUM | TOKEN | UPPER_DIGIT | (c <= 70 ? HEX : 0);
    if (c >= 97 && c <= 122) f |= LOWER | ALNUM | TOKEN | (c <= 102 ? HEX : 0);
    if (c === 95) f |= TOKEN | UNDERSCORE;
    if (c === 45) f |= TOKEN;
    if (c === 46) f |= DOT;
    if (c === 47 || c === 63 || c === 35) f |= STOP;
    if (c === 32 || c >= 128) f |= BAD;
    t[c] = f;
  }
  return t;
})();

const cls = (b: Uint8Array, i: number): number => CLASS[b[i] as number] as number;

/** `^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$` over 36 bytes. */
function isUuid(b: Uint8Array, s: number): boolean {
  for (let k = 0; k < 36; k++) {
    if (k === 8 || k === 13 || k === 18 || k === 23) {
      if (b[s + k] !== 45) return false;
    } else if ((cls(b, s + k) & HEX) === 0) return false;
  }
  return true;
}

/** `^[a-z]{2,8}_[A-Za-z0-9]{8,}$` */
function isPrefixedId(b: Uint8Array, s: number, e: number): boolean {
  let u = s;
  while (u < e && (cls(b, u) & LOWER) !== 0) u++;
  const prefix = u - s;
  if (prefix < 2 || prefix > 8 || b[u] !== 95 || e - u - 1 < 8) return false;
  for (let k = u + 1; k < e; k++) if ((cls(b, k) & ALNUM) === 0) return false;
  return true;
}

/** `123.json`: digits up to the first '.', then `^\.[a-z]{2,5}$`. */
function isNumberWithExtension(b: Uint8Array, s: number, e: number): boolean {
  let dot = s;
  while (dot < e && b[dot] !== 46) dot++;
  if (dot === s || dot === e) return false;
  for (let k = s; k < dot; k++) if ((cls(b, k) & DIGIT) === 0) return false;
  const n = e - dot;
  if (n < 3 || n > 6) return false;
  for (let k = dot + 1; k < e; k++) if ((cls(b, k) & LOWER) === 0) return false;
  return true;
}

/** Slack id prefixes: T, B, C, U, W, G, D. */
const SLACK_FIRST = new Set([84, 66, 67, 85, 87, 71, 68]);

/**
 * values.ts `isIdSegment` over the ASCII bytes b[s, e), given the OR (`any`) and AND (`all`) of their
 * CLASS flags and their digit count: numbers, `123.json`, UUIDs, long hex, Salesforce ids, `{templates}`,
 * `cus_…` ids, long tokens and Slack ids are identifiers.
 */
function isIdSegmentStats(b: Uint8Array, s: number, e: number, digits: number, any: number, all: number): boolean {
  const n = e - s;
  if (n === 0) return false;
  if (digits === n) return true;
  if (digits > 0 && (any & DOT) !== 0 && isNumberWithExtension(b, s, e)) return true;
  if (n === 36 && isUuid(b, s)) return true;
  if (n >= 12 && digits > 0 && (all & HEX) !== 0) return true;
  if ((n === 15 || n === 18) && digits >= 3 && (all & ALNUM) !== 0) {
    if (((cls(b, s) | cls(b, s + 1) | cls(b, s + 2)) & DIGIT) !== 0) return true;
  }
  if (b[s] === 123 && b[e - 1] === 125) return true;
  if ((digits > 0 || (any & UPPER) !== 0) && (any & UNDERSCORE) !== 0 && isPrefixedId(b, s, e)) return true;
  if (digits >= 2 && n >= 20 && (all & TOKEN) !== 0) return true;
  if (n >= 9 && n <= 11 && digits >= 2 && (all & UPPER_DIGIT) !== 0 && SLACK_FIRST.has(b[s] as number)) return true;
  return false;
}

/**
 * values.ts `isIdSegment` over the ASCII bytes b[s, e) (callers pass ASCII only).
 * @example isIdSegmentBytes(Buffer.from('0015g00000XyZabAAF'), 0, 18) // true (a Salesforce id)
 */
export function isIdSegmentBytes(b: Uint8Array, s: number, e: number): boolean {
  let any = 0;
  let all = ALL;
  let digits = 0;
  for (let k = s; k < e; k++) {
    const t = cls(b, k);
    any |= t;
    all &= t;
    digits += t & DIGIT;
  }
  return isIdSegmentStats(b, s, e, digits, any, all);
}

/**
 * Whether the last segment b[s, e) of a path is collapsed to `:id` given whether the segment before it is
 * an API root (`/rest/api/3`: a short number after one is a version). False also when the segment holds
 * '?', '#', a space or a non-ASCII byte (then the caller normalises the whole path).
 */
export function isLastSegmentId(b: Uint8Array, s: number, e: number, afterApiRoot: boolean): boolean {
  let any = 0;
  let all = ALL;
  let digits = 0;
  for (let k = s; k < e; k++) {
    const t = cls(b, k);
    if ((t & (STOP | BAD)) !== 0) return false;
    any |= t;
    all &= t;
    digits += t & DIGIT;
  }
  return isIdSegmentStats(b, s, e, digits, any, all) && !(e - s <= 2 && afterApiRoot);
}

/** Whether b[s, e) is one of values.ts API_ROOTS (api, rest, version, versions), case-insensitively. */
export function isApiRoot(b: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  if (n !== 3 && n !== 4 && n !== 7 && n !== 8) return false;
  let word = '';
  for (let k = s; k < e; k++) word += String.fromCharCode((b[k] as number) | 0x20);
  return word === 'api' || word === 'rest' || word === 'version' || word === 'versions';
}

/**
 * values.ts `normalizeEndpoint` for the common case, over bytes: an ASCII path starting with '/', without
 * spaces or a scheme, last byte printable. `normalize(b, s, e)` writes the normalised path (query and
 * fragment dropped, ids collapsed to `:id`, trailing slash removed) to `out[0, length)`, with `ids` the
 * segments collapsed, and returns true; false when the cell is not such a path (the caller then decodes
 * it and uses `normalizeEndpoint`). One pass: each segment is copied and classified together.
 * @example const p = new PathBytes(); p.normalize(Buffer.from('/v1/users/42?x=1'), 0, 16) // true; out holds "/v1/users/:id"
 */
export class PathBytes {
  out = new Uint8Array(1024);
  length = 0;
  ids = 0;

  normalize(b: Uint8Array, s: number, e: number): boolean {
    if (e <= s || b[s] !== 47) return false;
    const last = b[e - 1] as number;
    if (last <= 32 || last >= 127) return false;
    // A scheme ("x://") within the first 10 bytes makes it a URL.
    const lim = Math.min(e - 2, s + 10);
    for (let k = s + 1; k < lim; k++) if (b[k] === 58 && b[k + 1] === 47 && b[k + 2] === 47) return false;
    if (this.out.length < 2 * (e - s) + 2) this.out = new Uint8Array(4 * (e - s) + 64);
    const o = this.segments(b, s, e);
    if (o < 0) return false;
    this.length = o > 1 && this.out[o - 1] === 47 ? o - 1 : o;
    return true;
  }

  /** Copies the segments of b[s, e) to `out`, ids collapsed; returns the length, -1 on a space or non-ASCII byte. */
  private segments(b: Uint8Array, s: number, e: number): number {
    const out = this.out;
    out[0] = 47;
    let o = 1;
    let k = s + 1;
    let prevS = -1;
    let prevE = -1;
    this.ids = 0;
    for (;;) {
      const segS = k;
      const segO = o;
      let any = 0;
      let all = ALL;
      let digits = 0;
      let t = 0;
      for (; k < e; k++) {
        const c = b[k] as number;
        t = CLASS[c] as number;
        if ((t & (STOP | BAD)) !== 0) break;
        any |= t;
        all &= t;
        digits += t & DIGIT;
        out[o++] = c;
      }
      if (k < e && (t & BAD) !== 0) return -1;
      const id = isIdSegmentStats(b, segS, k, digits, any, all);
      if (id && !(k - segS <= 2 && prevS >= 0 && isApiRoot(b, prevS, prevE))) {
        o = segO;
        out[o++] = 58; // ":id"
        out[o++] = 105;
        out[o++] = 100;
        prevS = -1;
        this.ids++;
      } else {
        prevS = segS;
        prevE = k;
      }
      if (k < e && b[k] === 47) {
        out[o++] = 47;
        k++;
        continue;
      }
      // The path ends at '?', '#' or the cell's end; the rest must still hold no space or non-ASCII byte.
      for (; k < e; k++) if ((cls(b, k) & BAD) !== 0) return -1;
      return o;
    }
  }
}
