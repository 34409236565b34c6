import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRepos, ensureIndexes, type Repos } from '../../../../src/db/index.js';
import { dedupKeyOf } from '../../../../src/db/risk-signals.js';
import { createRiskSignals, type RiskSignals } from '../../../../src/services/reports/risk-signals.js';
import { buildIntegration, buildIssue, buildReport } from '../../../support/report-builder.js';
import { createTestDb, type TestDb } from '../../../support/test-db.js';

let db: TestDb;
let repos: Repos;
let signals: RiskSignals;
beforeAll(async () => {
  db = await createTestDb();
  await ensureIndexes(db.conn);
  repos = createRepos(db.conn);
  signals = createRiskSignals({ riskSignals: repos.riskSignals, customers: repos.customers, counters: repos.counters });
});
afterAll(async () => {
  await db.drop();
});

const newCustomer = async () => repos.customers.upsertByName(`Acme ${randomUUID().slice(0, 8)}`);
const report = (score = 62) =>
  buildReport({
    score,
    integrations: [
      buildIntegration({
        issues: [buildIssue(), buildIssue({ kind: 'timeouts', severity: 'high', title: 'Timeouts' })],
      }),
    ],
  });

describe('applyReport', () => {
  it('when a report is applied, then one open signal per integration and kind is created and the score is recorded as the customer health', async () => {
    const customer = await newCustomer();
    const r = await signals.applyReport({ reportId: 'r1', customerId: customer.id, report: report() });
    expect(r).toMatchObject({ created: 2, updated: 0, unchanged: 0, healthRecorded: 62 });
    const open = await repos.riskSignals.listOpen(customer.id);
    expect(open.map((s) => [s.type, s.severity, s.occurrences, s.openKey === s.dedupKey])).toEqual(
      expect.arrayContaining([
        ['integration_rate_limited', 'critical', 1, true],
        ['integration_timeouts', 'high', 1, true],
      ]),
    );
    expect(open[0].firstSeen.toISOString()).toBe('2026-01-18T00:00:00.000Z');
    expect((await repos.customers.findById(customer.id))?.healthScore).toBe(62);
  });

  it('when the same report is applied again, even 5 times at once, then nothing changes; a new report counts into the open signals', async () => {
    const customer = await newCustomer();
    await signals.applyReport({ reportId: 'a', customerId: customer.id, report: report() });
    const again = await Promise.all(
      Array.from({ length: 5 }, () =>
        signals.applyReport({ reportId: 'a', customerId: customer.id, report: report() }),
      ),
    );
    expect(again.map((r) => [r.created, r.updated, r.healthRecorded])).toEqual(Array(5).fill([0, 0, null]));
    const next = await signals.applyReport({ reportId: 'b', customerId: customer.id, report: report(48) });
    expect(next).toMatchObject({ created: 0, updated: 2, healthRecorded: 48 });
    const open = await repos.riskSignals.listOpen(customer.id);
    expect(open.map((s) => s.occurrences)).toEqual([2, 2]);
    const saved = await repos.customers.findById(customer.id);
    expect(saved?.healthHistory.map((h: { score: number }) => h.score)).toEqual([62, 48]);
  });

  it('when two different reports open the same new signal at once, then one signal exists with both counted', async () => {
    const customer = await newCustomer();
    const results = await Promise.all(
      ['x', 'y'].map((id) => signals.applyReport({ reportId: id, customerId: customer.id, report: report() })),
    );
    // Each of the two signals is created by exactly one report (which one wins each race is up to the server).
    expect(results.reduce((n, r) => n + r.created, 0)).toBe(2);
    expect(results.reduce((n, r) => n + r.updated, 0)).toBe(2);
    const open = await repos.riskSignals.listOpen(customer.id);
    expect(open).toHaveLength(2);
    expect(open.map((s) => s.occurrences)).toEqual([2, 2]);
  });

  it('when a signal is resolved, then its openKey becomes unique to it and the next observation opens a new signal', async () => {
    const customer = await newCustomer();
    await signals.applyReport({ reportId: 'p', customerId: customer.id, report: report() });
    const [first] = await repos.riskSignals.listOpen(customer.id);
    await repos.riskSignals.resolve(first.id);
    await signals.applyReport({ reportId: 'q', customerId: customer.id, report: report() });
    const history = await repos.riskSignals.findByDedupKey(dedupKeyOf(first));
    expect(history.map((s) => [s.status, s.occurrences])).toEqual([
      ['resolved', 1],
      ['open', 1],
    ]);
    expect(history[0].openKey).toBe(`${first.dedupKey}#resolved#${first.id}`);
  });
});

describe('action claims', () => {
  it('when 10 callers claim the same key at once, then exactly one wins; after the window it can be claimed again', async () => {
    const key = `test:${randomUUID()}`;
    const t0 = new Date('2026-02-01T10:00:00Z');
    const wins = await Promise.all(Array.from({ length: 10 }, () => repos.counters.claim(key, 60_000, null, t0)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await repos.counters.claim(key, 60_000, null, new Date('2026-02-01T10:00:30Z'))).toBe(false);
    expect(await repos.counters.claim(key, 60_000, null, new Date('2026-02-01T10:01:01Z'))).toBe(true);
  });
});
