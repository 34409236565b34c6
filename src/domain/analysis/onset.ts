/**
 * When did a fault begin? Change-point onset on the hourly (and daily) series kept by the accumulator:
 * a daily binomial change point decides whether there is a significant step at all (minimum effect:
 * after ≥ 2× before and ≥ 0.5 pp higher, ≥ 10 failures after, Bonferroni p < 0.001); the hourly series
 * then places it to the hour, as the start of the maximum-excess segment (CUSUM with a reference rate
 * between the two levels); a flat-then-linear (hinge) fit on the daily rates dates a ramp from where it
 * leaves the baseline instead of where it crosses a threshold. See docs/scoring.md §3.6.
 */

import type { IssueOnset } from '../report/types.js';
import { D_CLASS, D_FAIL, D_REQ, D_WH, D_WH_FAIL, H_FIRST_FAIL, type SlotState } from './accumulator.js';
import { binomialChangePoint, binomialTailBound, mannKendall } from './stats.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The onset of an issue, as reported in `Issue.onset`. */
export type Onset = IssueOnset;

/** Thresholds of the onset search (docs/scoring.md §3.6). */
export const ONSET = {
  alpha: 0.001,
  minRatio: 2,
  minRise: 0.005,
  minFailures: 10,
  /** Reference rate of the excess segment: before + 0.25 × (after − before). */
  refFraction: 0.25,
  /** A ramp is preferred to a step when its weighted squared error is below this share of the step's. */
  rampGain: 0.8,
  /** Burst: segment rate ≥ 25%, ≥ 20 failures, spanning ≥ 2 hours, ended ≥ 6 h before the data end. */
  burstMinRate: 0.25,
  burstMinFailures: 20,
  burstMinHours: 2,
  /** …and holding ≥ 30% of all the series' failures. */
  burstMinShare: 0.3,
} as const;

/** A count series over time buckets: bucket start (epoch ms), failures, requests, first failure (0 = none). */
export interface CountSeries {
  start: number[];
  x: number[];
  n: number[];
  firstFail: number[];
}

/** The failures/requests field pair of a series: a failure class (0–4), all failures, or webhook failures. */
export type SeriesField = number | 'all' | 'webhook';

function fields(f: SeriesField): [number, number] {
  if (f === 'all') return [D_FAIL, D_REQ];
  if (f === 'webhook') return [D_WH_FAIL, D_WH];
  return [D_CLASS + f, D_REQ];
}

/** Hourly or daily count series of a slot for one field pair, in time order, buckets without traffic omitted. */
export function countSeries(s: SlotState, f: SeriesField, bucket: 'hour' | 'day'): CountSeries {
  const [xf, nf] = fields(f);
  const src = bucket === 'hour' ? s.hours : s.days;
  const width = bucket === 'hour' ? HOUR_MS : DAY_MS;
  const keys = Object.keys(src)
    .map(Number)
    .sort((a, b) => a - b);
  const out: CountSeries = { start: [], x: [], n: [], firstFail: [] };
  for (const k of keys) {
    const a = src[String(k)] as number[];
    if ((a[nf] as number) === 0) continue;
    out.start.push(k * width);
    out.x.push(a[xf] as number);
    out.n.push(a[nf] as number);
    out.firstFail.push(bucket === 'hour' ? ((a[H_FIRST_FAIL] as number) ?? 0) : 0);
  }
  return out;
}

/**
 * The contiguous segment [start, end] (inclusive indices) maximising Σ (x − ref·n): Kadane's maximum
 * subarray, i.e. the CUSUM run with reference rate `ref`. Null when no bucket exceeds the reference.
 * Example: maxExcessSegment([0,0,5,6,0], [10,10,10,10,10], 0.2) → { start: 2, end: 3, excess: 7 }.
 */
export function maxExcessSegment(
  x: number[],
  n: number[],
  ref: number,
): { start: number; end: number; excess: number } | null {
  let best: { start: number; end: number; excess: number } | null = null;
  let run = 0;
  let runStart = 0;
  for (let i = 0; i < x.length; i++) {
    const e = (x[i] as number) - ref * (n[i] as number);
    if (run <= 0) {
      run = e;
      runStart = i;
    } else run += e;
    if (run > 0 && (best === null || run > best.excess)) best = { start: runStart, end: i, excess: run };
  }
  return best;
}

const sumRange = (a: number[], from: number, to: number): number => {
  let t = 0;
  for (let i = from; i < to; i++) t += a[i] as number;
  return t;
};

/**
 * Weighted least-squares fit of rate = a + b·max(0, t − c) over daily rates y (weights w), for every knot c;
 * returns the best knot and its squared error. O(days²); days ≤ 400.
 */
export function hingeFit(y: number[], w: number[]): { knot: number; sse: number; slope: number } | null {
  let best: { knot: number; sse: number; slope: number } | null = null;
  for (let c = 0; c < y.length - 2; c++) {
    let sw = 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let sxy = 0;
    for (let t = 0; t < y.length; t++) {
      const wt = w[t] as number;
      const u = Math.max(0, t - c);
      sw += wt;
      sx += wt * u;
      sy += wt * (y[t] as number);
      sxx += wt * u * u;
      sxy += wt * u * (y[t] as number);
    }
    const den = sw * sxx - sx * sx;
    if (den <= 0) continue;
    const b = (sw * sxy - sx * sy) / den;
    const a = (sy - b * sx) / sw;
    let sse = 0;
    for (let t = 0; t < y.length; t++) {
      const r = (y[t] as number) - a - b * Math.max(0, t - c);
      sse += (w[t] as number) * r * r;
    }
    if (b > 0 && (best === null || sse < best.sse)) best = { knot: c, sse, slope: b };
  }
  return best;
}

/** Weighted squared error of the best two-level step on y (split index ≥ 1). */
function stepSse(y: number[], w: number[]): number {
  let best = Infinity;
  for (let k = 1; k < y.length; k++) {
    let sse = 0;
    for (const [from, to] of [
      [0, k],
      [k, y.length],
    ] as const) {
      let sw = 0;
      let sy = 0;
      for (let t = from; t < to; t++) {
        sw += w[t] as number;
        sy += (w[t] as number) * (y[t] as number);
      }
      const m = sw > 0 ? sy / sw : 0;
      for (let t = from; t < to; t++) sse += (w[t] as number) * ((y[t] as number) - m) ** 2;
    }
    best = Math.min(best, sse);
  }
  return best;
}

const iso = (ts: number): string => new Date(ts).toISOString();
const rate = (x: number, n: number): number => (n > 0 ? x / n : 0);

/**
 * Onset of a failure-rate fault on one field pair of a slot. Present from the start (at: null) when the
 * daily series has no significant rise; otherwise the hour the rise began (step), the day a ramp left its
 * baseline, or the hour a burst began. Example: a 401 storm from 2026-01-20 14:37 on an hourly-dense
 * integration → { at: '2026-01-20T14:37:…Z', model: 'step', before: 0.002, after: 0.95, … }.
 */
export function rateOnset(s: SlotState, f: SeriesField, dataEnd: number): Onset {
  const daily = countSeries(s, f, 'day');
  const hourly = countSeries(s, f, 'hour');
  const total = rate(sumRange(daily.x, 0, daily.x.length), sumRange(daily.n, 0, daily.n.length));
  const present: Onset = { at: null, fromStart: true, model: 'present', before: null, after: total, unit: 'rate' };
  const cp = binomialChangePoint(daily.x, daily.n);
  if (!cp) return present;
  const before = rate(cp.beforeX, cp.beforeN);
  const after = rate(cp.afterX, cp.afterN);
  const material =
    cp.pValue < ONSET.alpha &&
    cp.afterX >= ONSET.minFailures &&
    after >= ONSET.minRatio * before &&
    after - before >= ONSET.minRise;
  if (!material) return present;
  const ramp = rampOnset(daily, cp.index);
  if (ramp) return ramp;
  const ref = before + ONSET.refFraction * (after - before);
  const seg = maxExcessSegment(hourly.x, hourly.n, ref);
  if (!seg) return present;
  return segmentOnset(hourly, seg, dataEnd, 'step');
}

/** A ramp: the hinge model fits the daily rates clearly better than a step, with its knot before the step. */
function rampOnset(daily: CountSeries, stepIndex: number): Onset | null {
  const y = daily.x.map((v, i) => rate(v, daily.n[i] as number));
  const hinge = hingeFit(y, daily.n);
  if (!hinge || hinge.knot > stepIndex || hinge.sse >= ONSET.rampGain * stepSse(y, daily.n)) return null;
  // The knot is the last day on the baseline; the ramp starts the day after (t − c > 0).
  const first = Math.min(hinge.knot + 1, y.length - 1);
  if (first === 0) return null;
  const before = rate(sumRange(daily.x, 0, first), sumRange(daily.n, 0, first));
  return {
    at: iso(daily.start[first] as number),
    fromStart: false,
    model: 'ramp',
    before,
    after: y[y.length - 1] as number,
    unit: 'rate',
  };
}

function segmentOnset(
  hourly: CountSeries,
  seg: { start: number; end: number },
  dataEnd: number,
  model: 'step' | 'burst',
): Onset {
  const { start, end } = seg;
  const inX = sumRange(hourly.x, start, end + 1);
  const inN = sumRange(hourly.n, start, end + 1);
  const before = start > 0 ? rate(sumRange(hourly.x, 0, start), sumRange(hourly.n, 0, start)) : null;
  if (start === 0)
    return { at: null, fromStart: true, model: 'present', before: null, after: rate(inX, inN), unit: 'rate' };
  const endTs = (hourly.start[end] as number) + HOUR_MS;
  const firstFail = hourly.firstFail[start] as number;
  const onset: Onset = {
    at: iso(firstFail > 0 ? firstFail : (hourly.start[start] as number)),
    fromStart: false,
    model,
    before,
    after: rate(inX, inN),
    unit: 'rate',
  };
  if (model === 'burst' || dataEnd - endTs >= 6 * HOUR_MS) onset.until = iso(endTs);
  return onset;
}

/**
 * A burst: a short high-rate episode the daily tests miss because it is diluted over the day. The
 * maximum-excess segment of the hourly series over a reference of max(2 × overall, overall + 5 pp), kept
 * when its rate is ≥ 25%, it has ≥ 20 failures and ≥ 30% of all failures, spans ≥ 2 hours, and the Chernoff bound of its count
 * under the rate outside it, times the number of segments (Bonferroni), is < 0.001. Null otherwise.
 */
export function detectBurst(s: SlotState, f: SeriesField, dataEnd: number): Onset | null {
  const h = countSeries(s, f, 'hour');
  const X = sumRange(h.x, 0, h.x.length);
  const N = sumRange(h.n, 0, h.n.length);
  if (X < ONSET.burstMinFailures || N === 0) return null;
  const overall = X / N;
  const seg = maxExcessSegment(h.x, h.n, Math.max(2 * overall, overall + 0.05));
  if (!seg) return null;
  const inX = sumRange(h.x, seg.start, seg.end + 1);
  const inN = sumRange(h.n, seg.start, seg.end + 1);
  const spanHours = ((h.start[seg.end] as number) - (h.start[seg.start] as number)) / HOUR_MS + 1;
  if (inX < ONSET.burstMinFailures || inX / inN < ONSET.burstMinRate || spanHours < ONSET.burstMinHours) return null;
  // One episode: it holds a good share of all the failures (a daily recurring cluster does not).
  if (inX < ONSET.burstMinShare * X) return null;
  const outRate = (X - inX + 1) / (N - inN + 2);
  const segments = (h.x.length * (h.x.length + 1)) / 2;
  if (binomialTailBound(inX, inN, outRate) * segments >= ONSET.alpha) return null;
  return segmentOnset(h, seg, dataEnd, 'burst');
}

/**
 * Onset of a disconnection: the first failure after the last success, to the minute when the hour of
 * that failure has no earlier success (else the last success itself, which is < 1 h before it).
 * Null when there is no success at all (then the fault is present from the start).
 */
export function disconnectOnset(s: SlotState): string | null {
  if (s.lastOkTs < 0) return null;
  const okHour = Math.floor(s.lastOkTs / HOUR_MS);
  let best = -1;
  for (const [k, a] of Object.entries(s.hours)) {
    const hour = Number(k);
    const first = a[H_FIRST_FAIL] as number;
    if (hour < okHour || first === 0) continue;
    if (hour === okHour && first <= s.lastOkTs) continue;
    if (best < 0 || first < best) best = first;
  }
  if (best < 0) return null;
  // In the hour of the last success an earlier failure hides the first one after it: the last success bounds it.
  const okHourFirst = s.hours[String(okHour)]?.[H_FIRST_FAIL] ?? 0;
  if (Math.floor(best / HOUR_MS) > okHour && okHourFirst > 0 && okHourFirst <= s.lastOkTs)
    return iso(Math.min(best, s.lastOkTs));
  return iso(best);
}

/**
 * Onset of a latency fault from daily P95 values (ms): a ramp (hinge fit better than a step) dates from
 * where it leaves a flat baseline (present from the start when the days before the knot already rise,
 * Mann–Kendall p < 0.05); a step from the best least-squares split when the after-mean is ≥ 25%
 * and ≥ 50 ms above the before-mean; otherwise present from the start.
 */
export function latencyOnset(dayStarts: number[], p95: number[]): Onset {
  const ones = p95.map(() => 1);
  const mean = (a: number[]): number => (a.length ? a.reduce((s, v) => s + v, 0) / a.length : 0);
  const present: Onset = { at: null, fromStart: true, model: 'present', before: null, after: mean(p95), unit: 'ms' };
  if (p95.length < 4) return present;
  let bestK = -1;
  let bestSse = Infinity;
  for (let k = 2; k <= p95.length - 2; k++) {
    const b = mean(p95.slice(0, k));
    const a = mean(p95.slice(k));
    const sse = p95.reduce((s, v, i) => s + (v - (i < k ? b : a)) ** 2, 0);
    if (sse < bestSse) {
      bestSse = sse;
      bestK = k;
    }
  }
  const before = mean(p95.slice(0, bestK));
  const after = mean(p95.slice(bestK));
  if (bestK < 0 || after - before < Math.max(50, 0.25 * before)) return present;
  const hinge = hingeFit(p95, ones);
  if (hinge && hinge.sse < ONSET.rampGain * bestSse) {
    const first = hinge.knot + 1;
    // A creep that already rises before the knot (convex growth) began at the start of the file.
    const pre = p95.slice(0, first);
    if (hinge.knot === 0 || (pre.length >= 4 && mannKendall(pre).z > 0 && mannKendall(pre).pValue < 0.05))
      return present;
    return {
      at: iso(dayStarts[first] as number),
      fromStart: false,
      model: 'ramp',
      before: mean(p95.slice(0, first)),
      after: p95[p95.length - 1] as number,
      unit: 'ms',
    };
  }
  return { at: iso(dayStarts[bestK] as number), fromStart: false, model: 'step', before, after, unit: 'ms' };
}
