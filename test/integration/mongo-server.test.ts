import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDb, type TestDb } from '../support/test-db.js';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.drop();
});

describe('test MongoDB server', () => {
  it('when a document is written with a unique index, then the server rejects a duplicate (E11000)', async () => {
    const coll = db.conn.collection('probe');
    await coll.createIndex({ key: 1 }, { unique: true });
    await coll.insertOne({ key: 'a' });
    await expect(coll.insertOne({ key: 'a' })).rejects.toMatchObject({ code: 11000 });
    expect(await coll.countDocuments({ key: 'a' })).toBe(1);
  });
});
