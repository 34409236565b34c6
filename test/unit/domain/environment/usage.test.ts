import { describe, expect, it } from '@jest/globals';
import {
  apiHealth,
  type DailyUsage,
  projectMonthlyCalls,
  topEndpoints,
  usageVsLimits,
} from '../../../../src/domain/environment/index.js';
import { DAY, FULL_ENVIRONMENT, NOW } from './fixtures.js';

const days = (from: number, n: number, calls: number, extra: Omit<DailyUsage, 'date' | 'calls'> = {}): DailyUsage[] =>
  Array.from({ length: n }, (_, k) => ({ date: new Date(from + k * DAY).toISOString().slice(0, 10), calls, ...extra }));

describe('usageVsLimits', () => {
  it('when usage and limits are reported, then each limit has its share and level', () => {
    const rows = usageVsLimits(FULL_ENVIRONMENT.limits, {
      apiCallsThisMonth: 850_000,
      apiCallsToday: 46_000,
      rateLimitPeakPerSecond: 160,
      storageGb: 40,
    });
    expect(rows.map((r) => [r.key, r.fraction, r.level])).toEqual([
      ['apiCallsPerMonth', 0.85, 'approaching'],
      ['apiCallsPerDay', 0.92, 'high'],
      ['rateLimitPerSecond', 160 / 150, 'over'],
      ['storageGb', 0.4, 'ok'],
      ['webhooks', null, null],
    ]);
    expect(rows[4]).toMatchObject({ used: null, limit: 10 });
  });

  it('when nothing is reported, then every share is unknown, not 0', () => {
    expect(usageVsLimits(undefined, undefined).every((r) => r.fraction === null && r.level === null)).toBe(true);
  });
});

describe('projectMonthlyCalls', () => {
  it('when half of April has passed with 600,000 calls, then 1,200,000 are projected and the limit falls on 26 April', () => {
    // 15 days elapsed of 30 → 40,000/day; 600,000 + 15 × 40,000 = 1,200,000; (1,000,000 − 600,000) / 40,000 = 10 days.
    const p = projectMonthlyCalls({ apiCallsThisMonth: 600_000, limit: 1_000_000, now: NOW });
    expect(p).toEqual({
      projectedCalls: 1_200_000,
      dailyRate: 40_000,
      method: 'month_to_date',
      limit: 1_000_000,
      projectedFraction: 1.2,
      crossesOn: '2026-04-26',
      warning: true,
      resetsOn: '2026-05-01',
    });
  });

  it('when the projection stays under the limit, then there is no warning', () => {
    const p = projectMonthlyCalls({ apiCallsThisMonth: 300_000, limit: 1_000_000, now: NOW });
    expect([p?.projectedCalls, p?.crossesOn, p?.warning]).toEqual([600_000, null, false]);
  });

  it('when a daily series shows a recent surge, then the projection follows the last 7 days', () => {
    // 1–8 April 10,000/day, 9–15 April 70,000/day; 570,000 so far; 70,000 × 15 remaining days = 1,050,000 more.
    const daily = [...days(Date.UTC(2026, 3, 1), 8, 10_000), ...days(Date.UTC(2026, 3, 9), 7, 70_000)];
    const p = projectMonthlyCalls({ apiCallsThisMonth: 570_000, limit: 1_000_000, now: NOW, daily });
    expect(p?.method).toBe('daily_series');
    expect(p?.dailyRate).toBe(70_000);
    expect(p?.projectedCalls).toBe(1_620_000);
    // (1,000,000 − 570,000) / 70,000 = 6.14 days after 16 April 00:00 → 22 April.
    expect(p?.crossesOn).toBe('2026-04-22');
  });

  it('when the limit is already exceeded, then it is crossed today', () => {
    expect(projectMonthlyCalls({ apiCallsThisMonth: 1_100_000, limit: 1_000_000, now: NOW })?.crossesOn).toBe(
      '2026-04-16',
    );
  });

  it('when there is no limit, then the projection is given without a warning; without usage, null', () => {
    expect(projectMonthlyCalls({ apiCallsThisMonth: 600_000, limit: undefined, now: NOW })).toMatchObject({
      projectedCalls: 1_200_000,
      projectedFraction: null,
      warning: false,
    });
    expect(projectMonthlyCalls({ apiCallsThisMonth: undefined, limit: 1_000_000, now: NOW })).toBeNull();
  });

  it('when it is the first hours of the month, then at least one day is assumed (no blow-up)', () => {
    const p = projectMonthlyCalls({ apiCallsThisMonth: 5_000, limit: 1_000_000, now: Date.UTC(2026, 3, 1, 2) });
    expect(p?.dailyRate).toBe(5_000);
  });
});

describe('apiHealth', () => {
  it('when 30 days meet the benchmarks except one rate-limit burst, then that one is missed', () => {
    const series = days(NOW - 29 * DAY, 30, 1_000, { errors: 5, rateLimitHits: 0, avgResponseMs: 120 });
    series[10].rateLimitHits = 4;
    const h = apiHealth(series, NOW);
    expect(h?.days).toBe(30);
    expect(h?.totalCalls).toBe(30_000);
    expect(h?.errorRate).toEqual({ value: 0.005, benchmark: '< 1%', met: true });
    expect(h?.rateLimitHits).toEqual({ value: 4, benchmark: 'none', met: false });
    expect(h?.responseMs).toEqual({ value: 120, benchmark: '< 200 ms', met: true });
  });

  it('when response times differ by day, then the mean is weighted by calls, and old days are left out', () => {
    const h = apiHealth(
      [
        { date: '2026-04-15', calls: 3_000, avgResponseMs: 100 },
        { date: '2026-04-14', calls: 1_000, avgResponseMs: 500 },
        { date: '2026-02-01', calls: 9_000, avgResponseMs: 900 },
      ],
      NOW,
    );
    expect(h?.days).toBe(2);
    expect(h?.responseMs).toEqual({ value: 200, benchmark: '< 200 ms', met: false });
    expect(h?.errorRate.met).toBeNull();
    expect(h?.series.map((d) => d.date)).toEqual(['2026-04-14', '2026-04-15']);
  });

  it('when there is no series, then API health is not reported', () => {
    expect(apiHealth(undefined, NOW)).toBeNull();
    expect(apiHealth([], NOW)).toBeNull();
  });
});

describe('topEndpoints', () => {
  it('when endpoints are listed, then the most called come first with their share', () => {
    expect(
      topEndpoints(
        [
          { endpoint: '/b', calls: 20 },
          { endpoint: '/a', calls: 70 },
          { endpoint: '/c', calls: 10 },
        ],
        2,
      ),
    ).toEqual([
      { endpoint: '/a', calls: 70, share: 0.7 },
      { endpoint: '/b', calls: 20, share: 0.2 },
    ]);
  });
});
