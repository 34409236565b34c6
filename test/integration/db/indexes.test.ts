import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { createRepos, ensureIndexes, type Repos } from '../../../src/db/index.js';
import { createTestDb, type TestDb } from '../../support/test-db.js';

let db: TestDb;
let repos: Repos;
beforeAll(async () => {
  db = await createTestDb();
  await ensureIndexes(db.conn);
  repos = createRepos(db.conn);
});
afterAll(async () => {
  await db.drop();
});

const suffix = () => new Types.ObjectId().toHexString();

describe('indexes created at start-up', () => {
  it('when two customers get the same name in another case, then the unique nameKey index rejects the second', async () => {
    const name = `Globex ${suffix()}`;
    const customers = db.conn.collection('customers');
    await customers.insertOne({ name, nameKey: name.toLowerCase() });
    await expect(customers.insertOne({ name: name.toUpperCase(), nameKey: name.toLowerCase() })).rejects.toMatchObject({
      code: 11000,
    });
  });

  it('when the same integration is inserted twice for a customer, then the second insert is rejected', async () => {
    const customerId = new Types.ObjectId();
    const doc = { customerId, name: 'Salesforce', nameKey: 'salesforce', type: 'salesforce', category: 'crm' };
    const integrations = db.conn.collection('integrations');
    await integrations.insertOne({ ...doc });
    await expect(integrations.insertOne({ ...doc })).rejects.toMatchObject({ code: 11000 });
    // …but another customer may have its own Salesforce.
    await expect(integrations.insertOne({ ...doc, customerId: new Types.ObjectId() })).resolves.toBeDefined();
  });

  it('when a report for the same file and customer is inserted twice, then the unique index keeps one', async () => {
    const row = {
      customerId: new Types.ObjectId(),
      customerName: 'Initech',
      fileHash: suffix(),
      generatedAt: new Date(),
      score: 90,
      status: 'healthy',
      report: { any: 'thing' },
    };
    const reports = db.conn.collection('tech_health_reports');
    await reports.insertOne({ ...row });
    await expect(reports.insertOne({ ...row })).rejects.toMatchObject({ code: 11000 });
    expect(await reports.countDocuments({ fileHash: row.fileHash })).toBe(1);
  });
});
