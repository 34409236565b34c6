/**
 * The cells of one row as the row processor (rows.ts) reads them. Two sources give the same answers:
 * `ValueCells` over an array of values (csv-parse records, JSON objects, access-log fields) and
 * `ByteCells` over byte spans of a CSV chunk (csv-spans.ts), which reads statuses, timestamps and
 * numbers from the bytes and finds repeated names and paths by their bytes (span-cache.ts), so a
 * typical row makes no string and no garbage.
 */

import { cacheSet } from './associate.js';
import { isApiRoot, isLastSegmentId, PathBytes, parseDecimalBytes, parseIsoBytes } from './byte-values.js';
import { SpanCache } from './span-cache.js';
import { type NormalizedEndpoint, normalizeEndpoint, parseIsoTimestamp } from './values.js';

export interface Cells {
  /** The cell as parsed: a string for CSV and logs, any JSON value for JSON. */
  raw(c: number): unknown;
  isString(c: number): boolean;
  /** Whether a string cell is empty (''), before trimming. */
  isEmpty(c: number): boolean;
  /** {@link text} of the cell. */
  text(c: number): string;
  /** The status of a three-digit string cell 100–599, else -1. */
  status3(c: number): number;
  /** parseIsoTimestamp of a string cell, NaN otherwise. */
  iso(c: number): number;
  /** {@link num} of the cell. */
  num(c: number): number;
  /** The normalised endpoint of the cell's text, null when it is empty. */
  endpoint(c: number): NormalizedEndpoint | null;
  /** Whether every cell is empty or whitespace (a row like ",,,,"). */
  allEmpty(): boolean;
}

/** Cell → trimmed string, '' for empty/null/'-'. Strings without edge whitespace are returned as is. */
export function text(v: unknown): string {
  if (typeof v === 'string') {
    const n = v.length;
    if (n === 0) return v;
    if (v.charCodeAt(0) <= 32 || v.charCodeAt(n - 1) <= 32) {
      const t = v.trim();
      return t === '-' ? '' : t;
    }
    if (n === 1 && v === '-') return '';
    return v;
  }
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A numeric cell or a string that is a number as a whole (`+v`, no leading whitespace), else NaN. */
export function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || v.length === 0) return Number.NaN;
  const x = +v;
  if (!Number.isNaN(x) && v.charCodeAt(0) > 32) return x;
  return Number.NaN;
}

/** The status of a three-character string of digits starting 1–5, else -1. */
function status3(v: unknown): number {
  if (typeof v !== 'string' || v.length !== 3) return -1;
  const a = v.charCodeAt(0) - 48;
  const b = v.charCodeAt(1) - 48;
  const d = v.charCodeAt(2) - 48;
  return a >= 1 && a <= 5 && b >= 0 && b <= 9 && d >= 0 && d <= 9 ? a * 100 + b * 10 + d : -1;
}

/** Endpoint text → normalised endpoint, cached per distinct text. */
class EndpointCache {
  private readonly map = new Map<string, NormalizedEndpoint>();
  get(raw: string): NormalizedEndpoint | null {
    if (raw === '') return null;
    const ep = this.map.get(raw);
    return ep !== undefined ? ep : cacheSet(this.map, raw, normalizeEndpoint(raw));
  }
}

/**
 * Where the last segment of a path cell b[s, e) starts minus one (its '/'), when the prefix before it can
 * stand for the path's normalisation: at least 12 bytes (so it holds any scheme check) and not ending in
 * '/', and a last segment that is not empty and ends in a printable byte. Else -1.
 */
function idCut(b: Uint8Array, s: number, e: number): number {
  if (b[s] !== 47) return -1;
  const last = b[e - 1] as number;
  if (last <= 32 || last >= 127) return -1;
  let k = e - 1;
  while (k > s && b[k] !== 47) k--;
  return k - s >= 12 && k < e - 1 && b[k - 1] !== 47 ? k : -1;
}

/** Start of the segment that ends at `end` (just after the '/' before it). */
function segmentStart(b: Uint8Array, s: number, end: number): number {
  let k = end - 1;
  while (k > s && b[k] !== 47) k--;
  return k + 1;
}

/** Slots per column, and the longest key they hold, of the text front cache. */
const FRONT_SLOTS = 64;
const FRONT_KEY = 32;

/** Cells of an array of values (the same array is refilled for every row). */
export class ValueCells implements Cells {
  private readonly endpoints = new EndpointCache();
  constructor(public vals: ArrayLike<unknown>) {}
  raw(c: number): unknown {
    return this.vals[c];
  }
  isString(c: number): boolean {
    return typeof this.vals[c] === 'string';
  }
  isEmpty(c: number): boolean {
    return (this.vals[c] as string).length === 0;
  }
  text(c: number): string {
    return text(this.vals[c]);
  }
  status3(c: number): number {
    return status3(this.vals[c]);
  }
  iso(c: number): number {
    const v = this.vals[c];
    return typeof v === 'string' ? parseIsoTimestamp(v) : Number.NaN;
  }
  num(c: number): number {
    return num(this.vals[c]);
  }
  endpoint(c: number): NormalizedEndpoint | null {
    return this.endpoints.get(text(this.vals[c]));
  }
  allEmpty(): boolean {
    const vals = this.vals;
    for (let i = 0; i < vals.length; i++) {
      const v = vals[i];
      if (v !== '' && v !== null && v !== undefined && !(typeof v === 'string' && v.trim() === '')) return false;
    }
    return true;
  }
}

/**
 * Cells of one CSV record as byte spans of `buf` (set by the reader before each row). Texts and plain
 * endpoint paths are cached per column by their bytes; numbers and timestamps are read from the bytes.
 */
export class ByteCells implements Cells {
  private buf: Buffer = Buffer.alloc(0);
  starts: Int32Array = new Int32Array(0);
  ends: Int32Array = new Int32Array(0);
  escaped: Uint8Array = new Uint8Array(0);
  count = 0;
  private readonly texts: SpanCache<string>[];
  /**
   * A front for the text caches, for the few values a column repeats (customers, integrations, methods,
   * kinds): per column 64 slots picked by length, first and last byte, each holding one short key's bytes
   * and text. A hit costs one byte comparison and no hashing.
   */
  private readonly frontKeys: Uint8Array;
  private readonly frontLens: Int16Array;
  private readonly frontTexts: string[];
  /** Endpoint cells seen before (paths without ids and other endpoints) → their normalised endpoint. */
  private readonly rawEndpoints = new SpanCache<NormalizedEndpoint | null>();
  /**
   * Path prefixes (up to the last '/') whose last segment was an id → the endpoint such a path has, and
   * whether the prefix ends in an API root: `/sobjects/Account/0015g…` is then found without normalising.
   */
  private readonly prefixes = new SpanCache<{ ep: NormalizedEndpoint; afterApiRoot: boolean }>();
  /** Normalised paths → the one endpoint object per path. */
  private readonly paths = new SpanCache<NormalizedEndpoint>();
  private readonly pathBytes = new PathBytes();

  constructor(width: number) {
    this.texts = Array.from({ length: width + 1 }, () => new SpanCache<string>());
    this.frontKeys = new Uint8Array((width + 1) * FRONT_SLOTS * FRONT_KEY);
    this.frontLens = new Int16Array((width + 1) * FRONT_SLOTS).fill(-1);
    this.frontTexts = new Array<string>((width + 1) * FRONT_SLOTS).fill('');
  }

  /** Starts reading records of another chunk. */
  setBuffer(buf: Buffer): void {
    this.buf = buf;
  }

  /** The cell's string, quotes unescaped. */
  raw(c: number): string {
    const v = this.buf.toString('utf8', this.starts[c], this.ends[c]);
    return this.escaped[c] === 1 ? v.replaceAll('""', '"') : v;
  }
  isString(): boolean {
    return true;
  }
  isEmpty(c: number): boolean {
    return this.starts[c] === this.ends[c];
  }
  text(c: number): string {
    const s = this.starts[c] as number;
    const e = this.ends[c] as number;
    if (s === e) return '';
    const b = this.buf;
    const len = e - s;
    let slot = -1;
    if (len <= FRONT_KEY) {
      slot = c * FRONT_SLOTS + ((len * 7 + (b[s] as number) * 3 + (b[e - 1] as number)) & (FRONT_SLOTS - 1));
      if (this.frontLens[slot] === len) {
        const keys = this.frontKeys;
        const at = slot * FRONT_KEY;
        let k = 0;
        while (k < len && keys[at + k] === b[s + k]) k++;
        if (k === len) return this.frontTexts[slot] as string;
      }
    }
    const cache = this.texts[c] as SpanCache<string>;
    const hit = cache.get(b, s, e);
    const t = hit !== undefined ? hit : cache.set(b, s, e, text(this.raw(c)));
    if (slot >= 0) {
      this.frontKeys.set(b.subarray(s, e), slot * FRONT_KEY);
      this.frontLens[slot] = len;
      this.frontTexts[slot] = t;
    }
    return t;
  }
  status3(c: number): number {
    const s = this.starts[c] as number;
    if ((this.ends[c] as number) - s !== 3) return -1;
    const b = this.buf;
    const x = (b[s] as number) - 48;
    const y = (b[s + 1] as number) - 48;
    const z = (b[s + 2] as number) - 48;
    return x >= 1 && x <= 5 && y >= 0 && y <= 9 && z >= 0 && z <= 9 ? x * 100 + y * 10 + z : -1;
  }
  iso(c: number): number {
    if (this.escaped[c] === 1) return parseIsoTimestamp(this.raw(c));
    return parseIsoBytes(this.buf, this.starts[c] as number, this.ends[c] as number);
  }
  num(c: number): number {
    const s = this.starts[c] as number;
    const e = this.ends[c] as number;
    if (s === e) return Number.NaN;
    const x = this.escaped[c] === 1 ? Number.NaN : parseDecimalBytes(this.buf, s, e);
    return Number.isNaN(x) ? num(this.raw(c)) : x;
  }
  endpoint(c: number): NormalizedEndpoint | null {
    const s = this.starts[c] as number;
    const e = this.ends[c] as number;
    if (s === e) return null;
    const b = this.buf;
    const seen = this.rawEndpoints.get(b, s, e);
    if (seen !== undefined) return seen;
    const cut = this.escaped[c] === 0 ? idCut(b, s, e) : -1;
    if (cut >= 0) {
      const pre = this.prefixes.get(b, s, cut);
      if (pre !== undefined && isLastSegmentId(b, cut + 1, e, pre.afterApiRoot)) return pre.ep;
    }
    const p = this.pathBytes;
    if (this.escaped[c] === 0 && p.normalize(b, s, e)) {
      let ep = this.paths.get(p.out, 0, p.length);
      if (ep === undefined) {
        const path = Buffer.from(p.out.buffer, p.out.byteOffset, p.length).toString('latin1');
        ep = this.paths.set(p.out, 0, p.length, { method: null, host: null, path });
      }
      // A path with ids is seldom seen twice: caching it would only push out the ones that repeat. When its
      // last segment is the id, its prefix is kept instead.
      if (p.ids === 0) return this.rawEndpoints.set(b, s, e, ep);
      if (cut >= 0) {
        const afterApiRoot = isApiRoot(b, segmentStart(b, s, cut), cut);
        if (isLastSegmentId(b, cut + 1, e, afterApiRoot) && this.prefixes.get(b, s, cut) === undefined)
          this.prefixes.set(b, s, cut, { ep, afterApiRoot });
      }
      return ep;
    }
    const raw = text(this.raw(c));
    return this.rawEndpoints.set(b, s, e, raw === '' ? null : normalizeEndpoint(raw));
  }
  allEmpty(): boolean {
    for (let c = 0; c < this.count; c++) if (!this.isEmpty(c) && this.raw(c).trim() !== '') return false;
    return true;
  }
}
