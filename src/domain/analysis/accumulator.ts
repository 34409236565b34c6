/**
 * The streaming accumulator: one slot per (customer, integration) with bounded-memory aggregates —
 * counters, a latency sketch, per-day counters and sketches, hour/weekday histograms, capped maps of
 * error codes, endpoints and webhook failure reasons, log2 size buckets, per-minute counts and distinct users.
 * `state()` returns plain data (structured-clone-able); `mergeStates` adds two states.
 */
import type { IntegrationType, LogRecord } from '../records.js';
import { DistinctCounter, type DistinctState, mergeDistinct } from './distinct.js';
import { mergeSketchStates, Sketch, type SketchState } from './sketch.js';

/** Failure classes counted per day/hour: index into the per-class arrays. */
export const FAIL_RATE = 0;
export const FAIL_SERVER = 1;
export const FAIL_TIMEOUT = 2;
export const FAIL_AUTH = 3;
export const FAIL_OTHER = 4;
export const FAIL_CLASSES = 5;

/** Per-day fields: requests, failures, failures per class (5), webhook deliveries, webhook failures, successes. */
export const D_REQ = 0;
export const D_FAIL = 1;
export const D_CLASS = 2; // +class
export const D_WH = 7;
export const D_WH_FAIL = 8;
export const D_FIELDS = 9;

/** Per-hour fields: the per-day fields, then the epoch ms of the hour's first failure (0 = none). */
export const H_FIRST_FAIL = D_FIELDS;
export const H_FIELDS = D_FIELDS + 1;

/**
 * Slice counters: per size band, [requests, failures of class 0…4] (SLICE_WIDTH numbers). Bands are
 * powers of 4 from 256 B (band 0 < 256 B, band k ≥ 1 holds 256·4^(k−1) ≤ bytes < 256·4^k, band 9 ≥ 16 MB)
 * and one band for "size unknown"; request bands first, then response bands.
 */
export const SLICE_WIDTH = 1 + FAIL_CLASSES;
export const SIZE_BANDS = 10;
export const BAND_UNKNOWN = SIZE_BANDS;
export const SLICE_FIELDS = 2 * (SIZE_BANDS + 1) * SLICE_WIDTH;
/** Offset of the response-size bands inside a slice array. */
export const RESP_BANDS = (SIZE_BANDS + 1) * SLICE_WIDTH;
/** Endpoint arrays: [requests, failures] then SLICE_FIELDS slice counters. */
const EP_HEAD = 2;

/** Lower bound in bytes of size band `band` (0 for band 0). */
export function bandFloorBytes(band: number): number {
  return band <= 0 ? 0 : 256 * 4 ** (band - 1);
}

/** Size band of a byte count (NaN → BAND_UNKNOWN), from its log2 bucket so it costs one log. */
function sizeBand(bytes: number): number {
  if (Number.isNaN(bytes)) return BAND_UNKNOWN;
  if (bytes < 256) return 0;
  return bandOfBucket(Math.floor(Math.log2(bytes)) + 1);
}

/** Size band of a byte count ≥ 256 from its log2 bucket (9 for 256–511 B). */
function bandOfBucket(b: number): number {
  return Math.min(SIZE_BANDS - 1, ((b - 9) >> 1) + 1);
}

export const SIZE_BUCKETS = 48;
/** Packs a minute's 429 count above its request count (< 2^26 requests per minute). */
export const MINUTE_429 = 2 ** 26;

/** A packed per-minute value → [requests, 429s]. */
export function unpackMinute(packed: number): [number, number] {
  return [packed % MINUTE_429, Math.floor(packed / MINUTE_429)];
}
export const MAX_ENDPOINTS = 200;
export const MAX_CODES = 100;
export const MAX_REASONS = 50;
/** Days kept per slot (≈ 13 months); later days beyond the cap are folded out of the daily series. */
export const MAX_DAYS = 400;
/** Hours kept per slot (the same ≈ 13 months). */
export const MAX_HOURS = MAX_DAYS * 24;
export const OTHER = 'other';

export interface SlotState {
  customer: string | null;
  integration: string;
  type: IntegrationType;
  records: number;
  ok: number;
  apiCalls: number;
  apiOk: number;
  webhooks: number;
  webhookOk: number;
  errorLogs: number;
  /** Epoch ms, NaN-free: -1 when unknown. */
  firstTs: number;
  lastTs: number;
  lastOkTs: number;
  lastFailTs: number;
  latency: SketchState;
  /** day index (floor(ts/86400000)) → D_FIELDS counters. */
  days: Record<string, number[]>;
  dayLatency: Record<string, SketchState>;
  /** hour index (floor(ts/3600000)) → H_FIELDS counters (the onset series). */
  hours: Record<string, number[]>;
  hourReq: number[];
  /** FAIL_CLASSES × 24, class-major. */
  hourFail: number[];
  /** 0 = Sunday … 6 = Saturday. */
  weekdayReq: number[];
  weekdayFail: number[];
  codes: Record<string, number>;
  /** endpoint → [requests, failures]. */
  endpoints: Record<string, [number, number]>;
  /** endpoint → SLICE_FIELDS slice counters (size band × failure class), same keys as `endpoints`. */
  endpointSlices: Record<string, number[]>;
  /** Slice counters of the records without an endpoint. */
  unroutedSlices: number[];
  /** log2(request bytes) buckets: requests and 5xx failures. */
  sizeReq: number[];
  size5xx: number[];
  /**
   * Per-minute counts, flat and sorted by minute: [minute, packed, minute, packed, …] where
   * packed = requests + 429s × MINUTE_429 (see `unpackMinute`). Flat numbers keep a month of minutes
   * for many integrations to a few MB when worker threads post their state back.
   */
  minutes: number[];
  webhookReasons: Record<string, number>;
  /** Distinct user ids (exact, then a sketch); null when no record of the slot carried a user id. */
  users: DistinctState | null;
}

export interface AccumulatorState {
  version: 1;
  slots: SlotState[];
}

export interface Accumulator {
  add(r: LogRecord): void;
  state(): AccumulatorState;
}

const CODE_CLASS = new Map<string, number>();

/** Failure class of a failed record from its status and error code (cached per code). */
export function failureClass(status: number | null, code: string | null): number {
  if (status === 429) return FAIL_RATE;
  if (status === 401 || status === 403) return FAIL_AUTH;
  if (status === 408 || status === 504) return FAIL_TIMEOUT;
  if (code !== null) {
    const cached = CODE_CLASS.get(code);
    if (cached !== undefined) return cached;
    const c = classifyCode(code);
    if (CODE_CLASS.size < 10_000) CODE_CLASS.set(code, c);
    if (c !== FAIL_OTHER || status === null) return c;
  }
  if (status !== null && status >= 500) return FAIL_SERVER;
  return FAIL_OTHER;
}

function classifyCode(code: string): number {
  const c = code.toLowerCase();
  if (c === '429' || /rate.?limit|too.?many|throttl/.test(c)) return FAIL_RATE;
  if (c === '401' || c === '403' || /invalid_grant|token|unauthori[sz]ed|forbidden|auth|invalid_client|expired/.test(c))
    return FAIL_AUTH;
  if (
    c === '408' ||
    c === '504' ||
    /timeout|timed.?out|etimedout|econnreset|esockettimedout|econnaborted|econnrefused/.test(c)
  )
    return FAIL_TIMEOUT;
  if (/^5\d\d$/.test(c) || /server.?error|internal|unavailable|bad.?gateway/.test(c)) return FAIL_SERVER;
  return FAIL_OTHER;
}

const STATUS_STRINGS: string[] = [];
function statusString(s: number): string {
  if (s >= 0 && s < 1000) {
    let str = STATUS_STRINGS[s];
    if (str === undefined) {
      str = String(s);
      STATUS_STRINGS[s] = str;
    }
    return str;
  }
  return String(s);
}

class Slot {
  records = 0;
  ok = 0;
  apiCalls = 0;
  apiOk = 0;
  webhooks = 0;
  webhookOk = 0;
  errorLogs = 0;
  firstTs = -1;
  lastTs = -1;
  lastOkTs = -1;
  lastFailTs = -1;
  latency = new Sketch();
  days = new Map<number, Float64Array>();
  dayLatency = new Map<number, Sketch>();
  hours = new Map<number, Float64Array>();
  hourReq = new Float64Array(24);
  hourFail = new Float64Array(24 * FAIL_CLASSES);
  weekdayReq = new Float64Array(7);
  weekdayFail = new Float64Array(7 * FAIL_CLASSES);
  codes = new Map<string, number>();
  endpoints = new Map<string, Float64Array>();
  unrouted = new Float64Array(EP_HEAD + SLICE_FIELDS);
  sizeReq = new Float64Array(SIZE_BUCKETS);
  size5xx = new Float64Array(SIZE_BUCKETS);
  /**
   * minute index → requests + 429s × MINUTE_429 in one number. A small typed array per minute costs
   * ~250 bytes; a number in a Map ~30, which keeps 10M rows over months well inside the memory budget.
   */
  minutes = new Map<number, number>();
  webhookReasons = new Map<string, number>();
  users: DistinctCounter | null = null;
  private lastDay = Number.NaN;
  private lastDayArr: Float64Array | null = null;
  /** Whether the last day is kept (not beyond MAX_DAYS), and its latency sketch once it has one. */
  private lastDayKept = false;
  private lastDaySketch: Sketch | null = null;
  private lastHour = Number.NaN;
  private lastHourArr: Float64Array | null = null;
  /**
   * The packed minute counts of the latest day seen, by minute of the day, added to `minutes` when a
   * later day starts: records come mostly in time order, so this replaces a Map update per record by
   * one per minute and day. Records of earlier days go to the Map directly. Flushed by `state()`.
   */
  private minuteDay = Number.NaN;
  private minuteOfDay: Float64Array | null = null;
  /** Flushed days in increasing order, as flat sorted [minute, packed] pairs; a day out of order goes to the Map. */
  private minuteList: number[] = [];
  private listedUpTo = Number.NEGATIVE_INFINITY;

  constructor(
    readonly customer: string | null,
    readonly integration: string,
    readonly type: IntegrationType,
  ) {}

  add(r: LogRecord): void {
    this.records++;
    const ok = r.ok;
    const kind = r.kind;
    if (kind === 'api_call') {
      this.apiCalls++;
      if (ok) this.apiOk++;
    } else if (kind === 'webhook') {
      this.webhooks++;
      if (ok) this.webhookOk++;
    } else this.errorLogs++;
    let cls = -1;
    if (ok) this.ok++;
    else cls = failureClass(r.status, r.errorCode);

    const lat = r.latencyMs;
    if (!Number.isNaN(lat)) this.latency.accept(lat);

    const ts = r.timestamp;
    if (!Number.isNaN(ts)) {
      if (this.firstTs < 0 || ts < this.firstTs) this.firstTs = ts;
      if (ts > this.lastTs) this.lastTs = ts;
      if (ok) {
        if (ts > this.lastOkTs) this.lastOkTs = ts;
      } else if (ts > this.lastFailTs) this.lastFailTs = ts;
      const day = Math.floor(ts / 86_400_000);
      let d = this.lastDayArr;
      if (day !== this.lastDay || d === null) d = this.dayArray(day);
      d[D_REQ]++;
      if (kind === 'webhook') {
        d[D_WH]++;
        if (!ok) d[D_WH_FAIL]++;
      }
      const hourIndex = Math.floor(ts / 3_600_000);
      let h = this.lastHourArr;
      if (hourIndex !== this.lastHour || h === null) h = this.hourArray(hourIndex);
      h[D_REQ]++;
      if (kind === 'webhook') {
        h[D_WH]++;
        if (!ok) h[D_WH_FAIL]++;
      }
      const hour = hourIndex % 24;
      const wd = (day + 4) % 7; // 1970-01-01 was a Thursday
      this.hourReq[hour]++;
      this.weekdayReq[wd]++;
      if (cls >= 0) {
        d[D_FAIL]++;
        d[D_CLASS + cls]++;
        h[D_FAIL]++;
        h[D_CLASS + cls]++;
        const first = h[H_FIRST_FAIL] as number;
        if (first === 0 || ts < first) h[H_FIRST_FAIL] = ts;
        this.hourFail[cls * 24 + hour]++;
        this.weekdayFail[cls * 7 + wd]++;
      }
      if (!Number.isNaN(lat) && this.lastDayKept) (this.lastDaySketch ?? this.daySketch(day)).accept(lat);
      const minute = Math.floor(ts / 60_000);
      const packed = cls === FAIL_RATE ? 1 + MINUTE_429 : 1;
      if (day !== this.minuteDay) this.startMinuteDay(day);
      if (day === this.minuteDay) (this.minuteOfDay as Float64Array)[minute - day * 1440] += packed;
      else this.minutes.set(minute, (this.minutes.get(minute) ?? 0) + packed);
    }

    const user = r.user;
    if (user !== null) {
      if (this.users === null) this.users = new DistinctCounter();
      this.users.add(user, Number.isNaN(ts) ? -1 : Math.floor(ts / 86_400_000));
    }

    const ep = r.endpoint;
    let sl: Float64Array = this.unrouted;
    if (ep !== null) {
      let e = this.endpoints.get(ep);
      if (e === undefined) {
        if (this.endpoints.size >= MAX_ENDPOINTS) {
          e = this.endpoints.get(OTHER);
          if (e === undefined) {
            e = new Float64Array(EP_HEAD + SLICE_FIELDS);
            this.endpoints.set(OTHER, e);
          }
        } else {
          e = new Float64Array(EP_HEAD + SLICE_FIELDS);
          this.endpoints.set(ep, e);
        }
      }
      e[0]++;
      if (!ok) e[1]++;
      sl = e;
    }
    // One log2 of the request size serves its size band and its log2 bucket.
    const bytes = r.requestBytes;
    let reqBand = BAND_UNKNOWN;
    if (!Number.isNaN(bytes)) {
      const log = bytes < 1 ? 0 : Math.floor(Math.log2(bytes)) + 1;
      reqBand = bytes < 256 ? 0 : bandOfBucket(log);
      const b = Math.min(SIZE_BUCKETS - 1, log);
      this.sizeReq[b]++;
      if (cls === FAIL_SERVER) this.size5xx[b]++;
    }
    const reqAt = EP_HEAD + reqBand * SLICE_WIDTH;
    const respAt = EP_HEAD + RESP_BANDS + sizeBand(r.responseBytes) * SLICE_WIDTH;
    sl[reqAt]++;
    sl[respAt]++;
    if (cls >= 0) {
      sl[reqAt + 1 + cls]++;
      sl[respAt + 1 + cls]++;
    }

    if (!ok) {
      const code = r.errorCode ?? (r.status !== null ? statusString(r.status) : 'unknown');
      bump(this.codes, code, MAX_CODES);
      if (kind === 'webhook') {
        const reason = r.errorMessage ?? r.errorCode ?? (r.status !== null ? `HTTP ${r.status}` : 'unknown');
        bump(this.webhookReasons, reason.length > 120 ? reason.slice(0, 120) : reason, MAX_REASONS);
      }
    }
  }

  /** The day's counters (a detached array beyond MAX_DAYS), made current with its latency sketch if any. */
  private dayArray(day: number): Float64Array {
    let d = this.days.get(day);
    if (d === undefined) {
      d = new Float64Array(D_FIELDS);
      if (this.days.size < MAX_DAYS) this.days.set(day, d); // beyond the cap: counted nowhere daily
    }
    this.lastDay = day;
    this.lastDayArr = d;
    this.lastDayKept = this.days.has(day);
    this.lastDaySketch = this.dayLatency.get(day) ?? null;
    return d;
  }

  /** The latency sketch of a kept day, made on its first latency. */
  private daySketch(day: number): Sketch {
    const s = new Sketch();
    this.dayLatency.set(day, s);
    this.lastDaySketch = s;
    return s;
  }

  /** Makes a later day (or the first) the one counted by minute of day; an earlier day stays in the Map. */
  private startMinuteDay(day: number): void {
    if (!Number.isNaN(this.minuteDay) && day < this.minuteDay) return;
    this.flushMinutes();
    this.minuteDay = day;
    this.minuteOfDay ??= new Float64Array(1440);
  }

  private flushMinutes(): void {
    const a = this.minuteOfDay;
    if (a === null || Number.isNaN(this.minuteDay)) return;
    const base = this.minuteDay * 1440;
    const inOrder = this.minuteDay > this.listedUpTo;
    const list = this.minuteList;
    for (let i = 0; i < 1440; i++) {
      const v = a[i] as number;
      if (v === 0) continue;
      if (inOrder) list.push(base + i, v);
      else this.minutes.set(base + i, (this.minutes.get(base + i) ?? 0) + v);
      a[i] = 0;
    }
    if (inOrder) this.listedUpTo = this.minuteDay;
  }

  private hourArray(hourIndex: number): Float64Array {
    let h = this.hours.get(hourIndex);
    if (h === undefined) {
      h = new Float64Array(H_FIELDS);
      if (this.hours.size < MAX_HOURS) this.hours.set(hourIndex, h); // beyond the cap: counted nowhere hourly
    }
    this.lastHour = hourIndex;
    this.lastHourArr = h;
    return h;
  }

  state(): SlotState {
    this.flushMinutes();
    return {
      customer: this.customer,
      integration: this.integration,
      type: this.type,
      records: this.records,
      ok: this.ok,
      apiCalls: this.apiCalls,
      apiOk: this.apiOk,
      webhooks: this.webhooks,
      webhookOk: this.webhookOk,
      errorLogs: this.errorLogs,
      firstTs: this.firstTs,
      lastTs: this.lastTs,
      lastOkTs: this.lastOkTs,
      lastFailTs: this.lastFailTs,
      latency: this.latency.state(),
      days: Object.fromEntries([...this.days].map(([k, v]) => [String(k), Array.from(v)])),
      dayLatency: Object.fromEntries([...this.dayLatency].map(([k, v]) => [String(k), v.state()])),
      hours: Object.fromEntries([...this.hours].map(([k, v]) => [String(k), Array.from(v)])),
      hourReq: Array.from(this.hourReq),
      hourFail: Array.from(this.hourFail),
      weekdayReq: Array.from(this.weekdayReq),
      weekdayFail: Array.from(this.weekdayFail),
      codes: Object.fromEntries(this.codes),
      endpoints: Object.fromEntries([...this.endpoints].map(([k, v]) => [k, [v[0] as number, v[1] as number]])),
      endpointSlices: Object.fromEntries([...this.endpoints].map(([k, v]) => [k, Array.from(v.subarray(EP_HEAD))])),
      unroutedSlices: Array.from(this.unrouted.subarray(EP_HEAD)),
      sizeReq: Array.from(this.sizeReq),
      size5xx: Array.from(this.size5xx),
      minutes:
        this.minutes.size === 0 ? [...this.minuteList] : mergeMinutes(this.minuteList, flattenMinutes(this.minutes)),
      webhookReasons: Object.fromEntries(this.webhookReasons),
      users: this.users === null ? null : this.users.state(),
    };
  }
}

function bump(map: Map<string, number>, key: string, cap: number): void {
  const n = map.get(key);
  if (n !== undefined) map.set(key, n + 1);
  else if (map.size < cap) map.set(key, 1);
  else map.set(OTHER, (map.get(OTHER) ?? 0) + 1);
}

/**
 * Creates an empty accumulator. `add()` is called once per record with a reused mutable object: it copies
 * the few strings it keeps (slot keys, codes, endpoints) and never retains the record. Memory is bounded
 * per slot: ≤ 400 days, 200 endpoints + "other", 100 codes + "other", 50 webhook reasons, one entry per
 * minute with traffic, ≤ 4,096 user hashes or ≤ 8 HyperLogLog register arrays of 16 KiB (distinct.ts).
 */
export function createAccumulator(): Accumulator {
  // integration → customer → slot: no key string is built per record; `order` keeps first-seen order.
  const slots = new Map<string, Map<string | null, Slot>>();
  const order: Slot[] = [];
  let lastCustomer: string | null | undefined;
  let lastIntegration: string | undefined;
  let lastSlot: Slot | null = null;
  return {
    add(r: LogRecord): void {
      let slot = lastSlot;
      if (slot === null || r.customer !== lastCustomer || r.integration !== lastIntegration) {
        let byCustomer = slots.get(r.integration);
        if (byCustomer === undefined) {
          byCustomer = new Map();
          slots.set(r.integration, byCustomer);
        }
        slot = byCustomer.get(r.customer) ?? null;
        if (slot === null) {
          slot = new Slot(r.customer, r.integration, r.integrationType);
          byCustomer.set(r.customer, slot);
          order.push(slot);
        }
        lastSlot = slot;
        lastCustomer = r.customer;
        lastIntegration = r.integration;
      }
      slot.add(r);
    },
    state(): AccumulatorState {
      return { version: 1, slots: order.map((s) => s.state()) };
    },
  };
}

function slotKey(s: SlotState): string {
  return `${s.customer === null ? '\u0000' : s.customer}\u0001${s.integration}`;
}

const addArr = (a: number[], b: number[]): number[] => a.map((v, i) => v + (b[i] ?? 0));

function mergeCapped(a: Record<string, number>, b: Record<string, number>, cap: number): Record<string, number> {
  const out: Record<string, number> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return capRecord(
    out,
    cap,
    (x, y) => x + y,
    (v) => v,
  );
}

/** Keeps the `cap` largest entries (by weight) and folds the rest into "other". */
function capRecord<T>(
  rec: Record<string, T>,
  cap: number,
  add: (x: T, y: T) => T,
  weight: (v: T) => number,
): Record<string, T> {
  const keys = Object.keys(rec).filter((k) => k !== OTHER);
  if (keys.length <= cap) return rec;
  keys.sort((x, y) => weight(rec[y] as T) - weight(rec[x] as T) || (x < y ? -1 : 1));
  const out: Record<string, T> = {};
  let other: T | undefined = rec[OTHER];
  for (const [i, k] of keys.entries()) {
    if (i < cap) out[k] = rec[k] as T;
    else other = other === undefined ? (rec[k] as T) : add(other, rec[k] as T);
  }
  if (other !== undefined) out[OTHER] = other;
  return out;
}

function flattenMinutes(minutes: Map<number, number>): number[] {
  const keys = [...minutes.keys()].sort((a, b) => a - b);
  const out = new Array<number>(keys.length * 2);
  for (let i = 0; i < keys.length; i++) {
    out[2 * i] = keys[i] as number;
    out[2 * i + 1] = minutes.get(keys[i] as number) as number;
  }
  return out;
}

/** Merge-joins two flat sorted minute lists, adding the packed counts of equal minutes. */
function mergeMinutes(a: number[], b: number[]): number[] {
  if (b.length === 0) return a.slice();
  if (a.length === 0) return b.slice();
  // Written by index into an array of the largest size needed, then cut: no push per pair.
  const out = new Array<number>(a.length + b.length);
  let o = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x < y) {
      out[o++] = x;
      out[o++] = a[i + 1] as number;
      i += 2;
    } else if (y < x) {
      out[o++] = y;
      out[o++] = b[j + 1] as number;
      j += 2;
    } else {
      out[o++] = x;
      out[o++] = (a[i + 1] as number) + (b[j + 1] as number);
      i += 2;
      j += 2;
    }
  }
  for (; i < a.length; i++) out[o++] = a[i] as number;
  for (; j < b.length; j++) out[o++] = b[j] as number;
  out.length = o;
  return out;
}

function mergePairs(
  a: Record<string, [number, number]>,
  b: Record<string, [number, number]>,
): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const [k, v] of Object.entries(a)) out[k] = [v[0], v[1]];
  for (const [k, v] of Object.entries(b)) {
    const o = out[k];
    out[k] = o ? [o[0] + v[0], o[1] + v[1]] : [v[0], v[1]];
  }
  return out;
}

const minPos = (a: number, b: number): number => (a < 0 ? b : b < 0 ? a : Math.min(a, b));

/** Adds two hour arrays; the first-failure time is the earlier of the two set ones (0 = none). */
function mergeHour(a: number[], b: number[]): number[] {
  const out = addArr(a, b);
  const x = a[H_FIRST_FAIL] as number;
  const y = b[H_FIRST_FAIL] as number;
  out[H_FIRST_FAIL] = x === 0 ? y : y === 0 ? x : Math.min(x, y);
  return out;
}

function mergeSlot(a: SlotState, b: SlotState): SlotState {
  const days: Record<string, number[]> = {};
  for (const [k, v] of Object.entries(a.days)) days[k] = [...v];
  for (const [k, v] of Object.entries(b.days)) days[k] = days[k] ? addArr(days[k] as number[], v) : [...v];
  const dayLatency: Record<string, SketchState> = { ...a.dayLatency };
  for (const [k, v] of Object.entries(b.dayLatency))
    dayLatency[k] = dayLatency[k] ? mergeSketchStates(dayLatency[k] as SketchState, v) : v;
  const hours: Record<string, number[]> = {};
  for (const [k, v] of Object.entries(a.hours)) hours[k] = [...v];
  for (const [k, v] of Object.entries(b.hours)) hours[k] = hours[k] ? mergeHour(hours[k] as number[], v) : [...v];
  const pairs = mergePairs(a.endpoints, b.endpoints);
  const endpoints = capRecord(
    pairs,
    MAX_ENDPOINTS,
    (x, y) => [x[0] + y[0], x[1] + y[1]] as [number, number],
    (v) => v[0],
  );
  const slices: Record<string, number[]> = { ...a.endpointSlices };
  for (const [k, v] of Object.entries(b.endpointSlices)) slices[k] = slices[k] ? addArr(slices[k] as number[], v) : v;
  // The same endpoints as `endpoints` survive the cap (ranked by the same request counts); the rest fold into "other".
  const endpointSlices: Record<string, number[]> = {};
  for (const [k, v] of Object.entries(slices)) {
    const key = k in endpoints ? k : OTHER;
    endpointSlices[key] = endpointSlices[key] ? addArr(endpointSlices[key] as number[], v) : v;
  }
  return {
    customer: a.customer,
    integration: a.integration,
    type: a.type,
    records: a.records + b.records,
    ok: a.ok + b.ok,
    apiCalls: a.apiCalls + b.apiCalls,
    apiOk: a.apiOk + b.apiOk,
    webhooks: a.webhooks + b.webhooks,
    webhookOk: a.webhookOk + b.webhookOk,
    errorLogs: a.errorLogs + b.errorLogs,
    firstTs: minPos(a.firstTs, b.firstTs),
    lastTs: Math.max(a.lastTs, b.lastTs),
    lastOkTs: Math.max(a.lastOkTs, b.lastOkTs),
    lastFailTs: Math.max(a.lastFailTs, b.lastFailTs),
    latency: mergeSketchStates(a.latency, b.latency),
    days,
    dayLatency,
    hours,
    hourReq: addArr(a.hourReq, b.hourReq),
    hourFail: addArr(a.hourFail, b.hourFail),
    weekdayReq: addArr(a.weekdayReq, b.weekdayReq),
    weekdayFail: addArr(a.weekdayFail, b.weekdayFail),
    codes: mergeCapped(a.codes, b.codes, MAX_CODES),
    endpoints,
    endpointSlices,
    unroutedSlices: addArr(a.unroutedSlices, b.unroutedSlices),
    sizeReq: addArr(a.sizeReq, b.sizeReq),
    size5xx: addArr(a.size5xx, b.size5xx),
    minutes: mergeMinutes(a.minutes, b.minutes),
    webhookReasons: mergeCapped(a.webhookReasons, b.webhookReasons, MAX_REASONS),
    users: a.users !== null && b.users !== null ? mergeDistinct(a.users, b.users) : (a.users ?? b.users),
  };
}

/**
 * Adds two accumulator states (e.g. from worker threads). Commutative and associative up to the caps:
 * merging the states of any split of the records equals the state of one accumulator over all of them
 * (exactly, while no cap — 200 endpoints, 100 codes, 50 reasons — overflows).
 */
export function mergeStates(a: AccumulatorState, b: AccumulatorState): AccumulatorState {
  const out = new Map<string, SlotState>();
  for (const s of a.slots) out.set(slotKey(s), s);
  for (const s of b.slots) {
    const k = slotKey(s);
    const prev = out.get(k);
    out.set(k, prev ? mergeSlot(prev, s) : s);
  }
  return { version: 1, slots: [...out.values()] };
}
