import { describe, expect, it, jest } from '@jest/globals';
import fc from 'fast-check';

jest.setTimeout(30_000);

import { analyze, createAccumulator, mergeStates } from '../../../../src/domain/analysis/index.js';
import type { LogRecord } from '../../../../src/domain/records.js';
import { INPUT, records, rng } from './gen.js';

function report(rs: LogRecord[]) {
  const acc = createAccumulator();
  for (const r of rs) acc.add(r);
  return analyze(acc.state(), INPUT);
}

function shuffle<T>(xs: T[], seed: number): T[] {
  const rand = rng(seed);
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** A random dataset: 1–3 integrations, random traffic, a random fault (or none). */
const dataset = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  integrations: fc.integer({ min: 1, max: 3 }),
  days: fc.integer({ min: 1, max: 21 }),
  perDay: fc.integer({ min: 5, max: 120 }),
  faultRate: fc.double({ min: 0, max: 0.5, noNaN: true }),
  faultFrom: fc.integer({ min: 0, max: 20 }),
  code: fc.constantFrom<[number | null, string | null]>(
    [429, '429'],
    [500, null],
    [401, 'invalid_grant'],
    [null, 'ETIMEDOUT'],
    [404, '404'],
  ),
});

type Dataset = typeof dataset extends fc.Arbitrary<infer T> ? T : never;

function build(d: Dataset): LogRecord[] {
  const out: LogRecord[] = [];
  const names = ['Salesforce', 'Webhook (Events)', 'Okta'] as const;
  const types = ['salesforce', 'webhook', 'okta'] as const;
  for (let k = 0; k < d.integrations; k++) {
    out.push(
      ...records({
        integration: names[k],
        type: types[k],
        kind: k === 1 ? 'webhook' : 'api_call',
        seed: d.seed + k,
        days: d.days,
        perDay: d.perDay,
        fail: (r, _ts, day) => (day >= d.faultFrom && r() < d.faultRate ? d.code : null),
      }),
    );
  }
  return out;
}

describe('analysis properties', () => {
  it('when scoring any dataset, then every score is an integer in [0, 100]', () => {
    fc.assert(
      fc.property(dataset, (d) => {
        for (const rep of report(build(d))) {
          expect(Number.isInteger(rep.score) && rep.score >= 0 && rep.score <= 100).toBe(true);
          for (const i of rep.integrations) expect(i.score >= 0 && i.score <= 100).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('when rows are shuffled, then the report is the same', () => {
    fc.assert(
      fc.property(dataset, fc.integer(), (d, s) => {
        const rs = build(d);
        expect(report(shuffle(rs, s))).toEqual(report(rs));
      }),
      { numRuns: 25 },
    );
  });

  it('when the rows are split at random between accumulators and merged, then the state equals one accumulator over all', () => {
    fc.assert(
      fc.property(dataset, fc.integer({ min: 1, max: 4 }), fc.integer(), (d, parts, s) => {
        const rs = build(d);
        const rand = rng(s);
        const accs = Array.from({ length: parts }, () => createAccumulator());
        const whole = createAccumulator();
        for (const r of rs) {
          (accs[Math.floor(rand() * parts)] as ReturnType<typeof createAccumulator>).add(r);
          whole.add(r);
        }
        const merged = accs.map((a) => a.state()).reduce((a, b) => mergeStates(a, b));
        expect(analyze(merged, INPUT)).toEqual(analyze(whole.state(), INPUT));
      }),
      { numRuns: 25 },
    );
  });

  it('when failures are added at the end of a single-integration dataset, then the score never rises', () => {
    fc.assert(
      fc.property(dataset, fc.integer({ min: 1, max: 200 }), (d, extra) => {
        const rs = build({ ...d, integrations: 1 });
        const before = report(rs)[0]!.score;
        const last = rs.reduce((m, r) => Math.max(m, r.timestamp), 0);
        const more = records({ days: 1, perDay: extra, start: last, seed: d.seed + 99, fail: () => d.code });
        const after = report([...rs, ...more])[0]!.score;
        expect(after).toBeLessThanOrEqual(before);
      }),
      { numRuns: 40 },
    );
  });

  it('when an integration is noisy but healthy (random errors ≤ 0.8%), then it is never flagged', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.double({ min: 0, max: 0.008, noNaN: true }),
        fc.integer({ min: 1, max: 35 }),
        fc.integer({ min: 20, max: 400 }),
        fc.constantFrom<[number | null, string | null]>(
          [429, '429'],
          [500, null],
          [401, 'invalid_grant'],
          [null, 'timeout'],
          [404, '404'],
        ),
        fc.boolean(),
        (seed, rate, days, perDay, code, webhook) => {
          const rs = records({
            seed,
            days,
            perDay,
            kind: webhook ? 'webhook' : 'api_call',
            integration: webhook ? 'Hooks' : 'Salesforce',
            type: webhook ? 'webhook' : 'salesforce',
            endpoint: (r) => ['/a', '/b', '/c'][Math.floor(r() * 3)] as string,
            fail: (r) => (r() < rate ? code : null),
          });
          const rep = report(rs)[0]!;
          expect(rep.integrations[0]!.issues).toEqual([]);
          expect(rep.integrations[0]!.status).toBe('healthy');
        },
      ),
      { numRuns: 40 },
    );
  });
});
