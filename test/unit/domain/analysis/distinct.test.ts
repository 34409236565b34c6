import { describe, expect, it } from '@jest/globals';
import {
  countDistinct,
  countDistinctSince,
  DistinctCounter,
  type DistinctState,
  EXACT_LIMIT,
  estimateRegisters,
  hashId,
  mergeDistinct,
  RECENT_DAYS,
} from '../../../../src/domain/analysis/distinct.js';
import { rng } from './gen.js';

// Oracle tests in the DDSketch style: the exact distinct count of a generated dataset against the
// counter. HyperLogLog with 2^14 registers has a standard error of 1.04/√16384 ≈ 0.81 %; 3 % is > 3.5σ.
const TOLERANCE = 0.03;

interface Sighting {
  id: string;
  day: number;
}

function counterOf(rows: Sighting[]): DistinctCounter {
  const c = new DistinctCounter();
  for (const r of rows) c.add(r.id, r.day);
  return c;
}

/** `n` distinct ids of a given shape, each seen 1–3 times on random days 0–29, shuffled. */
function dataset(n: number, shape: 'sequential' | 'uuid' | 'email', seed: number): Sighting[] {
  const rand = rng(seed);
  const hex = (k: number) => Array.from({ length: k }, () => Math.floor(rand() * 16).toString(16)).join('');
  const rows: Sighting[] = [];
  for (let i = 0; i < n; i++) {
    const id =
      shape === 'sequential'
        ? `u${i}`
        : shape === 'uuid'
          ? `${hex(8)}-${hex(4)}-4${hex(3)}-${hex(4)}-${hex(12)}`
          : `user.${i}@example.com`;
    const times = 1 + Math.floor(rand() * 3);
    for (let t = 0; t < times; t++) rows.push({ id, day: Math.floor(rand() * 30) });
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [rows[i], rows[j]] = [rows[j] as Sighting, rows[i] as Sighting];
  }
  return rows;
}

const exactSince = (rows: Sighting[], from: number) => new Set(rows.filter((r) => r.day >= from).map((r) => r.id)).size;

function split(rows: Sighting[], parts: number, seed: number): DistinctState {
  const rand = rng(seed);
  const counters = Array.from({ length: parts }, () => new DistinctCounter());
  for (const r of rows) (counters[Math.floor(rand() * parts)] as DistinctCounter).add(r.id, r.day);
  return counters.map((c) => c.state()).reduce((a, b) => mergeDistinct(a, b));
}

describe('distinct user counter', () => {
  it('when ids repeat below the exact limit, then the count and the last-7-days count are exact', () => {
    const rows: Sighting[] = [
      { id: 'alice', day: 10 },
      { id: 'alice', day: 29 },
      { id: 'bob', day: 12 },
      { id: 'carol', day: 25 },
      { id: 'carol', day: 3 },
      { id: 'dave', day: -1 },
    ];
    const s = counterOf(rows).state();
    expect(s.exact).not.toBeNull();
    expect(countDistinct(s)).toBe(4);
    // Days 23–29 are the last 7 days up to day 29: alice and carol.
    expect(countDistinctSince(s, 29 - (RECENT_DAYS - 1))).toBe(2);
  });

  it('when exactly EXACT_LIMIT ids are seen, then the count stays exact; one more switches to the sketch', () => {
    const rows = Array.from({ length: EXACT_LIMIT }, (_, i) => ({ id: `id-${i}`, day: 0 }));
    const c = counterOf(rows);
    expect(c.state().exact).not.toBeNull();
    expect(countDistinct(c.state())).toBe(EXACT_LIMIT);
    c.add('one-more', 0);
    const s = c.state();
    expect(s.exact).toBeNull();
    expect(Math.abs(countDistinct(s) - (EXACT_LIMIT + 1)) / (EXACT_LIMIT + 1)).toBeLessThan(TOLERANCE);
  });

  it.each([
    [5_000, 'sequential'],
    [5_000, 'uuid'],
    [30_000, 'email'],
    [30_000, 'sequential'],
    [100_000, 'uuid'],
    [250_000, 'sequential'],
  ] as const)('when %i distinct %s ids are counted, then the estimate is within 3%% of the exact count', (n, shape) => {
    const rows = dataset(n, shape, n + shape.length);
    const s = counterOf(rows).state();
    expect(Math.abs(countDistinct(s) - n) / n).toBeLessThan(TOLERANCE);
  });

  it('when a sketch counts the last 7 days, then it is within 3% of the exact count and never above the total', () => {
    const rows = dataset(40_000, 'uuid', 3);
    const s = counterOf(rows).state();
    const exact = exactSince(rows, 23);
    const got = countDistinctSince(s, 23);
    expect(Math.abs(got - exact) / exact).toBeLessThan(TOLERANCE);
    expect(got).toBeLessThanOrEqual(countDistinct(s));
  });

  it.each([
    [1_000, 2],
    [3_000, 3],
    [4_000, 2],
    [12_000, 4],
  ])(
    'when %i ids are split at random across %i counters and merged, then the counts equal one counter over all',
    (n, parts) => {
      const rows = dataset(n, 'sequential', n);
      const whole = counterOf(rows).state();
      const merged = split(rows, parts, n + parts);
      expect(merged.exact === null).toBe(whole.exact === null);
      expect(countDistinct(merged)).toBe(countDistinct(whole));
      for (const from of [0, 23, 27, 29])
        expect(countDistinctSince(merged, from)).toBe(countDistinctSince(whole, from));
      if (whole.registers !== null) expect(merged.registers).toEqual(whole.registers);
    },
  );

  it('when merged in either order, then the state counts the same', () => {
    const rows = dataset(6_000, 'email', 11);
    const a = counterOf(rows.slice(0, 2_000)).state();
    const b = counterOf(rows.slice(2_000)).state();
    expect(countDistinct(mergeDistinct(a, b))).toBe(countDistinct(mergeDistinct(b, a)));
    expect(countDistinctSince(mergeDistinct(a, b), 25)).toBe(countDistinctSince(mergeDistinct(b, a), 25));
  });

  it('when nothing was added, then the registers estimate 0 and the hash is stable', () => {
    expect(estimateRegisters(new Uint8Array(1 << 14))).toBe(0);
    expect(hashId('u-1')).toBe(hashId('u-1'));
    expect(hashId('u-1')).not.toBe(hashId('u-2'));
    expect(Number.isSafeInteger(hashId('a much longer id, with unicode: é漢字'))).toBe(true);
  });
});
