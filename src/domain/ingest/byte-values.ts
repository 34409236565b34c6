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

const C_0 = 48;
const C_9 = 57;
const C_A = 65;
const C_Z = 90;
const C_a = 97;
const C_z = 122;

const isDigit = (c: number) => c >= C_0 && c <= C_9;
const isUpper = (c: number) => c >= C_A && c <= C_Z;
const isLower = (c: number) => c >= C_a && c <= C_z;
const isHex = (c: number) => isDigit(c) || (c >= C_A && c <= 70) || (c >= C_a && c <= 102);

/** `^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$` over 36 bytes. */
function isUuid(b: Uint8Array, s: number): boolean {
  for (let k = 0; k < 36; k++) {
    const c = b[s + k] as number;
    if (k === 8 || k === 13 || k === 18 || k === 23) {
      if (c !== 45) return false;
    } else if (!isHex(c)) return false;
  }
  return true;
}

/** `^[a-z]{2,8}_[A-Za-z0-9]{8,}$` */
function isPrefixedId(b: Uint8Array, s: number, e: number): boolean {
  let u = s;
  while (u < e && isLower(b[u] as number)) u++;
  const prefix = u - s;
  if (prefix < 2 || prefix > 8 || b[u] !== 95 || e - u - 1 < 8) return false;
  for (let k = u + 1; k < e; k++) {
    const c = b[k] as number;
    if (!isDigit(c) && !isUpper(c) && !isLower(c)) return false;
  }
  return true;
}

/** `^\.[a-z]{2,5}$` over b[s, e). */
function isExtension(b: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  if (n < 3 || n > 6 || b[s] !== 46) return false;
  for (let k = s + 1; k < e; k++) if (!isLower(b[k] as number)) return false;
  return true;
}

/**
 * values.ts `isIdSegment` over the ASCII bytes b[s, e): whether one path segment is an identifier to
 * collapse to `:id` (numbers, `123.json`, UUIDs, long hex, Salesforce ids, `{templates}`, `cus_…`,
 * long tokens, Slack ids). Callers pass ASCII only.
 */
export function isIdSegmentBytes(b: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  if (n === 0) return false;
  let digits = 0;
  let upper = false;
  let hex = true;
  let alnum = true;
  let token = true;
  let upperDigit = true;
  let firstDot = -1;
  for (let k = s; k < e; k++) {
    const c = b[k] as number;
    if (isDigit(c)) digits++;
    else {
      const up = isUpper(c);
      if (up) upper = true;
      const letter = up || isLower(c);
      if (!up) upperDigit = false;
      if (!letter) {
        alnum = false;
        if (c !== 95 && c !== 45) token = false;
        if (c === 46 && firstDot < 0) firstDot = k;
      }
      if (!isHex(c)) hex = false;
    }
  }
  if (digits === n) return true;
  if (firstDot > s) {
    let lead = 0;
    for (let k = s; k < firstDot; k++) if (isDigit(b[k] as number)) lead++;
    if (lead === firstDot - s && isExtension(b, firstDot, e)) return true;
  }
  if (n === 36 && isUuid(b, s)) return true;
  if (n >= 12 && digits > 0 && hex) return true;
  if ((n === 15 || n === 18) && digits >= 3 && alnum) {
    if (isDigit(b[s] as number) || isDigit(b[s + 1] as number) || isDigit(b[s + 2] as number)) return true;
  }
  if (b[s] === 123 && b[e - 1] === 125) return true;
  if ((digits > 0 || upper) && isPrefixedId(b, s, e)) return true;
  if (digits >= 2 && n >= 20 && token) return true;
  if (n >= 9 && n <= 11 && digits >= 2 && upperDigit && 'TBCUWGD'.includes(String.fromCharCode(b[s] as number)))
    return true;
  return false;
}

/** Whether b[s, e) is one of values.ts API_ROOTS (api, rest, version, versions), case-insensitively. */
function isApiRoot(b: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  if (n !== 3 && n !== 4 && n !== 7 && n !== 8) return false;
  let word = '';
  for (let k = s; k < e; k++) word += String.fromCharCode((b[k] as number) | 0x20);
  return word === 'api' || word === 'rest' || word === 'version' || word === 'versions';
}

const ID = [58, 105, 100]; // ":id"

/**
 * values.ts `normalizeEndpoint` for the common case, over bytes: an ASCII path b[s, e) starting with '/',
 * without spaces or a scheme, last byte printable. Writes the normalised path (query and fragment dropped,
 * ids collapsed to `:id`, trailing slash removed) to `out` and returns its length; -1 when the cell is not
 * such a path (the caller then decodes it and uses `normalizeEndpoint`). `out` needs 2·(e − s) + 2 bytes.
 * @example normalizePathBytes(Buffer.from('/v1/users/42?x=1'), 0, 16, out) // 12: out holds "/v1/users/:id"
 */
export function normalizePathBytes(b: Uint8Array, s: number, e: number, out: Uint8Array): number {
  if (e <= s || b[s] !== 47) return -1;
  const last = b[e - 1] as number;
  if (last <= 32 || last >= 127) return -1;
  let end = e;
  for (let k = s; k < e; k++) {
    const c = b[k] as number;
    if (c === 32 || c >= 128) return -1;
    if (c === 58 && k > s && k - s < 10 && k + 2 < e && b[k + 1] === 47 && b[k + 2] === 47) return -1;
    if ((c === 63 || c === 35) && k < end) end = k;
  }
  let o = 0;
  out[o++] = 47;
  let start = s + 1;
  let prevS = -1;
  let prevE = -1;
  for (;;) {
    let stop = start;
    while (stop < e && b[stop] !== 47) stop++;
    if (stop >= e || stop > end) stop = end;
    const id = isIdSegmentBytes(b, start, stop) && !(stop - start <= 2 && prevS >= 0 && isApiRoot(b, prevS, prevE));
    if (id) {
      out[o++] = ID[0] as number;
      out[o++] = ID[1] as number;
      out[o++] = ID[2] as number;
      prevS = -1;
    } else {
      for (let k = start; k < stop; k++) out[o++] = b[k] as number;
      prevS = start;
      prevE = stop;
    }
    if (stop >= end) break;
    out[o++] = 47;
    start = stop + 1;
  }
  return o > 1 && out[o - 1] === 47 ? o - 1 : o;
}
