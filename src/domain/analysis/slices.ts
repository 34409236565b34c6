/**
 * Slice search: where in an integration's traffic do failures concentrate? Candidate slices are
 * endpoints, request/response size bands (≥ a threshold), endpoint × size band, windows of 1–6 UTC hours
 * of the day and weekdays; each is tested per failure family (429, 5xx, timeout, auth; all failures for
 * webhook integrations) against the rest of the traffic. See docs/scoring.md §3.7.
 */

import type { IssueSlice } from '../report/types.js';
import {
  BAND_UNKNOWN,
  bandFloorBytes,
  D_CLASS,
  D_FAIL,
  D_REQ,
  FAIL_AUTH,
  FAIL_RATE,
  FAIL_SERVER,
  FAIL_TIMEOUT,
  OTHER,
  RESP_BANDS,
  SIZE_BANDS,
  SLICE_FIELDS,
  SLICE_WIDTH,
  type SlotState,
} from './accumulator.js';
import { binomialLogTailBound } from './stats.js';

/** Thresholds of the slice search (docs/scoring.md §3.7). */
export const SLICE = {
  /** Family-wise error rate over every slice × family tried (Bonferroni). */
  alpha: 0.001,
  minRequests: 30,
  minFailures: 10,
  /** Minimum effect: slice rate ≥ 10% and ≥ 5× the rate elsewhere. */
  minRate: 0.1,
  minRatio: 5,
  maxHourWindow: 6,
  /** Hour and weekday slices must recur: failures on ≥ 3 (hours) / 2 (weekdays) dates, none holding > 50%. */
  minHourDates: 3,
  minWeekdayDates: 2,
  maxDateShare: 0.5,
  /** A size slice must leave out more than 10% of its parent's (endpoint's or all) requests. */
  maxParentShare: 0.9,
} as const;

/** A failure family: a failure class index, or every failure (webhook integrations). */
export type Family = number | 'all';

export type SliceDimension = IssueSlice['dimension'];

/** A significant slice, as the report shows it (IssueSlice), with the failure family it was found in. */
export interface SliceFinding extends IssueSlice {
  family: Family;
}

type SliceShape = Pick<IssueSlice, 'dimension' | 'label' | 'endpoint' | 'minBytes' | 'hours' | 'weekday'>;

interface Candidate extends SliceShape {
  n: number;
  /** Failures per family: classes 0–4 then all. */
  x: number[];
}

const WEEKDAYS = ['Sundays', 'Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays'];

function fmtBytes(b: number): string {
  if (b >= 1024 * 1024) return `${Math.round(b / 1024 / 1024)} MB`;
  if (b >= 1024) return `${Math.round(b / 1024)} KB`;
  return `${b} B`;
}

/** Requests and per-class failures (plus all) of a slice array over bands [from, SIZE_BANDS) at `offset`. */
function bandSum(a: number[], offset: number, from: number, to: number): { n: number; x: number[] } {
  const x = [0, 0, 0, 0, 0, 0];
  let n = 0;
  for (let b = from; b < to; b++) {
    const o = offset + b * SLICE_WIDTH;
    n += a[o] as number;
    for (let c = 0; c < 5; c++) {
      x[c] = (x[c] as number) + (a[o + 1 + c] as number);
      x[5] = (x[5] as number) + (a[o + 1 + c] as number);
    }
  }
  return { n, x };
}

function sizeCandidates(s: SlotState): Candidate[] {
  const out: Candidate[] = [];
  const total = new Array<number>(SLICE_FIELDS).fill(0);
  const add = (a: number[]) => {
    for (let i = 0; i < SLICE_FIELDS; i++) total[i] = (total[i] as number) + (a[i] as number);
  };
  add(s.unroutedSlices);
  for (const a of Object.values(s.endpointSlices)) add(a);
  const sizeSlices = (a: number[], endpoint: string | null) => {
    for (const [offset, what] of [
      [0, 'requests'],
      [RESP_BANDS, 'responses'],
    ] as const) {
      const parent = bandSum(a, offset, 0, BAND_UNKNOWN + 1).n;
      for (let k = 1; k < SIZE_BANDS; k++) {
        const { n, x } = bandSum(a, offset, k, SIZE_BANDS);
        // A size slice holding nearly all of its parent says nothing about size.
        if (n < SLICE.minRequests || n > SLICE.maxParentShare * parent) continue;
        const minBytes = bandFloorBytes(k);
        const size = `${what} ≥ ${fmtBytes(minBytes)}`;
        const dim = offset === 0 ? 'request_size' : 'response_size';
        out.push(
          endpoint === null
            ? { dimension: dim, label: size, minBytes, n, x }
            : {
                dimension: `endpoint_${dim}`,
                label: `endpoint ${endpoint}, ${size}`,
                endpoint,
                minBytes,
                n,
                x,
              },
        );
      }
    }
  };
  sizeSlices(total, null);
  for (const [ep, a] of Object.entries(s.endpointSlices)) {
    if (ep === OTHER) continue;
    const whole = bandSum(a, 0, 0, BAND_UNKNOWN + 1);
    if (whole.n < SLICE.minRequests) continue;
    out.push({ dimension: 'endpoint', label: `endpoint ${ep}`, endpoint: ep, n: whole.n, x: whole.x });
    sizeSlices(a, ep);
  }
  return out;
}

function hourLabel(hours: number[]): string {
  const first = hours[0] as number;
  const end = ((hours[hours.length - 1] as number) + 1) % 24;
  const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
  return `${hh(first)}–${hh(end)} UTC`;
}

/** Failures per date inside a slice must recur: enough dates, no single date holding most of them. */
function recurs(perDate: Map<number, number>, minDates: number): boolean {
  let dates = 0;
  let total = 0;
  let max = 0;
  for (const v of perDate.values()) {
    if (v <= 0) continue;
    dates++;
    total += v;
    max = Math.max(max, v);
  }
  return dates >= minDates && max <= SLICE.maxDateShare * total;
}

/** Buckets of `hour % 24` (−23 … 23: hours before 1970 give negative remainders, kept as the scan always had them). */
const BUCKETS = 47;
const inWindow = (bucket: number, start: number, w: number) => (bucket - 23 - start + 24) % 24 < w;
/** The buckets in each window, by width then start hour: WINDOW_BUCKETS[w][start]. */
const WINDOW_BUCKETS: number[][][] = Array.from({ length: SLICE.maxHourWindow + 1 }, (_, w) =>
  Array.from({ length: 24 }, (_, start) =>
    Array.from({ length: BUCKETS }, (_, b) => b).filter((b) => inWindow(b, start, w)),
  ),
);

/**
 * A slot's hourly counters folded for the window scan: per `hour % 24` bucket, requests and failures
 * (classes 0–4, then all), and per family the failures on each date × bucket.
 */
function hourGrid(s: SlotState, families: Family[]) {
  const field = (f: Family) => (f === 'all' ? D_FAIL : D_CLASS + f);
  const req = new Array<number>(BUCKETS).fill(0);
  const fail = Array.from({ length: 6 }, () => new Array<number>(BUCKETS).fill(0));
  const dateOf = new Map<number, number>();
  const entries = Object.entries(s.hours);
  for (const [k] of entries) {
    const date = Math.floor(Number(k) / 24);
    if (!dateOf.has(date)) dateOf.set(date, dateOf.size);
  }
  const perDate = families.map(() => new Float64Array(dateOf.size * BUCKETS));
  for (const [k, a] of entries) {
    const hour = Number(k);
    const b = (hour % 24) + 23;
    req[b] = (req[b] as number) + (a[D_REQ] as number);
    for (let c = 0; c < 6; c++) {
      const row = fail[c] as number[];
      row[b] = (row[b] as number) + (a[c === 5 ? D_FAIL : D_CLASS + c] as number);
    }
    const cell = (dateOf.get(Math.floor(hour / 24)) as number) * BUCKETS + b;
    families.forEach((f, i) => {
      const m = perDate[i] as Float64Array;
      m[cell] = (m[cell] as number) + (a[field(f)] as number);
    });
  }
  return { req, fail, perDate, dates: dateOf.size };
}

/** `recurs` over the per-date failures of the hours in window (start, w) of a date × bucket grid. */
function recursInWindow(grid: Float64Array, dates: number, start: number, w: number, minDates: number): boolean {
  const buckets = (WINDOW_BUCKETS[w] as number[][])[start] as number[];
  let n = 0;
  let total = 0;
  let max = 0;
  for (let d = 0; d < dates; d++) {
    let v = 0;
    for (const b of buckets) v += grid[d * BUCKETS + b] as number;
    if (v <= 0) continue;
    n++;
    total += v;
    max = Math.max(max, v);
  }
  return n >= minDates && max <= SLICE.maxDateShare * total;
}

function timeCandidates(s: SlotState, families: Family[]): Candidate[] {
  const out: Candidate[] = [];
  const field = (f: Family) => (f === 'all' ? D_FAIL : D_CLASS + f);
  // Counts are whole numbers, so sums over folded buckets equal the sums over every hour in the window.
  const grid = hourGrid(s, families);
  for (let w = 1; w <= SLICE.maxHourWindow; w++) {
    for (let start = 0; start < 24; start++) {
      const win = Array.from({ length: w }, (_, i) => (start + i) % 24);
      let n = 0;
      const x = [0, 0, 0, 0, 0, 0];
      for (const b of (WINDOW_BUCKETS[w] as number[][])[start] as number[]) {
        n += grid.req[b] as number;
        for (let c = 0; c < 6; c++) x[c] = (x[c] as number) + ((grid.fail[c] as number[])[b] as number);
      }
      if (n < SLICE.minRequests) continue;
      // A family whose failures do not recur over dates gets no failures in this slice (it cannot qualify).
      families.forEach((f, i) => {
        if (!recursInWindow(grid.perDate[i] as Float64Array, grid.dates, start, w, SLICE.minHourDates))
          x[f === 'all' ? 5 : f] = 0;
      });
      out.push({ dimension: 'hour', label: hourLabel(win), hours: win, n, x });
    }
  }
  for (let wd = 0; wd < 7; wd++) {
    let n = 0;
    const x = [0, 0, 0, 0, 0, 0];
    const perDate = families.map(() => new Map<number, number>());
    for (const [k, a] of Object.entries(s.days)) {
      const day = Number(k);
      if ((day + 4) % 7 !== wd) continue;
      n += a[D_REQ] as number;
      for (let c = 0; c < 5; c++) x[c] = (x[c] as number) + (a[D_CLASS + c] as number);
      x[5] = (x[5] as number) + (a[D_FAIL] as number);
      families.forEach((f, i) => {
        (perDate[i] as Map<number, number>).set(day, a[field(f)] as number);
      });
    }
    if (n < SLICE.minRequests) continue;
    families.forEach((f, i) => {
      if (!recurs(perDate[i] as Map<number, number>, SLICE.minWeekdayDates)) x[f === 'all' ? 5 : f] = 0;
    });
    out.push({ dimension: 'weekday', label: WEEKDAYS[wd] as string, weekday: wd, n, x });
  }
  return out;
}

/**
 * The most significant slice per failure family where failures concentrate, or none. A slice qualifies
 * with ≥ 30 requests, ≥ 10 failures, a rate ≥ 10% and ≥ 5× the rate in the rest of the traffic, and a
 * Chernoff bound P(X ≥ x | n, rest rate) × (slices × families tried) < 0.001; hour and weekday slices must
 * also recur over dates (so a one-off burst is not a "slice"). Totals come from the same counters as the
 * slices, so "rest" = everything outside the slice. Example: 500s on 62% of one endpoint's ≥ 1 MB
 * requests and 0.4% elsewhere → [{ family: 1, dimension: 'endpoint_request_size', rate: 0.62, restRate: 0.004, … }].
 */
export function findSlices(s: SlotState, webhookDominated: boolean): SliceFinding[] {
  const families: Family[] = [FAIL_RATE, FAIL_SERVER, FAIL_TIMEOUT, FAIL_AUTH];
  if (webhookDominated) families.push('all');
  const candidates = [...sizeCandidates(s), ...timeCandidates(s, families)];
  const totals = bandSum(
    [s.unroutedSlices, ...Object.values(s.endpointSlices)].reduce((acc, a) => acc.map((v, i) => v + (a[i] as number))),
    0,
    0,
    BAND_UNKNOWN + 1,
  );
  const tried = candidates.length * families.length;
  const out: SliceFinding[] = [];
  for (const f of families) {
    const fi = f === 'all' ? 5 : f;
    const X = totals.x[fi] as number;
    let best: SliceFinding | null = null;
    let bestLog = 0;
    for (const c of candidates) {
      const x = c.x[fi] as number;
      if (x < SLICE.minFailures || c.n < SLICE.minRequests || c.n >= totals.n) continue;
      const rate = x / c.n;
      const restRate = Math.max(0, X - x) / (totals.n - c.n);
      if (rate < SLICE.minRate || rate < SLICE.minRatio * restRate) continue;
      const smoothed = (Math.max(0, X - x) + 1) / (totals.n - c.n + 2);
      // Log of the adjusted bound; the largest evidence (most negative) wins, ties go to the more specific slice.
      const logP = binomialLogTailBound(x, c.n, smoothed) + Math.log(tried);
      if (logP >= Math.log(SLICE.alpha)) continue;
      if (best && (logP > bestLog || (logP === bestLog && c.dimension.length <= best.dimension.length))) continue;
      const { n: _n, x: _x, ...rest } = c;
      bestLog = logP;
      best = { family: f, ...rest, requests: c.n, failures: x, rate, restRate, pValue: Math.exp(logP) };
    }
    if (best) out.push(best);
  }
  return out;
}
