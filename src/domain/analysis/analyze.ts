/**
 * Turns an accumulator state into one HealthReport per customer: per-integration statistics, issue
 * detection (change points, clusters, size correlation, partial failures, disconnections), scores,
 * risks and computed recommendations. Every formula and threshold is documented in docs/scoring.md.
 */

import { type IntegrationType, integrationTypeInfo } from '../records.js';
import { formatSince, groupThousands } from '../report/format.js';
import type {
  ComponentKey,
  ComponentScore,
  HealthReport,
  HealthStatus,
  IntegrationReport,
  Issue,
  IssueKind,
  Recommendation,
  Risk,
  RiskLevel,
  Severity,
  WeeklyErrorRate,
} from '../report/types.js';
import { SEVERITY_RANK } from '../severity.js';
import {
  type AccumulatorState,
  BAND_UNKNOWN,
  D_CLASS,
  D_FAIL,
  D_REQ,
  D_WH,
  D_WH_FAIL,
  FAIL_AUTH,
  FAIL_RATE,
  FAIL_SERVER,
  FAIL_TIMEOUT,
  MINUTE_429,
  mergeStates,
  OTHER,
  SLICE_WIDTH,
  type SlotState,
  unpackMinute,
} from './accumulator.js';
import { countDistinct, countDistinctSince, RECENT_DAYS } from './distinct.js';
import { errorMeaning } from './meanings.js';
import { disconnectOnset, latencyOnset, type Onset, rateOnset } from './onset.js';
import { addBurstAndSliceIssues, onsetPhrase } from './refine.js';
import { sketchQuantile } from './sketch.js';
import { binomialChangePoint, mannKendall, normalUpperTail, piecewise, theilSen, twoProportionP } from './stats.js';

export interface AnalysisOptions {
  /** P95 SLA in ms per integration type, overriding the catalogue default. */
  slaOverrides?: Partial<Record<IntegrationType, number>>;
  /** Criticality per integration display name, overriding the catalogue default. */
  criticalOverrides?: Record<string, boolean>;
}

export interface AnalyzeInput {
  source: HealthReport['source'];
  skipped: HealthReport['skipped'];
  generatedAt: string;
  defaultCustomer?: string | null;
}

const DAY_MS = 86_400_000;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Thresholds (docs/scoring.md §3). */
export const T = {
  /** Minimum failures of a class before any issue is raised for it. */
  minFailures: 10,
  /** Significance of a change point (Bonferroni-adjusted) or of a persistent rate above the noise floor. */
  alpha: 0.001,
  /** A material failure rate: at least 2% absolute… */
  minRate: 0.02,
  /** …and at least 3× the rate before the change point. */
  minRatio: 3,
  /** Noise floor for a persistent (no change point) failure rate. */
  noiseFloor: 0.01,
  /** Days need this many requests to enter the daily-rate trend test. */
  minDayRequests: 20,
  minTrendDays: 5,
  trendAlpha: 0.01,
  /** Rising trend must add ≥ 1 percentage point over the period. */
  minTrendRise: 0.01,
  latencyMinSamples: 50,
  latencyDayMinSamples: 20,
  latencyMinDays: 7,
  endpointMinRequests: 30,
  endpointMinRate: 0.1,
  webhookMinDeliveries: 20,
  disconnectMinFailures: 10,
  stoppedDays: 2,
} as const;

/** Highest score an integration can have while it has an issue of this severity. */
export const SEVERITY_CAP: Record<Severity, number> = { critical: 50, high: 70, medium: 85, low: 100 };

export const WEIGHTS: Record<ComponentKey, number> = {
  api_success: 0.3,
  latency: 0.2,
  error_trend: 0.2,
  webhook: 0.15,
  auth: 0.15,
};
const LABELS: Record<ComponentKey, string> = {
  api_success: 'API success rate',
  latency: 'Latency (P95 vs SLA)',
  error_trend: 'Error trend',
  webhook: 'Webhook reliability',
  auth: 'Authentication health',
};
const KEYS: ComponentKey[] = ['api_success', 'latency', 'error_trend', 'webhook', 'auth'];

/** Success rate → 0–100: 99.9%→100, 99%→90, 95%→60, 90%→30, ≤80%→0, linear in between. */
export function successScore(rate: number): number {
  return piecewise(rate, [
    [0.8, 0],
    [0.9, 30],
    [0.95, 60],
    [0.99, 90],
    [0.999, 100],
  ]);
}

/** P95 vs SLA → 0–100: ≤ SLA → 100, linear to 0 at 3× SLA. */
export function latencyScore(p95: number, sla: number): number {
  return piecewise(p95 / sla, [
    [1, 100],
    [3, 0],
  ]);
}

/** Share of records that are auth failures → 0–100: ≤0.1%→100, 1%→80, 5%→40, ≥10%→0. */
export function authScore(share: number): number {
  return piecewise(share, [
    [0.001, 100],
    [0.01, 80],
    [0.05, 40],
    [0.1, 0],
  ]);
}

/** Significant rise in error rate over the period (absolute, 0–1) → 0–100: 0→100, 1 pp→90, 10 pp→0. */
export function trendScore(rise: number): number {
  return piecewise(rise, [
    [0, 100],
    [0.1, 0],
  ]);
}

export function statusFor(score: number): HealthStatus {
  return score >= 80 ? 'healthy' : score >= 60 ? 'at_risk' : 'critical';
}

/**
 * Weighted mean of the components that have a score, weights renormalised over them
 * (e.g. no webhooks: api 0.30/0.85, latency 0.20/0.85, …). Returns the components with effectiveWeight set.
 */
export function combineComponents(parts: { key: ComponentKey; score: number | null; detail: string }[]): {
  score: number;
  components: ComponentScore[];
} {
  const present = parts.filter((p) => p.score !== null);
  const total = present.reduce((s, p) => s + WEIGHTS[p.key], 0);
  const components = parts.map((p) => ({
    key: p.key,
    label: LABELS[p.key],
    weight: WEIGHTS[p.key],
    effectiveWeight: p.score === null || total === 0 ? 0 : round(WEIGHTS[p.key] / total, 4),
    score: p.score === null ? null : Math.round(p.score),
    detail: p.detail,
  }));
  const score = total === 0 ? 100 : present.reduce((s, p) => s + (p.score as number) * WEIGHTS[p.key], 0) / total;
  return { score: clamp(Math.round(score), 0, 100), components };
}

const round = (v: number, d = 4): number => Math.round(v * 10 ** d) / 10 ** d;
const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
const pct = (v: number, d = 1): string => `${(v * 100).toFixed(d)}%`;
const fmtInt = (n: number): string => groupThousands(Math.round(n));
const isoDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const iso = (ts: number): string | null => (ts >= 0 ? new Date(ts).toISOString() : null);
const shortDate = (ts: number): string => {
  const d = new Date(ts);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
};

function bumpSeverity(s: Severity): Severity {
  return s === 'low' ? 'medium' : s === 'medium' ? 'high' : 'critical';
}
function rateSeverity(rate: number, critical: boolean): Severity {
  const s: Severity = rate >= 0.2 ? 'critical' : rate >= 0.1 ? 'high' : rate >= 0.05 ? 'medium' : 'low';
  return critical ? bumpSeverity(s) : s;
}

interface SlotAnalysis {
  report: IntegrationReport;
  weight: number;
  slot: SlotState;
  extra: { rise: number };
}

interface Detection {
  since: string | null;
  rate: number;
  baseline: number | null;
  count: number;
  pValue: number;
  stepRise: number;
}

/** Step (change point) or persistent failure-rate detection over daily counts; see docs/scoring.md §3.1. */
export function detectRate(days: number[], x: number[], n: number[]): Detection | null {
  const X = x.reduce((a, b) => a + b, 0);
  const N = n.reduce((a, b) => a + b, 0);
  if (X < T.minFailures || N === 0) return null;
  const cp = binomialChangePoint(x, n);
  if (cp) {
    const after = cp.afterX / cp.afterN;
    const before = cp.beforeX / cp.beforeN;
    if (cp.pValue < T.alpha && after >= T.minRate && after >= T.minRatio * before && cp.afterX >= T.minFailures)
      return {
        since: `${isoDay(days[cp.index] as number)}T00:00:00.000Z`,
        rate: after,
        baseline: before,
        count: X,
        pValue: cp.pValue,
        stepRise: after - before,
      };
  }
  const rate = X / N;
  // Persistent: rate ≥ 2% and significantly above the 1% noise floor (one-sided normal approximation).
  const z = (rate - T.noiseFloor) / Math.sqrt((T.noiseFloor * (1 - T.noiseFloor)) / N);
  const p = z > 0 ? normalUpperTail(z) : 1;
  if (rate >= T.minRate && p < T.alpha) {
    const first = x.findIndex((v) => v > 0);
    return {
      since: `${isoDay(days[first] as number)}T00:00:00.000Z`,
      rate,
      baseline: null,
      count: X,
      pValue: p,
      stepRise: 0,
    };
  }
  return null;
}

/** Buckets (hours 0–23 or weekdays 0–6) whose failure rate is ≥ 2× the overall and significant (Bonferroni). */
export function clusters(fail: number[], req: number[]): number[] {
  const F = fail.reduce((a, b) => a + b, 0);
  const R = req.reduce((a, b) => a + b, 0);
  if (F < T.minFailures || R === 0) return [];
  const overall = F / R;
  const out: number[] = [];
  for (let i = 0; i < fail.length; i++) {
    const f = fail[i] as number;
    const r = req[i] as number;
    if (r === 0 || f < 3) continue;
    if (f / r < 2 * overall) continue;
    if (twoProportionP(F - f, R - r, f, r) * fail.length < T.alpha) out.push(i);
  }
  return out;
}

/**
 * Weekdays (0 = Sunday) whose failure rate is clustered (see `clusters`), computed from the daily series
 * from index `from` on; a weekday counts only if it recurs (failures on ≥ 2 distinct dates).
 */
export function weekdayClusters(days: number[], x: number[], n: number[], from: number): number[] {
  const fail = new Array<number>(7).fill(0);
  const req = new Array<number>(7).fill(0);
  const dates = new Array<number>(7).fill(0);
  for (let i = from; i < days.length; i++) {
    const wd = ((days[i] as number) + 4) % 7;
    fail[wd] = (fail[wd] as number) + (x[i] as number);
    req[wd] = (req[wd] as number) + (n[i] as number);
    if ((x[i] as number) > 0) dates[wd] = (dates[wd] as number) + 1;
  }
  return clusters(fail, req).filter((w) => (dates[w] as number) >= 2);
}

/** Size threshold (log2 bucket) above which 5xx are significantly and materially more frequent. */
export function sizeCorrelation(
  req: number[],
  err: number[],
): { threshold: number; rateAbove: number; rateBelow: number; pValue: number } | null {
  const R = req.reduce((a, b) => a + b, 0);
  const E = err.reduce((a, b) => a + b, 0);
  if (E < T.minFailures) return null;
  let best: { threshold: number; rateAbove: number; rateBelow: number; pValue: number } | null = null;
  let rb = 0;
  let eb = 0;
  const tried = req.length - 1;
  for (let b = 1; b < req.length; b++) {
    rb += req[b - 1] as number;
    eb += err[b - 1] as number;
    const ra = R - rb;
    const ea = E - eb;
    if (ra === 0 || rb === 0) continue;
    const above = ea / ra;
    const below = eb / rb;
    if (above < T.minRate || above < T.minRatio * below || ea < T.minFailures) continue;
    const p = Math.min(1, twoProportionP(eb, rb, ea, ra) * tried);
    if (p < T.alpha && (best === null || p < best.pValue))
      best = { threshold: 2 ** (b - 1), rateAbove: above, rateBelow: below, pValue: p };
  }
  return best;
}

/** The failure class with the most failures in an endpoint's slice counters (server errors when none). */
function dominantClass(slices: number[] | undefined): number {
  if (!slices) return FAIL_SERVER;
  const per = [0, 0, 0, 0];
  for (let b = 0; b <= BAND_UNKNOWN; b++)
    for (let c = 0; c < 4; c++) per[c] = (per[c] as number) + (slices[b * SLICE_WIDTH + 1 + c] as number);
  let best = FAIL_SERVER;
  for (let c = 0; c < 4; c++) if ((per[c] as number) > (per[best] as number)) best = c;
  return best;
}

function hoursLabel(hours: number[]): string {
  if (hours.length === 0) return '';
  const ranges: string[] = [];
  let start = hours[0] as number;
  let prev = start;
  for (const h of [...hours.slice(1), -1]) {
    if (h === prev + 1) {
      prev = h;
      continue;
    }
    ranges.push(
      start === prev
        ? `${String(start).padStart(2, '0')}:00`
        : `${String(start).padStart(2, '0')}–${String(prev + 1).padStart(2, '0')}:00`,
    );
    start = h;
    prev = h;
  }
  return `${ranges.join(', ')} UTC`;
}

/** What every check of one integration reads: its type's settings, the daily series and the error codes. */
interface SlotContext {
  s: SlotState;
  dataEnd: number;
  info: ReturnType<typeof integrationTypeInfo>;
  sla: number;
  critical: boolean;
  name: string;
  failed: number;
  dayNums: number[];
  dayArr: number[][];
  series: (field: number) => number[];
  reqN: number[];
  errorCodes: IntegrationReport['errorCodes'];
  weeklyErrorRate: WeeklyErrorRate[];
}

function slotContext(s: SlotState, dataEnd: number, opts: AnalysisOptions): SlotContext {
  const info = integrationTypeInfo(s.type);
  const sla = opts.slaOverrides?.[s.type] ?? info.slaP95Ms;
  const critical = opts.criticalOverrides?.[s.integration] ?? info.critical;
  const name = s.integration;
  const failed = s.records - s.ok;
  const dayNums = Object.keys(s.days)
    .map(Number)
    .sort((a, b) => a - b);
  const dayArr = dayNums.map((d) => s.days[String(d)] as number[]);
  const series = (field: number): number[] => dayArr.map((d) => d[field] as number);
  const reqN = series(D_REQ);

  // Error codes.
  const errorCodes = Object.entries(s.codes)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([code, count]) => ({
      code,
      count,
      share: failed > 0 ? round(count / failed) : 0,
      meaning: errorMeaning(code),
    }));

  // Weekly error rate (UTC Monday weeks).
  const weeks = new Map<number, [number, number]>();
  for (const [i, d] of dayNums.entries()) {
    const ws = d - ((d + 3) % 7);
    const w = weeks.get(ws) ?? [0, 0];
    w[0] += (dayArr[i] as number[])[D_REQ] as number;
    w[1] += (dayArr[i] as number[])[D_FAIL] as number;
    weeks.set(ws, w);
  }
  const weeklyErrorRate: WeeklyErrorRate[] = [...weeks]
    .sort((a, b) => a[0] - b[0])
    .map(([ws, [r, e]]) => ({ weekStart: isoDay(ws), requests: r, errors: e, rate: r > 0 ? round(e / r) : 0 }));
  return { s, dataEnd, info, sla, critical, name, failed, dayNums, dayArr, series, reqN, errorCodes, weeklyErrorRate };
}

/** Mann–Kendall + Theil–Sen on the daily failure rates: direction, size of the rise and a note. */
function errorTrend(c: SlotContext) {
  const { dayNums, dayArr } = c;
  const tDays: number[] = [];
  const tRates: number[] = [];
  for (const [i, d] of dayNums.entries()) {
    const a = dayArr[i] as number[];
    if ((a[D_REQ] as number) >= T.minDayRequests) {
      tDays.push(d);
      tRates.push((a[D_FAIL] as number) / (a[D_REQ] as number));
    }
  }
  let direction: 'rising' | 'falling' | 'flat' = 'flat';
  let trendRise = 0;
  let trendNote =
    tDays.length < T.minTrendDays
      ? `Too few days with ≥${T.minDayRequests} requests for a trend test (${tDays.length}).`
      : 'No significant trend in the daily error rate.';
  let mkP = 1;
  if (tDays.length >= T.minTrendDays) {
    const mk = mannKendall(tRates);
    mkP = mk.pValue;
    const slope = theilSen(tDays, tRates);
    const span = (tDays[tDays.length - 1] as number) - (tDays[0] as number);
    const change = slope * span;
    if (mk.pValue < T.trendAlpha && change >= T.minTrendRise) {
      direction = 'rising';
      trendRise = change;
      trendNote = `Daily error rate rising ~${(slope * 700).toFixed(2)} pp/week (Mann–Kendall p=${mk.pValue.toExponential(1)}).`;
    } else if (mk.pValue < T.trendAlpha && change <= -T.minTrendRise) {
      direction = 'falling';
      trendNote = `Daily error rate falling ~${(-slope * 700).toFixed(2)} pp/week (Mann–Kendall p=${mk.pValue.toExponential(1)}).`;
    }
  }
  return { direction, trendRise, trendNote, mkP };
}

/** Issue kinds found per failure class, with their labels. */
const FAILURE_CLASSES: [number, IssueKind, string][] = [
  [FAIL_RATE, 'rate_limited', '429 rate limiting'],
  [FAIL_SERVER, 'server_errors', '5xx server errors'],
  [FAIL_TIMEOUT, 'timeouts', 'Timeouts'],
  [FAIL_AUTH, 'auth_failures', 'Authentication failures'],
];

/** The issue of one failure class (rate limits, 5xx, timeouts, auth), when its rate stepped up or is high. */
function failureClassIssue(
  c: SlotContext,
  cls: number,
  kind: IssueKind,
  label: string,
  peakPerMinute: number,
): { issue: Issue; stepRise: number } | null {
  const { s, dayNums, reqN, series, errorCodes, critical } = c;
  const clsSeries = series(D_CLASS + cls);
  let det = detectRate(dayNums, clsSeries, reqN);
  if (!det) return null;
  // Weekday clusters from the daily series (after the change point when there is one).
  let recurring: number[] = [];
  if (cls === FAIL_AUTH) {
    const all = weekdayClusters(dayNums, clsSeries, reqN, 0);
    if (all.length > 0) {
      // A recurring weekly pattern is persistent, not a step: report it over the whole period.
      recurring = all;
      const X = clsSeries.reduce((a, b) => a + b, 0);
      const N = reqN.reduce((a, b) => a + b, 0);
      const first = clsSeries.findIndex((v) => v > 0);
      det = {
        ...det,
        since: `${isoDay(dayNums[first] as number)}T00:00:00.000Z`,
        rate: X / N,
        baseline: null,
        stepRise: 0,
      };
    }
  }
  // A recurring weekly pattern that shows in the first week is present from the start of the file.
  const onset: Onset =
    recurring.length > 0 && (dayNums[clsSeries.findIndex((v) => v > 0)] as number) - (dayNums[0] as number) < 7
      ? { at: null, fromStart: true, model: 'present', before: null, after: det.rate, unit: 'rate' }
      : rateOnset(s, cls, c.dataEnd);
  const hourFail = s.hourFail.slice(cls * 24, cls * 24 + 24);
  const hours = clusters(hourFail, s.hourReq);
  const evidence: Record<string, unknown> = {
    errorRate: round(det.rate),
    count: det.count,
    pValue: det.pValue,
  };
  if (det.baseline !== null) evidence.baselineErrorRate = round(det.baseline);
  if (hours.length > 0) evidence.hours = hours;
  const codes = errorCodes.filter((e) => {
    const k = e.code.toLowerCase();
    return cls === FAIL_RATE
      ? /429|rate|many|throttl/.test(k)
      : cls === FAIL_AUTH
        ? /401|403|grant|token|auth|forbid/.test(k)
        : cls === FAIL_TIMEOUT
          ? /408|504|time|conn/.test(k)
          : /^5\d\d$/.test(k);
  });
  if (codes[0]) evidence.errorCode = codes[0].code;
  let extraTitle = '';
  if (cls === FAIL_RATE) {
    evidence.peakPerMinute = peakPerMinute;
    // Traffic in the minutes that saw 429s: the low end is where the limit starts to bite.
    const minutes: number[] = [];
    for (let i = 1; i < s.minutes.length; i += 2) {
      const [requests, limited] = unpackMinute(s.minutes[i] as number);
      if (limited > 0) minutes.push(requests);
    }
    minutes.sort((a, b) => a - b);
    if (minutes.length > 0) evidence.onsetPerMinute = minutes[Math.floor(minutes.length * 0.1)];
  }
  if (cls === FAIL_SERVER) {
    const sc = sizeCorrelation(s.sizeReq, s.size5xx);
    if (sc) {
      evidence.sizeCorrelation = {
        thresholdBytes: sc.threshold,
        rateAbove: round(sc.rateAbove),
        rateBelow: round(sc.rateBelow),
      };
      extraTitle = `, mostly on requests over ${fmtBytes(sc.threshold)}`;
    }
  }
  if (cls === FAIL_AUTH) {
    const wd = recurring;
    if (wd.length > 0) {
      evidence.weekdays = wd.map((w) => WEEKDAYS[w]);
      extraTitle = `, clustered on ${wd.map((w) => WEEKDAYS[w]).join('/')}`;
    }
  }
  if (cls === FAIL_TIMEOUT && hours.length > 0) extraTitle = `, clustered ${hoursLabel(hours)}`;
  const was = onset.before ?? det.baseline;
  return {
    issue: {
      kind,
      severity: rateSeverity(det.rate, critical),
      title: `${label}${onsetPhrase(onset)} (${pct(det.rate)} of calls${!onset.fromStart && was !== null ? `, was ${pct(was)}` : ''})${extraTitle}`,
      since: onset.at,
      evidence,
      onset,
    },
    stepRise: det.stepRise,
  };
}

/** Webhook delivery stats, and an issue when the failure rate stepped up or is high. */
function webhookIssue(c: SlotContext, webhookDominated: boolean) {
  const { s, dayNums, series, critical } = c;
  let stepRise = 0;
  let issue: Issue | null = null;
  let webhook: IntegrationReport['webhook'] = null;
  if (s.webhooks > 0) {
    const failureReasons = Object.entries(s.webhookReasons)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([reason, count]) => ({ reason, count }));
    webhook = { deliveries: s.webhooks, successRate: round(s.webhookOk / s.webhooks), failureReasons };
    if (s.webhooks >= T.webhookMinDeliveries) {
      const det = detectRate(dayNums, series(D_WH_FAIL), series(D_WH));
      if (det) {
        stepRise = det.stepRise;
        const allFail = new Array<number>(24).fill(0);
        for (let c = 0; c < 5; c++)
          for (let h = 0; h < 24; h++) allFail[h] = (allFail[h] as number) + (s.hourFail[c * 24 + h] as number);
        const hours = webhookDominated ? clusters(allFail, s.hourReq) : [];
        const evidence: Record<string, unknown> = {
          errorRate: round(det.rate),
          count: det.count,
          pValue: det.pValue,
          failureReasons: failureReasons.slice(0, 5),
        };
        if (det.baseline !== null) evidence.baselineErrorRate = round(det.baseline);
        if (hours.length > 0) evidence.hours = hours;
        const onset = rateOnset(s, 'webhook', c.dataEnd);
        issue = {
          kind: 'webhook_failures',
          severity: rateSeverity(det.rate, critical),
          title: `Webhook deliveries failing${onsetPhrase(onset)} (${pct(det.rate)} failed${failureReasons[0] ? `, mostly ${failureReasons[0].reason}` : ''})${hours.length > 0 ? `, clustered ${hoursLabel(hours)}` : ''}`,
          since: onset.at,
          evidence,
          onset,
        };
      }
    }
  }
  return { webhook, issue, stepRise };
}

/** P95 over the SLA, and daily P95 rising significantly. */
function latencyIssues(c: SlotContext, p95: number | null): Issue[] {
  const { s, sla, critical, dayNums } = c;
  const issues: Issue[] = [];
  const lDays: number[] = [];
  const lP95: number[] = [];
  for (const d of dayNums) {
    const sk = s.dayLatency[String(d)];
    if (sk && sk.count >= T.latencyDayMinSamples) {
      lDays.push(d);
      lP95.push(sketchQuantile(sk, 0.95) as number);
    }
  }
  const latOnset = latencyOnset(
    lDays.map((d) => d * DAY_MS),
    lP95,
  );
  if (p95 !== null && s.latency.count >= T.latencyMinSamples && p95 > sla) {
    const ratio = p95 / sla;
    const sev: Severity = ratio >= 3 ? 'high' : ratio >= 2 ? 'medium' : 'low';
    issues.push({
      kind: 'latency_breach',
      severity: critical ? bumpSeverity(sev) : sev,
      title: `P95 latency ${fmtInt(p95)} ms vs SLA ${fmtInt(sla)} ms${onsetPhrase(latOnset)}`,
      since: latOnset.at,
      evidence: { p95Ms: Math.round(p95), slaMs: sla, count: s.latency.count },
      onset: latOnset,
    });
  }
  if (lDays.length >= T.latencyMinDays) {
    const mk = mannKendall(lP95);
    const slope = theilSen(lDays, lP95);
    const span = (lDays[lDays.length - 1] as number) - (lDays[0] as number);
    const start = [...lP95.slice(0, 3)].sort((a, b) => a - b)[1] ?? (lP95[0] as number);
    const rise = slope * span;
    if (mk.pValue < T.alpha && slope > 0 && rise >= 0.25 * start && rise >= 50) {
      const last = lP95[lP95.length - 1] as number;
      issues.push({
        kind: 'latency_degradation',
        severity: last > sla ? (critical ? 'high' : 'medium') : 'low',
        title: `Latency degrading${onsetPhrase(latOnset)}: daily P95 rising ~${fmtInt(slope * 7)} ms/week (${fmtInt(start)} → ${fmtInt(last)} ms)`,
        since: latOnset.at,
        evidence: { p95Ms: Math.round(last), slaMs: sla, slopeMsPerWeek: Math.round(slope * 7), pValue: mk.pValue },
        onset: latOnset,
      });
    }
  }
  return issues;
}

/** One endpoint failing while the others are fine. */
function partialFailureIssue(c: SlotContext): Issue | null {
  const { s, critical } = c;
  const eps = Object.entries(s.endpoints).filter(([e]) => e !== OTHER);
  if (eps.length >= 2) {
    const E = Object.values(s.endpoints).reduce((a, v) => a + v[1], 0);
    const R = Object.values(s.endpoints).reduce((a, v) => a + v[0], 0);
    const failing: { endpoint: string; requests: number; errorRate: number }[] = [];
    let restRate = 0;
    for (const [ep, [r, e]] of eps) {
      if (r < T.endpointMinRequests || e < T.minFailures) continue;
      const rate = e / r;
      const rest = R - r > 0 ? (E - e) / (R - r) : 0;
      if (
        rate >= T.endpointMinRate &&
        rate >= 5 * rest &&
        rest < 0.05 &&
        twoProportionP(E - e, R - r, e, r) * eps.length < T.alpha
      ) {
        failing.push({ endpoint: ep, requests: r, errorRate: round(rate) });
        restRate = rest;
      }
    }
    if (failing.length > 0 && failing.length < eps.length) {
      failing.sort((a, b) => b.errorRate - a.errorRate);
      const top = failing[0] as { endpoint: string; requests: number; errorRate: number };
      const onset = rateOnset(s, dominantClass(s.endpointSlices[top.endpoint]), c.dataEnd);
      return {
        kind: 'partial_failure',
        severity: rateSeverity(top.errorRate, critical) === 'critical' ? 'high' : rateSeverity(top.errorRate, critical),
        title: `${top.endpoint} failing ${pct(top.errorRate)}${onsetPhrase(onset)} while other endpoints are fine (${pct(restRate)})`,
        since: onset.at,
        onset,
        evidence: {
          endpoints: failing.map((f) => f.endpoint),
          endpointStats: failing,
          errorRate: top.errorRate,
          baselineErrorRate: round(restRate),
        },
      };
    }
  }
  return null;
}

/** No success for a long run of failures, or traffic that stopped after failing calls. */
function disconnectedIssue(c: SlotContext): Issue | null {
  const { s, dataEnd, dayNums, dayArr, failed, critical, name, errorCodes } = c;
  const lastOkDay = s.lastOkTs >= 0 ? Math.floor(s.lastOkTs / DAY_MS) : -Infinity;
  let failAfter = 0;
  let firstFailDayAfter = -1;
  for (const [i, d] of dayNums.entries())
    if (d > lastOkDay && ((dayArr[i] as number[])[D_FAIL] as number) > 0) {
      failAfter += (dayArr[i] as number[])[D_FAIL] as number;
      if (firstFailDayAfter < 0) firstFailDayAfter = d;
    }
  const lastDay = dayArr[dayArr.length - 1];
  const stopped =
    s.lastTs >= 0 &&
    dataEnd - s.lastTs >= T.stoppedDays * DAY_MS &&
    lastDay !== undefined &&
    (lastDay[D_FAIL] as number) >= 5 &&
    (lastDay[D_FAIL] as number) >= 0.5 * (lastDay[D_REQ] as number);
  let disconnectedWhy: string | null = null;
  if (s.ok === 0 && failed >= T.disconnectMinFailures)
    disconnectedWhy = `no successful call in ${fmtInt(failed)} attempts`;
  else if (s.lastOkTs >= 0 && failAfter >= T.disconnectMinFailures && s.lastFailTs > s.lastOkTs)
    disconnectedWhy = `${fmtInt(failAfter)} failures and no success since ${shortDate(s.lastOkTs)}`;
  else if (stopped) disconnectedWhy = `traffic stopped on ${shortDate(s.lastTs)} after failing calls`;
  if (!disconnectedWhy) return null;
  {
    // No success at all: present from the start. Otherwise the first failure after the last success.
    const disconnectedAt =
      s.ok === 0
        ? null
        : (disconnectOnset(s) ??
          (firstFailDayAfter >= 0 ? `${isoDay(firstFailDayAfter)}T00:00:00.000Z` : iso(s.lastOkTs)));
    const authAtEnd =
      lastDay !== undefined &&
      (lastDay[D_CLASS + FAIL_AUTH] as number) >= 0.5 * (lastDay[D_FAIL] as number) &&
      (lastDay[D_FAIL] as number) > 0;
    return {
      kind: 'disconnected',
      severity: critical ? 'critical' : 'high',
      title: `${name} appears disconnected: ${disconnectedWhy}${authAtEnd ? ' (authentication failures)' : ''}`,
      since: disconnectedAt,
      onset: {
        at: disconnectedAt,
        fromStart: disconnectedAt === null,
        model: disconnectedAt === null ? 'present' : 'step',
        before: disconnectedAt === null ? null : 0,
        after: 1,
        unit: 'rate',
      },
      evidence: {
        lastSuccessAt: iso(s.lastOkTs),
        count: failAfter || failed,
        ...(authAtEnd ? { errorCode: errorCodes.find((e) => /401|403|grant|token/.test(e.code))?.code ?? 'auth' } : {}),
      },
    };
  }
}

/** The five score components of one integration (docs/scoring.md), and the error-rate rise they used. */
function slotComponents(c: SlotContext, p95: number | null, stepRise: number, trendRise: number) {
  const { s, sla, dayNums, series, reqN } = c;
  const apiN = s.apiCalls + s.errorLogs;
  const apiRate = apiN > 0 ? s.apiOk / apiN : 0;
  const authFailures = s.weekdayFail.slice(FAIL_AUTH * 7, FAIL_AUTH * 7 + 7).reduce((a, b) => a + b, 0);
  // Trend component: any significant upward step counts (no 3× materiality rule here), so that more
  // failures can never make the trend look better than a smaller step did.
  let sigStep = stepRise;
  for (const f of [
    D_FAIL,
    D_CLASS + FAIL_RATE,
    D_CLASS + FAIL_SERVER,
    D_CLASS + FAIL_TIMEOUT,
    D_CLASS + FAIL_AUTH,
    D_WH_FAIL,
  ]) {
    const cp = binomialChangePoint(series(f), f === D_WH_FAIL ? series(D_WH) : reqN);
    if (cp && cp.pValue < T.alpha && cp.afterX >= T.minFailures)
      sigStep = Math.max(sigStep, cp.afterX / cp.afterN - cp.beforeX / cp.beforeN);
  }
  const rise = Math.max(trendRise, sigStep);
  const trendDays = dayNums.filter((_, i) => (reqN[i] as number) > 0).length;
  const parts = [
    {
      key: 'api_success' as const,
      score: apiN > 0 ? successScore(apiRate) : null,
      detail: apiN > 0 ? `${pct(apiRate, 2)} of ${fmtInt(apiN)} API calls succeeded` : 'No API calls in the data',
    },
    {
      key: 'latency' as const,
      score: p95 !== null ? latencyScore(p95, sla) : null,
      detail: p95 !== null ? `P95 ${fmtInt(p95)} ms vs SLA ${fmtInt(sla)} ms` : 'No latency values in the data',
    },
    {
      key: 'error_trend' as const,
      score: trendDays >= 3 ? trendScore(rise) : null,
      detail:
        trendDays >= 3
          ? rise > 0
            ? `Error rate rose ${(rise * 100).toFixed(1)} pp over the period`
            : 'Error rate flat or falling'
          : 'Fewer than 3 days of data: no trend',
    },
    {
      key: 'webhook' as const,
      score: s.webhooks > 0 ? successScore(s.webhookOk / s.webhooks) : null,
      detail:
        s.webhooks > 0
          ? `${pct(s.webhookOk / s.webhooks, 2)} of ${fmtInt(s.webhooks)} deliveries succeeded`
          : 'No webhook deliveries in the data',
    },
    {
      key: 'auth' as const,
      score: s.records > 0 ? authScore(authFailures / s.records) : null,
      detail: `${fmtInt(authFailures)} authentication failures (${pct(s.records > 0 ? authFailures / s.records : 0, 2)} of records)`,
    },
  ];
  return { parts, rise };
}

/** A gradual rise of the weekly error rate (used when no step change explains it). */
function risingTrendIssue(c: SlotContext, mkP: number): Issue | null {
  const { s, dataEnd, critical, weeklyErrorRate } = c;
  const recent = weeklyErrorRate[weeklyErrorRate.length - 1];
  if (!recent || recent.rate < T.minRate) return null;
  const onset = rateOnset(s, 'all', dataEnd);
  return {
    kind: 'error_rate_rising',
    severity: rateSeverity(recent.rate, critical),
    title: `Error rate rising: ${pct(weeklyErrorRate[0]?.rate ?? 0)} → ${pct(recent.rate)} week over week`,
    since: onset.at,
    evidence: { errorRate: recent.rate, baselineErrorRate: weeklyErrorRate[0]?.rate ?? 0, pValue: mkP },
    onset,
  };
}

/** Requests in the busiest minute. */
function busiestMinute(s: SlotState): number {
  let peak = 0;
  // The request count is the low part of the packed value (unpackMinute), read without making a pair.
  for (let i = 1; i < s.minutes.length; i += 2) peak = Math.max(peak, (s.minutes[i] as number) % MINUTE_429);
  return peak;
}

/**
 * Distinct users of a slot: all of them, and those seen on the last RECENT_DAYS UTC days of the report's
 * period (ending on the day of `dataEnd`). Null when no record carried a user id; the 7-day figure is
 * also null when the report has no timestamps.
 */
function activeUsers(s: SlotState, dataEnd: number): Pick<IntegrationReport, 'activeUsers' | 'activeUsersLast7Days'> {
  if (s.users === null) return { activeUsers: null, activeUsersLast7Days: null };
  const endDay = Math.floor(dataEnd / DAY_MS);
  return {
    activeUsers: countDistinct(s.users),
    activeUsersLast7Days: dataEnd < 0 ? null : countDistinctSince(s.users, endDay - (RECENT_DAYS - 1)),
  };
}

function analyzeSlot(s: SlotState, dataEnd: number, opts: AnalysisOptions): SlotAnalysis {
  const c = slotContext(s, dataEnd, opts);
  const { info, sla, critical, name, errorCodes, weeklyErrorRate } = c;
  const p50 = sketchQuantile(s.latency, 0.5);
  const p95 = sketchQuantile(s.latency, 0.95);
  const p99 = sketchQuantile(s.latency, 0.99);
  const { direction, trendRise, trendNote, mkP } = errorTrend(c);

  const peakPerMinute = busiestMinute(s);
  const issues: Issue[] = [];
  let stepRise = 0;
  for (const [cls, kind, label] of FAILURE_CLASSES) {
    const found = failureClassIssue(c, cls, kind, label, peakPerMinute);
    if (!found) continue;
    stepRise = Math.max(stepRise, found.stepRise);
    issues.push(found.issue);
  }
  const wh = webhookIssue(c, s.webhooks > s.apiCalls + s.errorLogs);
  stepRise = Math.max(stepRise, wh.stepRise);
  if (wh.issue) issues.push(wh.issue);
  const webhook = wh.webhook;
  issues.push(...latencyIssues(c, p95));
  const rising = direction === 'rising' && stepRise === 0 ? risingTrendIssue(c, mkP) : null;
  if (rising) issues.push(rising);

  const partial = partialFailureIssue(c);
  if (partial) issues.push(partial);
  const disconnected = disconnectedIssue(c);
  if (disconnected) issues.push(disconnected);
  addBurstAndSliceIssues(s, issues, { dataEnd, critical, webhookDominated: s.webhooks > s.apiCalls + s.errorLogs });

  const { parts, rise } = slotComponents(c, p95, stepRise, trendRise);
  const combined = combineComponents(parts);
  const components = combined.components;
  // A detected issue caps the score so the status never contradicts it (docs/scoring.md §2.3).
  const cap = issues.reduce((m, i) => Math.min(m, SEVERITY_CAP[i.severity]), 100);
  const score = Math.min(combined.score, cap);
  issues.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || (a.kind < b.kind ? -1 : 1));

  const report: IntegrationReport = {
    name,
    type: s.type,
    category: info.category,
    critical,
    score,
    status: statusFor(score),
    requests: s.records,
    apiCalls: s.apiCalls,
    webhookDeliveries: s.webhooks,
    errorLogs: s.errorLogs,
    successRate: s.records > 0 ? round(s.ok / s.records) : 0,
    latency: {
      p50: p50 === null ? null : round(p50, 1),
      p95: p95 === null ? null : round(p95, 1),
      p99: p99 === null ? null : round(p99, 1),
      slaMs: sla,
      samples: s.latency.count,
    },
    errorCodes,
    weeklyErrorRate,
    trend: { direction, note: trendNote },
    webhook,
    endpoints: Object.entries(s.endpoints)
      .map(([endpoint, [r, e]]) => ({ endpoint, requests: r, errors: e, errorRate: r > 0 ? round(e / r) : 0 }))
      .sort((a, b) => b.errors - a.errors || b.requests - a.requests || (a.endpoint < b.endpoint ? -1 : 1))
      .slice(0, 50),
    components,
    issues,
    firstSeen: iso(s.firstTs),
    lastSeen: iso(s.lastTs),
    peakPerMinute,
    ...activeUsers(s, dataEnd),
  };
  return { report, weight: Math.sqrt(s.records) * (critical ? 2 : 1), slot: s, extra: { rise } };
}

function fmtBytes(b: number): string {
  if (b >= 1024 * 1024) return `${Math.round(b / 1024 / 1024)} MB`;
  if (b >= 1024) return `${Math.round(b / 1024)} KB`;
  return `${b} B`;
}

const IMPACT: Record<string, string> = {
  crm: 'opportunity and contact data go stale in the customer’s CRM; pipeline reports and renewal forecasting are affected',
  messaging: 'notifications and alerts stop reaching the customer’s team channels; users miss time-sensitive updates',
  support: 'tickets and conversations stop syncing; support agents work from incomplete customer context',
  sso: 'users may be unable to sign in; adoption and seat usage drop while access is broken',
  billing: 'payments and invoices may not be recorded; revenue and billing accuracy are at risk',
  webhook:
    'event notifications to the customer’s systems are lost or delayed; their downstream automations fall out of sync',
  api: 'the customer’s custom workflows built on the API fail or run with gaps',
};

const KIND_PHRASE: Record<IssueKind, string> = {
  rate_limited: 'calls throttled by rate limits',
  server_errors: 'calls failing with server errors',
  timeouts: 'calls timing out',
  auth_failures: 'authentication failing',
  latency_breach: 'responses slower than the SLA',
  latency_degradation: 'responses getting steadily slower',
  error_rate_rising: 'error rate rising',
  webhook_failures: 'webhook deliveries failing',
  disconnected: 'integration disconnected',
  partial_failure: 'one endpoint failing',
};

function riskLevel(sev: Severity): RiskLevel {
  return sev === 'critical' || sev === 'high' ? 'High' : sev === 'medium' ? 'Medium' : 'Low';
}

function recommend(ir: IntegrationReport, issue: Issue): Recommendation {
  const ev = issue.evidence;
  const horizon: Recommendation['horizon'] =
    issue.severity === 'critical' || issue.severity === 'high' ? 'immediate' : 'short_term';
  const base = { horizon, integration: ir.name, kind: issue.kind } as const;
  const hours = Array.isArray(ev.hours) ? (ev.hours as number[]) : [];
  switch (issue.kind) {
    case 'rate_limited': {
      const peak = ir.peakPerMinute;
      const onset = typeof ev.onsetPerMinute === 'number' ? ev.onsetPerMinute : null;
      const target = Math.ceil((peak * 1.2) / 100) * 100 || 100;
      return {
        ...base,
        title: `Raise the ${ir.name} rate limit or throttle client-side`,
        detail: `Peak ${fmtInt(peak)} req/min${onset !== null ? ` vs ~${fmtInt(onset)}/min where 429s begin` : ''}; request a limit of at least ${fmtInt(target)}/min, or add client-side throttling with exponential backoff on 429 (honour Retry-After).`,
      };
    }
    case 'server_errors': {
      const sc0 = ev.sizeCorrelation as { thresholdBytes: number; rateAbove: number; rateBelow: number } | undefined;
      const sc = sc0 ? { ...sc0, threshold: sc0.thresholdBytes } : undefined;
      return {
        ...base,
        title: sc
          ? `Investigate ${ir.name} 5xx on requests over ${fmtBytes(sc.threshold)}`
          : `Open a ticket with ${ir.name} about 5xx errors`,
        detail: sc
          ? `5xx rate is ${pct(sc.rateAbove)} for requests over ${fmtBytes(sc.threshold)} vs ${pct(sc.rateBelow)} below: split large payloads into smaller batches (under ${fmtBytes(sc.threshold)}) and ask the provider about payload limits.`
          : `${pct(Number(ev.errorRate))} of calls fail with server errors${formatSince(issue) ? ` ${formatSince(issue)}` : ''}; check the provider status page and open a support ticket with sample request ids; retry idempotent calls with backoff.`,
      };
    }
    case 'timeouts':
      return {
        ...base,
        title: `Reduce ${ir.name} timeouts${hours.length ? ` at ${hoursLabel(hours)}` : ''}`,
        detail: `${pct(Number(ev.errorRate))} of calls time out${hours.length ? `, concentrated ${hoursLabel(hours)} (peak load)` : ''}: raise client timeouts for long calls, page large queries, and move heavy syncs out of the busy hours.`,
      };
    case 'auth_failures': {
      const wd = Array.isArray(ev.weekdays) ? (ev.weekdays as string[]) : [];
      return {
        ...base,
        title: `Audit ${ir.name} token refresh`,
        detail: wd.length
          ? `Authentication failures cluster on ${wd.join('/')}: look for a token expiry or credential-rotation job running then; refresh tokens before expiry and alert on invalid_grant.`
          : `${pct(Number(ev.errorRate))} of calls fail authentication${ev.errorCode ? ` (${String(ev.errorCode)})` : ''}: check the service account's permissions and token refresh; re-authorise the connection if refresh tokens were revoked.`,
      };
    }
    case 'latency_breach':
      return {
        ...base,
        title: `Bring ${ir.name} P95 latency under the SLA`,
        detail: `P95 ${fmtInt(Number(ev.p95Ms))} ms vs SLA ${fmtInt(Number(ev.slaMs))} ms: check the slowest endpoints, reduce page sizes and add caching; raise with the provider if their side is slow.`,
      };
    case 'latency_degradation':
      return {
        ...base,
        title: `Investigate growing ${ir.name} latency`,
        detail: `Daily P95 rising ~${fmtInt(Number(ev.slopeMsPerWeek))} ms/week (now ${fmtInt(Number(ev.p95Ms))} ms, SLA ${fmtInt(Number(ev.slaMs))} ms): look for growing data volumes or query sizes before it breaches the SLA.`,
      };
    case 'error_rate_rising':
      return {
        ...base,
        title: `Find the cause of ${ir.name}'s rising error rate`,
        detail: `Weekly error rate rose from ${pct(Number(ev.baselineErrorRate))} to ${pct(Number(ev.errorRate))}: review recent changes (deployments, credentials, data volume) with the customer's admin.`,
      };
    case 'webhook_failures':
      return {
        ...base,
        title: hours.length
          ? `Scale the ${ir.name} receiver for ${hoursLabel(hours)}`
          : `Fix failing ${ir.name} deliveries`,
        detail: `${pct(Number(ev.errorRate))} of deliveries fail${hours.length ? `, concentrated ${hoursLabel(hours)}` : ''}; top reason: ${(ev.failureReasons as { reason: string }[] | undefined)?.[0]?.reason ?? 'unknown'}. ${hours.length ? 'Scale the receiving endpoint or put a queue in front of it, and acknowledge fast (2xx) before processing.' : 'Check the receiving endpoint’s availability and response codes; enable retries with backoff.'}`,
      };
    case 'disconnected':
      return {
        ...base,
        horizon: 'immediate',
        title: `Reconnect ${ir.name}`,
        detail: `${issue.title}. Ask the customer's admin to re-authorise the connection and confirm a successful sync.`,
      };
    case 'partial_failure': {
      const top = (ev.endpointStats as { endpoint: string; errorRate: number }[])[0];
      return {
        ...base,
        title: `Fix the failing endpoint ${top?.endpoint ?? ''}`,
        detail: `${top?.endpoint} fails ${pct(top?.errorRate ?? 0)} of calls while other endpoints are fine: check permissions, field mappings or API version for that object.`,
      };
    }
  }
}

function periodLabel(from: number, to: number): string {
  const a = new Date(from);
  const b = new Date(to);
  const [ay, by] = [a.getUTCFullYear(), b.getUTCFullYear()];
  if (ay !== by) return `${shortDate(from)} ${ay} – ${shortDate(to)} ${by}`;
  if (a.getUTCMonth() === b.getUTCMonth())
    return a.getUTCDate() === b.getUTCDate()
      ? `${shortDate(from)} ${ay}`
      : `${shortDate(from)}–${b.getUTCDate()} ${ay}`;
  return `${shortDate(from)} – ${shortDate(to)} ${ay}`;
}

function buildReport(
  customer: string | null,
  slots: SlotState[],
  input: AnalyzeInput,
  opts: AnalysisOptions,
): HealthReport {
  const dataEnd = slots.reduce((m, s) => Math.max(m, s.lastTs), -1);
  const analyses = slots
    .map((s) => analyzeSlot(s, dataEnd, opts))
    .sort(
      (a, b) =>
        a.report.score - b.report.score ||
        b.report.requests - a.report.requests ||
        (a.report.name < b.report.name ? -1 : 1),
    );
  const integrations = analyses.map((a) => a.report);
  const totalW = analyses.reduce((s, a) => s + a.weight, 0);
  const score =
    totalW > 0 ? clamp(Math.round(analyses.reduce((s, a) => s + a.report.score * a.weight, 0) / totalW), 0, 100) : 100;

  // Report-level components: the same weights' average of the integrations' component scores.
  const components: ComponentScore[] = KEYS.map((key) => {
    let w = 0;
    let v = 0;
    for (const a of analyses) {
      const c = a.report.components.find((x) => x.key === key);
      if (c && c.score !== null) {
        w += a.weight;
        v += c.score * a.weight;
      }
    }
    const withData = analyses.filter((a) => a.report.components.some((c) => c.key === key && c.score !== null)).length;
    return {
      key,
      label: LABELS[key],
      weight: WEIGHTS[key],
      effectiveWeight: 0,
      score: w > 0 ? Math.round(v / w) : null,
      detail:
        w > 0
          ? `Traffic-weighted over ${withData} of ${analyses.length} integrations`
          : `No data for any integration: left out, weights renormalised`,
    };
  });
  const presentW = components.filter((c) => c.score !== null).reduce((s, c) => s + c.weight, 0);
  for (const c of components) c.effectiveWeight = c.score !== null && presentW > 0 ? round(c.weight / presentW) : 0;
  const omittedComponents = components.filter((c) => c.score === null).map((c) => c.key);

  const risks: Risk[] = [];
  const recommendations: Recommendation[] = [];
  for (const ir of integrations) {
    for (const issue of ir.issues) {
      risks.push({
        factor: `${ir.name}: ${issue.title}`,
        level: riskLevel(issue.severity),
        integration: ir.name,
        businessImpact: `${ir.name} ${KIND_PHRASE[issue.kind]}: ${IMPACT[ir.category] ?? IMPACT.api}.`,
      });
      recommendations.push(recommend(ir, issue));
    }
  }
  const rank: Record<RiskLevel, number> = { High: 0, Medium: 1, Low: 2 };
  risks.sort((a, b) => rank[a.level] - rank[b.level]);
  recommendations.sort((a, b) => (a.horizon === b.horizon ? 0 : a.horizon === 'immediate' ? -1 : 1));
  const overallRisk: RiskLevel = risks.length === 0 ? 'Low' : (risks[0] as Risk).level;

  const sum = (f: (s: SlotState) => number): number => slots.reduce((a, s) => a + f(s), 0);
  const apiCalls = sum((s) => s.apiCalls);
  const webhookDeliveries = sum((s) => s.webhooks);
  const errorLogs = sum((s) => s.errorLogs);
  const records = sum((s) => s.records);
  const firsts = slots.map((s) => s.firstTs).filter((t) => t >= 0);
  const from = firsts.length ? Math.min(...firsts) : -1;
  const period =
    from >= 0 && dataEnd >= 0
      ? {
          from: new Date(from).toISOString(),
          to: new Date(dataEnd).toISOString(),
          days: Math.floor(dataEnd / DAY_MS) - Math.floor(from / DAY_MS) + 1,
        }
      : null;
  const n = integrations.length;
  const summary =
    `Found ${fmtInt(apiCalls)} API calls${errorLogs > 0 ? `, ${fmtInt(webhookDeliveries)} webhook deliveries and ${fmtInt(errorLogs)} error log entries` : ` and ${fmtInt(webhookDeliveries)} webhook deliveries`}` +
    ` for ${n} integration${n === 1 ? '' : 's'}${period ? `, ${periodLabel(from, dataEnd)}` : ''}`;

  return {
    schemaVersion: 1,
    customer,
    generatedAt: input.generatedAt,
    source: input.source,
    period,
    counts: { records, apiCalls, webhookDeliveries, errorLogs, integrations: n, skipped: input.skipped.total },
    summary,
    score,
    status: statusFor(score),
    components,
    omittedComponents,
    integrations,
    risks,
    overallRisk,
    recommendations,
    trend: null,
    skipped: input.skipped,
  };
}

/**
 * One HealthReport per customer in the state; records without a customer go to the report of
 * `defaultCustomer ?? null`. Reports are ordered by customer name (null last); `trend` is null here
 * (see compareReports). Deterministic: the same state gives the same reports whatever the row order.
 * Example: analyze(acc.state(), { source, skipped, generatedAt: '2026-01-30T00:00:00Z' })[0].score → 87.
 */
export function analyze(state: AccumulatorState, input: AnalyzeInput, opts: AnalysisOptions = {}): HealthReport[] {
  const groups = new Map<string | null, SlotState[]>();
  for (const s of state.slots) {
    const c = s.customer ?? input.defaultCustomer ?? null;
    const g = groups.get(c) ?? [];
    g.push(s);
    groups.set(c, g);
  }
  // Slots of the same integration name that landed in one group (customer null + default) are folded.
  const out: HealthReport[] = [];
  const customers = [...groups.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0));
  for (const c of customers) {
    const byName = new Map<string, SlotState>();
    for (const s of groups.get(c) as SlotState[]) {
      const prev = byName.get(s.integration);
      byName.set(s.integration, prev ? foldSlots(prev, s) : s);
    }
    out.push(buildReport(c, [...byName.values()], input, opts));
  }
  return out;
}

function foldSlots(a: SlotState, b: SlotState): SlotState {
  const merged = mergeStates(
    { version: 1, slots: [{ ...a, customer: null }] },
    { version: 1, slots: [{ ...b, customer: null }] },
  );
  return { ...(merged.slots[0] as SlotState), customer: a.customer ?? b.customer };
}
