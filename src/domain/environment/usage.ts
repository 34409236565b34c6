/**
 * API usage against the plan's limits: share of each limit used, the month-end projection of API calls
 * (and the day the limit would be crossed), rate-limit peak, API health over 30 days against benchmarks,
 * and the most used endpoints. All times are epoch ms; months and days are UTC.
 */
import type { LimitKey, Limits } from './schema.js';

/** The `usage` object of a `usage_snapshot` event (every field optional: absent = not reported). */
export interface UsageSnapshot {
  apiCallsThisMonth?: number;
  apiCallsToday?: number;
  rateLimitPeakPerSecond?: number;
  storageGb?: number;
  webhooks?: number;
  endpoints?: { endpoint: string; calls: number }[];
  /** When the snapshot was taken (epoch ms); the projection uses `now` when absent. */
  at?: number;
}

/** One UTC day of API traffic (from usage logs or daily snapshots). `date` is YYYY-MM-DD. */
export interface DailyUsage {
  date: string;
  calls: number;
  errors?: number;
  rateLimitHits?: number;
  /** Mean response time that day, ms. */
  avgResponseMs?: number;
}

export type UsageLevel = 'ok' | 'approaching' | 'high' | 'over';

export interface LimitUsage {
  key: LimitKey;
  label: string;
  used: number | null;
  limit: number | null;
  /** used / limit, or null when either is not reported (or the limit is 0). */
  fraction: number | null;
  /** ok < 80 %, approaching ≥ 80 %, high > 90 %, over > 100 %; null when not known. */
  level: UsageLevel | null;
}

/** Share of a limit at which usage counts as approaching / high (the alert threshold). */
export const APPROACHING_FRACTION = 0.8;
export const HIGH_FRACTION = 0.9;

const DAY = 86_400_000;

const LIMIT_USAGE: { key: LimitKey; label: string; used: keyof UsageSnapshot }[] = [
  { key: 'apiCallsPerMonth', label: 'API calls this month', used: 'apiCallsThisMonth' },
  { key: 'apiCallsPerDay', label: 'API calls today', used: 'apiCallsToday' },
  { key: 'rateLimitPerSecond', label: 'Peak requests per second', used: 'rateLimitPeakPerSecond' },
  { key: 'storageGb', label: 'Storage (GB)', used: 'storageGb' },
  { key: 'webhooks', label: 'Webhook endpoints', used: 'webhooks' },
];

/** Level of a fraction of a limit used. */
export function usageLevel(fraction: number): UsageLevel {
  if (fraction > 1) return 'over';
  if (fraction > HIGH_FRACTION) return 'high';
  if (fraction >= APPROACHING_FRACTION) return 'approaching';
  return 'ok';
}

/**
 * Each plan limit with what is used of it: API calls this month and today, rate-limit peak per second,
 * storage and webhooks. Missing usage or limit gives `fraction: null` (not reported), never 0.
 * @example usageVsLimits({ apiCallsPerMonth: 1_000_000 }, { apiCallsThisMonth: 850_000 })[0]
 * // { key: 'apiCallsPerMonth', used: 850000, limit: 1000000, fraction: 0.85, level: 'approaching', … }
 */
export function usageVsLimits(limits: Limits | undefined, usage: UsageSnapshot | undefined): LimitUsage[] {
  return LIMIT_USAGE.map(({ key, label, used }) => {
    const u = usage?.[used];
    const l = limits?.[key];
    const usedValue = typeof u === 'number' ? u : null;
    const limit = typeof l === 'number' ? l : null;
    const fraction = usedValue !== null && limit !== null && limit > 0 ? usedValue / limit : null;
    return { key, label, used: usedValue, limit, fraction, level: fraction === null ? null : usageLevel(fraction) };
  });
}

export interface MonthProjection {
  /** Calls expected by the end of the month (rounded). */
  projectedCalls: number;
  /** Calls per day the projection assumes. */
  dailyRate: number;
  /** 'daily_series': mean of the last (up to) 7 full days of the month; 'month_to_date': calls ÷ elapsed days. */
  method: 'daily_series' | 'month_to_date';
  limit: number | null;
  /** projectedCalls / limit, or null without a limit. */
  projectedFraction: number | null;
  /** YYYY-MM-DD on which the limit is (or was) reached, when that is before the month ends; else null. */
  crossesOn: string | null;
  /** True when the limit is reached before month end (including already over). */
  warning: boolean;
  /** First day of the next month, YYYY-MM-DD (when the count resets). */
  resetsOn: string;
}

/**
 * Projects this month's API calls to month end. From a daily series when it holds at least 3 full days of
 * this month before today (mean of the last 7 of them × remaining days, added to the calls so far),
 * otherwise linearly from `apiCallsThisMonth` over the elapsed part of the month (at least one day). Warns
 * when the projection reaches `limit` before the month ends, with the day it happens. Null when
 * `apiCallsThisMonth` is not reported.
 * @example projectMonthlyCalls({ apiCallsThisMonth: 600_000, limit: 1_000_000, now: Date.UTC(2026, 3, 16) })
 * // 15 days elapsed of 30 → 40,000/day → projectedCalls 1,200,000, crossesOn '2026-04-26', warning true
 */
export function projectMonthlyCalls(input: {
  apiCallsThisMonth: number | undefined;
  limit: number | undefined;
  now: number;
  daily?: DailyUsage[];
}): MonthProjection | null {
  const { apiCallsThisMonth: calls, now } = input;
  if (calls === undefined) return null;
  const d = new Date(now);
  const monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const monthEnd = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  const todayStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const fullDays = (input.daily ?? [])
    .filter((x) => {
      const t = Date.parse(`${x.date}T00:00:00Z`);
      return t >= monthStart && t < todayStart;
    })
    .sort((a, b) => a.date.localeCompare(b.date));
  let dailyRate: number;
  let method: MonthProjection['method'];
  if (fullDays.length >= 3) {
    const last = fullDays.slice(-7);
    dailyRate = last.reduce((n, x) => n + x.calls, 0) / last.length;
    method = 'daily_series';
  } else {
    dailyRate = calls / Math.max(1, (now - monthStart) / DAY);
    method = 'month_to_date';
  }
  const remainingDays = Math.max(0, (monthEnd - now) / DAY);
  const projectedCalls = Math.round(calls + dailyRate * remainingDays);
  const limit = input.limit ?? null;
  let crossesOn: string | null = null;
  if (limit !== null) {
    if (calls >= limit) crossesOn = isoDay(now);
    else if (dailyRate > 0) {
      const at = now + ((limit - calls) / dailyRate) * DAY;
      if (at < monthEnd) crossesOn = isoDay(at);
    }
  }
  return {
    projectedCalls,
    dailyRate,
    method,
    limit,
    projectedFraction: limit !== null && limit > 0 ? projectedCalls / limit : null,
    crossesOn,
    warning: crossesOn !== null,
    resetsOn: isoDay(monthEnd),
  };
}

export interface Benchmark {
  value: number | null;
  /** The benchmark as text, e.g. "< 1%". */
  benchmark: string;
  met: boolean | null;
}

export interface ApiHealth {
  days: number;
  totalCalls: number;
  /** errors / calls over the days that report errors; null when none does. */
  errorRate: Benchmark;
  /** Rate-limit hits summed (benchmark: none). */
  rateLimitHits: Benchmark;
  /** Call-weighted mean response time, ms (benchmark: < 200). */
  responseMs: Benchmark;
  /** The series for the 30-day chart, oldest first. */
  series: DailyUsage[];
}

/** Benchmarks of API health (issue 15): error rate below 1 %, no rate-limit hits, responses below 200 ms. */
export const API_BENCHMARKS = { errorRate: 0.01, rateLimitHits: 0, responseMs: 200 } as const;

/**
 * API health over the 30 UTC days ending with `now`'s day, against the benchmarks (error rate < 1 %, no
 * rate-limit hits, mean response < 200 ms). A measure that no day reports is null (not reported).
 * Null when the series has no day in the window.
 * @example apiHealth([{ date: '2026-04-15', calls: 1000, errors: 5, rateLimitHits: 0, avgResponseMs: 120 }], now)
 * // errorRate { value: 0.005, met: true }, responseMs { value: 120, met: true }
 */
export function apiHealth(daily: DailyUsage[] | undefined, now: number): ApiHealth | null {
  const d = new Date(now);
  const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) + DAY;
  const start = end - 30 * DAY;
  const series = (daily ?? [])
    .filter((x) => {
      const t = Date.parse(`${x.date}T00:00:00Z`);
      return t >= start && t < end;
    })
    .sort((a, b) => a.date.localeCompare(b.date));
  if (series.length === 0) return null;
  const totalCalls = series.reduce((n, x) => n + x.calls, 0);
  const withErrors = series.filter((x) => x.errors !== undefined);
  const errCalls = withErrors.reduce((n, x) => n + x.calls, 0);
  const errorRate =
    withErrors.length && errCalls > 0 ? withErrors.reduce((n, x) => n + (x.errors ?? 0), 0) / errCalls : null;
  const withHits = series.filter((x) => x.rateLimitHits !== undefined);
  const hits = withHits.length ? withHits.reduce((n, x) => n + (x.rateLimitHits ?? 0), 0) : null;
  const withMs = series.filter((x) => x.avgResponseMs !== undefined && x.calls > 0);
  const msCalls = withMs.reduce((n, x) => n + x.calls, 0);
  const responseMs = msCalls > 0 ? withMs.reduce((n, x) => n + (x.avgResponseMs ?? 0) * x.calls, 0) / msCalls : null;
  return {
    days: series.length,
    totalCalls,
    errorRate: {
      value: errorRate,
      benchmark: '< 1%',
      met: errorRate === null ? null : errorRate < API_BENCHMARKS.errorRate,
    },
    rateLimitHits: { value: hits, benchmark: 'none', met: hits === null ? null : hits <= API_BENCHMARKS.rateLimitHits },
    responseMs: {
      value: responseMs,
      benchmark: '< 200 ms',
      met: responseMs === null ? null : responseMs < API_BENCHMARKS.responseMs,
    },
    series,
  };
}

/**
 * The `n` most called endpoints, most first (ties by name), each with its share of all listed calls.
 * @example topEndpoints([{ endpoint: '/a', calls: 30 }, { endpoint: '/b', calls: 70 }], 1) // [{ endpoint: '/b', calls: 70, share: 0.7 }]
 */
export function topEndpoints(
  endpoints: { endpoint: string; calls: number }[] | undefined,
  n = 5,
): { endpoint: string; calls: number; share: number }[] {
  const list = endpoints ?? [];
  const total = list.reduce((s, e) => s + e.calls, 0);
  return [...list]
    .sort((a, b) => b.calls - a.calls || a.endpoint.localeCompare(b.endpoint))
    .slice(0, n)
    .map((e) => ({ endpoint: e.endpoint, calls: e.calls, share: total > 0 ? e.calls / total : 0 }));
}

/** YYYY-MM-DD of an epoch-ms instant, UTC. */
export function isoDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}
