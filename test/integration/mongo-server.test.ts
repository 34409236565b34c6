import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MongoClient } from 'mongodb';
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

describe('test MongoDB server: single-document writes are atomic across clients', () => {
  const CLIENTS = 8;
  let clients: MongoClient[] = [];
  beforeAll(async () => {
    // Separate clients, one connection each: the server sees eight independent sessions.
    clients = await Promise.all(
      Array.from({ length: CLIENTS }, () => new MongoClient(db.uri, { maxPoolSize: 1 }).connect()),
    );
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
  });
  const collection = (c: MongoClient, name: string) => c.db(db.dbName).collection<{ _id: string; n?: number }>(name);

  it('when 8 clients each $inc one field 200 times at once, then the field ends at exactly 1,600', async () => {
    await collection(clients[0], 'inc').insertOne({ _id: 'counter', n: 0 });
    await Promise.all(
      clients.map(async (c) => {
        for (let i = 0; i < 200; i++) await collection(c, 'inc').updateOne({ _id: 'counter' }, { $inc: { n: 1 } });
      }),
    );
    expect(await collection(clients[0], 'inc').findOne({ _id: 'counter' })).toEqual({ _id: 'counter', n: 1600 });
  }, 120_000);

  it('when 8 clients upsert one _id at once, then there is one document and no duplicate-key error', async () => {
    for (let round = 0; round < 10; round++) {
      const id = `doc-${round}`;
      const results = await Promise.allSettled(
        clients.map((c) => collection(c, 'upsert').updateOne({ _id: id }, { $inc: { n: 1 } }, { upsert: true })),
      );
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      expect(await collection(clients[0], 'upsert').find({ _id: id }).toArray()).toEqual([{ _id: id, n: CLIENTS }]);
    }
  }, 60_000);

  it('when 8 clients race for one conditional claim with findOneAndUpdate, then exactly one wins', async () => {
    for (let round = 0; round < 10; round++) {
      const id = `lease-${round}`;
      await collection(clients[0], 'claim').insertOne({ _id: id, n: 0 });
      const won = await Promise.all(
        clients.map((c, k) =>
          collection(c, 'claim').findOneAndUpdate(
            { _id: id, n: 0 },
            { $set: { n: k + 1 } },
            { returnDocument: 'after' },
          ),
        ),
      );
      expect(won.filter((d) => d !== null)).toHaveLength(1);
    }
  }, 60_000);
});

describe('test MongoDB server: reads and writes by _id with other conditions', () => {
  type Doc = { _id: string; rev: number };
  const docs: Doc[] = Array.from({ length: 50 }, (_, i) => ({ _id: `doc-${i}`, rev: i % 3 }));
  beforeAll(async () => {
    await db.conn.collection<Doc>('narrow').insertMany(docs);
  });
  const coll = () => db.conn.collection<Doc>('narrow');

  it('when a filter names _id (alone, with other keys, or as $in), then it answers exactly what MongoDB would', async () => {
    expect(await coll().find({ _id: 'doc-4', rev: 1 }).toArray()).toEqual([{ _id: 'doc-4', rev: 1 }]);
    expect(await coll().find({ _id: 'doc-4', rev: 2 }).toArray()).toEqual([]);
    const inSome = await coll()
      .find({ _id: { $in: ['doc-1', 'doc-2', 'doc-3', 'nope'] }, rev: { $gt: 0 } })
      .sort({ _id: 1 })
      .toArray();
    expect(inSome).toEqual([
      { _id: 'doc-1', rev: 1 },
      { _id: 'doc-2', rev: 2 },
    ]);
    expect(await coll().countDocuments({ _id: { $in: [] } })).toBe(0);
    expect(await coll().countDocuments({ _id: { $nin: ['doc-1'] } })).toBe(49);
    // A compare-and-set: only the write whose condition holds changes the document.
    expect((await coll().updateOne({ _id: 'doc-7', rev: 0 }, { $set: { rev: 9 } })).modifiedCount).toBe(0);
    expect((await coll().updateOne({ _id: 'doc-7', rev: 1 }, { $set: { rev: 9 } })).modifiedCount).toBe(1);
    expect(await coll().findOne({ _id: 'doc-7' })).toEqual({ _id: 'doc-7', rev: 9 });
  });

  it('when the server is FerretDB, then a filter on _id plus other keys is narrowed by the _id index (build.sh patch)', async () => {
    const explain = async (filter: object) =>
      (await db.conn.db?.command({ explain: { find: 'narrow', filter } })) as { filterPushdown?: boolean };
    const probe = await explain({ _id: 'doc-1' });
    if (probe.filterPushdown === undefined) return; // MongoDB: it plans with its own indexes
    expect(probe.filterPushdown).toBe(true);
    expect((await explain({ _id: 'doc-1', rev: 1 })).filterPushdown).toBe(true);
    expect((await explain({ _id: { $in: ['doc-1', 'doc-2'] }, rev: 1 })).filterPushdown).toBe(true);
    expect((await explain({ rev: 1 })).filterPushdown).toBe(false);
  });
});

describe('test MongoDB server: big bulk writes', () => {
  it('when one bulk write carries 300 updates, then all of them apply and the server keeps answering', async () => {
    const coll = db.conn.collection<{ _id: string; n: number }>('bulk');
    await coll.insertMany(Array.from({ length: 300 }, (_, i) => ({ _id: `b-${i}`, n: 0 })));
    // FerretDB v1 held one SQLite connection (of 100) per statement until the command ended: this stalled it.
    const res = await coll.bulkWrite(
      Array.from({ length: 300 }, (_, i) => ({ updateOne: { filter: { _id: `b-${i}` }, update: { $inc: { n: 1 } } } })),
      { ordered: false },
    );
    expect(res.modifiedCount).toBe(300);
    expect(await coll.countDocuments({ n: 1 })).toBe(300);
  }, 30_000);

  it("when a bulk write of 3,000 updates runs, then another client's insert is answered before it ends", async () => {
    const coll = db.conn.collection<{ _id: string; n: number }>('bulk-long');
    await coll.insertMany(Array.from({ length: 3000 }, (_, i) => ({ _id: `l-${i}`, n: 0 })));
    const order: string[] = [];
    const bulk = coll
      .bulkWrite(
        Array.from({ length: 3000 }, (_, i) => ({
          updateOne: { filter: { _id: `l-${i}` }, update: { $inc: { n: 1 } } },
        })),
        { ordered: false },
      )
      .then((r) => {
        order.push('bulk');
        return r;
      });
    await new Promise((r) => setTimeout(r, 300));
    await db.conn.collection('bulk-other').insertOne({ at: new Date() });
    order.push('insert');
    expect((await bulk).modifiedCount).toBe(3000);
    // Atomicity is per document, as on MongoDB: the insert does not wait for the 3,000 statements.
    expect(order).toEqual(['insert', 'bulk']);
  }, 60_000);
});
