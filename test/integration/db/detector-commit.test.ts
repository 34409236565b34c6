import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { createRepos, ensureIndexes, type Repos } from '../../../src/db/index.js';
import type { DetectorCommit } from '../../../src/db/integrations.js';
import { createDetectorState } from '../../../src/domain/detection/state.js';
import { createTestDb, type TestDb } from '../../support/test-db.js';

// The batched detector commit on a real server: one bulk compare-and-set, and which integrations won it.
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

const commit = (lastEventAt: number): DetectorCommit => {
  const state = { ...createDetectorState(0), lastEventAt };
  return {
    state,
    outbox: [],
    status: 'healthy',
    statusSince: new Date(0),
    lastSuccessfulSync: null,
    lastFailureAt: null,
    connectedAt: null,
    failures: 1,
  };
};

async function newIntegrations(n: number): Promise<string[]> {
  const customerId = new Types.ObjectId().toHexString();
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push(
      (await repos.integrations.upsertFromEvent(customerId, { id: `i-${i}`, type: 'salesforce', name: `SF ${i}` })).id,
    );
  }
  return ids;
}

describe('batched detector commits', () => {
  it('when some commits carry a revision another worker already moved past, then only the others are written and reported as won', async () => {
    const ids = await newIntegrations(5);
    // Another worker committed ids[1] and ids[3] first.
    for (const id of [ids[1], ids[3]]) expect(await repos.integrations.commitDetector(id, 0, commit(111))).toBe(true);

    const won = await repos.integrations.commitDetectorMany(ids.map((id) => ({ id, rev: 0, commit: commit(222) })));
    expect([...won].sort()).toEqual([ids[0], ids[2], ids[4]].sort());
    const read = await repos.integrations.findMonitoredMany([...ids, 'not-an-id', new Types.ObjectId().toHexString()]);
    expect(read.size).toBe(5);
    expect(ids.map((id) => [read.get(id)?.detectorRev, read.get(id)?.detector?.lastEventAt])).toEqual([
      [1, 222],
      [1, 111],
      [1, 222],
      [1, 111],
      [1, 222],
    ]);
    // The failure counter moved once per integration, by whichever commit won.
    const docs = await db.conn
      .collection('integrations')
      .find({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } })
      .toArray();
    expect(docs.map((d) => d.failureCount)).toEqual([1, 1, 1, 1, 1]);
  });

  it('when every commit holds, then all are reported as won', async () => {
    const ids = await newIntegrations(3);
    const won = await repos.integrations.commitDetectorMany(ids.map((id) => ({ id, rev: 0, commit: commit(5) })));
    expect(won).toEqual(new Set(ids));
    expect(await repos.integrations.commitDetectorMany([])).toEqual(new Set());
  });
});
