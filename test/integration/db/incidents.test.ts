import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import type { IncidentChange, NewIncident } from '../../../src/db/incidents.js';
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

const at = new Date('2026-12-01T10:00:00Z');
const change = (occurrences: number): IncidentChange => ({
  severity: 'high',
  title: 'Salesforce disconnected',
  at,
  occurrences,
  failureClass: 'auth',
  healthStatus: 'disconnected',
  worstStatus: 'disconnected',
  reason: 'OAuth token expired',
  errorCode: 'invalid_grant',
  errorMessage: null,
  endpoints: [],
});

describe('incident history', () => {
  it('when 150 transitions are applied to one incident, then its applied list stays bounded and recent ones are still recognised', async () => {
    const key = `${new Types.ObjectId().toHexString()}:id:int:access`;
    const n: NewIncident = {
      ...change(1),
      dedupKey: key,
      family: 'access',
      customerId: new Types.ObjectId().toHexString(),
      integrationId: new Types.ObjectId().toHexString(),
      integrationType: 'salesforce',
      integrationLabel: 'Salesforce',
      csmUserId: null,
      email: { state: 'pending', to: null, at: null, error: null },
      deferredUntil: null,
    };
    const inc = await repos.incidents.create(n, 't:0');
    if (!inc) throw new Error('not created');
    for (let i = 1; i <= 150; i++) {
      expect(await repos.incidents.update(inc.id, `t:${i}`, change(i + 1))).not.toBeNull();
    }
    // A replayed transition changes nothing.
    expect(await repos.incidents.update(inc.id, 't:150', change(999))).toBeNull();
    const doc = await db.conn.collection('risk_signals').findOne({ dedupKey: key });
    expect(doc?.applied.length).toBeLessThanOrEqual(120);
    expect(doc?.applied.at(-1)).toBe('t:150');
    expect(await repos.incidents.wasApplied(key, 't:149')).toBe(true);
    expect((await repos.incidents.latest(key))?.lastApplied).toEqual({ transitionId: 't:150', action: 'update' });
  }, 60_000);
});
