import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Agenda } from 'agenda';
import { z } from 'zod';
import { AGENDA_COLLECTION, createAgenda } from '../../../jobs/agenda.js';
import { defineJob } from '../../../jobs/define.js';
import { createLogger } from '../../../src/logger.js';
import { withDatabase } from '../../support/e2e-db.js';
import { createTestDb, type TestDb } from '../../support/test-db.js';

// Agenda 6 with its MongoDB backend against the run's server (FerretDB on machines without mongod):
// a job scheduled with `now` runs, a unique job is stored once, bad data fails before `run`, and a job
// left locked by a crashed process is picked up again after its lock lifetime.
let db: TestDb;
const agendas: Agenda[] = [];
const logger = createLogger('silent');

beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  for (const a of agendas) await a.stop().catch(() => {});
  await db?.drop();
});

function newAgenda(lockLifetimeMs = 60_000): Agenda {
  const a = createAgenda(
    { mongodbUri: withDatabase(db.uri, db.dbName), processEvery: 100, defaultLockLifetimeMs: lockLifetimeMs },
    logger,
  );
  agendas.push(a);
  return a;
}

async function until<T>(fn: () => T | Promise<T>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Agenda on the test MongoDB server', () => {
  it('when a job is scheduled with now, then it runs with its data and is marked finished', async () => {
    const agenda = newAgenda();
    const seen: number[] = [];
    defineJob(
      agenda,
      { name: 'test.echo', dataSchema: z.object({ n: z.number() }), run: async (d) => void seen.push(d.n) },
      {},
      logger,
    );
    await agenda.start();
    await agenda.now('test.echo', { n: 7 });
    await until(() => seen.length === 1);
    expect(seen).toEqual([7]);
    const stored = await until(async () =>
      db.conn.collection(AGENDA_COLLECTION).findOne({ name: 'test.echo', lastFinishedAt: { $ne: null } }),
    );
    expect(stored?.data).toEqual({ n: 7 });
    await agenda.drain();
  });

  it('when the same unique job is saved twice, then one job document exists', async () => {
    const agenda = newAgenda();
    for (let i = 0; i < 2; i++) {
      const job = agenda.create('test.unique', { fileId: 'F1' });
      job.unique({ name: 'test.unique', 'data.fileId': 'F1' }, { insertOnly: true });
      job.schedule(new Date(Date.now() + 3_600_000));
      await job.save();
    }
    expect(await db.conn.collection(AGENDA_COLLECTION).countDocuments({ name: 'test.unique' })).toBe(1);
    // Agenda 6's stop() closes the backend's client only once started; an Agenda that merely saved
    // jobs would otherwise keep the test process alive.
    await agenda.start();
    await agenda.stop();
  });

  it('when the data does not match the schema, then run is not called and the job fails with the field named', async () => {
    const agenda = newAgenda();
    let ran = false;
    defineJob(
      agenda,
      {
        name: 'test.strict',
        dataSchema: z.object({ fileId: z.string() }),
        run: async () => {
          ran = true;
        },
      },
      {},
      logger,
    );
    await agenda.start();
    await agenda.now('test.strict', { fileId: 42 });
    const failed = await until(async () =>
      db.conn.collection(AGENDA_COLLECTION).findOne({ name: 'test.strict', failReason: { $ne: null } }),
    );
    expect(ran).toBe(false);
    expect(String(failed?.failReason)).toContain('fileId');
    await agenda.drain();
  });

  it('when a job was left locked by a process that died, then a new Agenda re-runs it after the lock lifetime', async () => {
    // The dead process's state: a due job with a lock and no finish, as a crash mid-run leaves it.
    await db.conn.collection(AGENDA_COLLECTION).insertOne({
      name: 'test.resume',
      data: { fileId: 'F2' },
      type: 'normal',
      priority: 0,
      nextRunAt: new Date(Date.now() - 5_000),
      lockedAt: new Date(Date.now() - 5_000),
      lastRunAt: new Date(Date.now() - 5_000),
      disabled: false,
    });
    const agenda = newAgenda(1_000);
    const seen: string[] = [];
    defineJob(
      agenda,
      { name: 'test.resume', dataSchema: z.object({ fileId: z.string() }), run: async (d) => void seen.push(d.fileId) },
      {},
      logger,
    );
    await agenda.start();
    await until(() => seen.length === 1);
    expect(seen).toEqual(['F2']);
    await agenda.drain();
  });
});
