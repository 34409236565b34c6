import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRepos, ensureIndexes, type Repos } from '../../../../src/db/index.js';
import { createReportStore, type ReportStore } from '../../../../src/services/reports/store.js';
import { buildIntegration, buildReport } from '../../../support/report-builder.js';
import { createTestDb, type TestDb } from '../../../support/test-db.js';

let db: TestDb;
let repos: Repos;
let store: ReportStore;
beforeAll(async () => {
  db = await createTestDb();
  await ensureIndexes(db.conn);
  repos = createRepos(db.conn);
  store = createReportStore(repos);
});
afterAll(async () => {
  await db.drop();
});

const unique = (name: string) => `${name} ${randomUUID().slice(0, 8)}`;
const hash = () => randomUUID().replaceAll('-', '');

describe('storeReport', () => {
  it('when the same file is stored twice, then the second store writes nothing and says so', async () => {
    const customer = unique('Acme');
    const report = buildReport({ customer });
    const fileHash = hash();
    const first = await store.storeReport(report, { fileHash, fileNames: ['a.csv'] });
    const second = await store.storeReport(report, { fileHash, fileNames: ['a.csv'] });
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, reportId: first.reportId, customerId: first.customerId });
    expect(await db.conn.collection('tech_health_reports').countDocuments({ fileHash })).toBe(1);
    const saved = await repos.customers.findById(first.customerId);
    expect(saved?.healthHistory).toHaveLength(1);
  });

  it('when the same file is stored twice at once, then one report, one customer and one history entry exist', async () => {
    const customer = unique('Hooli');
    const fileHash = hash();
    const results = await Promise.all(
      [1, 2, 3].map(() => store.storeReport(buildReport({ customer }), { fileHash, fileNames: ['h.csv'] })),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.customerId)).size).toBe(1);
    expect(await db.conn.collection('tech_health_reports').countDocuments({ fileHash })).toBe(1);
    expect(await db.conn.collection('customers').countDocuments({ nameKey: customer.toLowerCase() })).toBe(1);
    expect((await repos.customers.findById(results[0].customerId))?.healthHistory).toHaveLength(1);
  });

  it('when the report names the customer by an alias in another case, then it is stored on that customer', async () => {
    const name = unique('Umbrella');
    const alias = `${name} Corporation`;
    const existing = await repos.customers.upsertByName(name);
    await repos.customers.addAliases(existing.id, [alias]);
    const result = await store.storeReport(buildReport({ customer: alias.toUpperCase() }), {
      fileHash: hash(),
      fileNames: ['u.csv'],
    });
    expect(result.customerId).toBe(existing.id);
  });

  it('when a customer has an earlier report, then the new one carries the trend against it', async () => {
    const customer = unique('Stark');
    const earlier = buildReport({
      customer,
      generatedAt: '2026-01-10T00:00:00.000Z',
      score: 90,
      integrations: [buildIntegration({ name: 'Salesforce', score: 95, successRate: 0.999, issues: [] })],
    });
    const later = buildReport({
      customer,
      generatedAt: '2026-02-10T00:00:00.000Z',
      score: 70,
      integrations: [buildIntegration({ name: 'Salesforce', score: 60, successRate: 0.9 })],
    });
    const first = await store.storeReport(earlier, { fileHash: hash(), fileNames: ['jan.csv'] });
    const second = await store.storeReport(later, { fileHash: hash(), fileNames: ['feb.csv'] });
    expect(first.trend).toBeNull();
    expect(second.trend).toMatchObject({ previousScore: 90, delta: -20 });
    expect(second.trend?.explanation).toContain('Salesforce');
    const stored = await repos.reports.findLatest(second.customerId);
    expect(stored?.report.trend?.delta).toBe(-20);
  });

  it('when a report is stored, then its integrations are upserted with status and score', async () => {
    const customer = unique('Wayne');
    const report = buildReport({
      customer,
      integrations: [
        buildIntegration({ name: 'Salesforce', score: 40, status: 'critical' }),
        buildIntegration({
          name: 'Slack',
          type: 'slack',
          category: 'messaging',
          critical: false,
          score: 98,
          status: 'healthy',
          issues: [],
        }),
      ],
    });
    const { customerId } = await store.storeReport(report, { fileHash: hash(), fileNames: ['w.csv'] });
    const integrations = await repos.integrations.listForCustomer(customerId);
    expect(integrations.map((i) => [i.name, i.status, i.lastScore])).toEqual([
      ['Salesforce', 'degraded', 40],
      ['Slack', 'healthy', 98],
    ]);
  });
});
