import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRepos, type Repos } from '../../../src/db/index.js';
import { createTestDb, type TestDb } from '../../support/test-db.js';

// Who works a shard of the event inbox: leases on a real server, raced by several processes' claims.
let db: TestDb;
let repos: Repos;
beforeAll(async () => {
  db = await createTestDb();
  repos = createRepos(db.conn);
});
afterAll(async () => {
  await db.drop();
});

describe('shard leases', () => {
  it('when eight workers claim a free shard at once, then exactly one gets it, and keeps it by claiming again', async () => {
    const owners = Array.from({ length: 8 }, (_, i) => `worker-${i}`);
    const won = await Promise.all(owners.map((o) => repos.shardLeases.claim('events:1', o, 60_000)));
    expect(won.filter(Boolean)).toHaveLength(1);
    const holder = owners[won.indexOf(true)];
    expect(await repos.shardLeases.claim('events:1', holder, 60_000)).toBe(true);
    expect(await repos.shardLeases.claim('events:1', holder === 'worker-0' ? 'worker-1' : 'worker-0', 60_000)).toBe(
      false,
    );
  });

  it('when the holder dies (its lease runs out) or gives the lease up, then another worker takes the shard', async () => {
    const t0 = new Date('2026-12-04T10:00:00Z');
    expect(await repos.shardLeases.claim('events:2', 'a', 4000, t0)).toBe(true);
    expect(await repos.shardLeases.claim('events:2', 'b', 4000, new Date(t0.getTime() + 3999))).toBe(false);
    expect(await repos.shardLeases.claim('events:2', 'b', 4000, new Date(t0.getTime() + 4000))).toBe(true);

    await repos.shardLeases.release('events:2', 'a'); // not a's any more: changes nothing
    expect(await repos.shardLeases.claim('events:2', 'a', 4000, new Date(t0.getTime() + 5000))).toBe(false);
    await repos.shardLeases.release('events:2', 'b');
    expect(await repos.shardLeases.claim('events:2', 'a', 4000, new Date(t0.getTime() + 5000))).toBe(true);
  });
});
