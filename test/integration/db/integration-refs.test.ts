import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { createRepos, ensureIndexes, type Repos } from '../../../src/db/index.js';
import { createTestDb, type TestDb } from '../../support/test-db.js';

// How an event finds "its" integration (integration_refs, _id-only reads and writes) on a real server.
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

const newCustomerId = () => new Types.ObjectId().toHexString();
const integrationsOf = (customerId: string) =>
  db.conn
    .collection('integrations')
    .find({ customerId: new Types.ObjectId(customerId) })
    .toArray();

describe('integrations named by events', () => {
  it('when ten first events for a new integration arrive at once, then one integration exists and all name it', async () => {
    const customerId = newCustomerId();
    const ids = await Promise.all(
      Array.from({ length: 10 }, () =>
        repos.integrations.upsertFromEvent(customerId, { id: 'sf-1', type: 'salesforce', name: 'Salesforce' }),
      ),
    );
    expect(new Set(ids.map((i) => i.id)).size).toBe(1);
    const docs = await integrationsOf(customerId);
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ source: 'event', externalId: 'sf-1', nameKey: 'salesforce' });
  });

  it('when an upload already created the integration by name, then the event adopts it and records its id', async () => {
    const customerId = newCustomerId();
    await repos.integrations.upsertFromReport(customerId, {
      name: 'HubSpot',
      type: 'hubspot',
      category: 'marketing',
      critical: false,
      status: 'healthy',
      lastScore: 90,
      failureCount: 0,
      lastSuccessfulSync: null,
      lastFailureAt: null,
    });
    const first = await repos.integrations.upsertFromEvent(customerId, {
      id: 'hs-9',
      type: 'hubspot',
      name: 'hubspot',
    });
    // Later events may name only the id, under another display name: still the same integration.
    const later = await repos.integrations.upsertFromEvent(customerId, {
      id: 'hs-9',
      type: 'hubspot',
      name: 'HubSpot EU',
    });
    expect(later.id).toBe(first.id);
    const docs = await integrationsOf(customerId);
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ source: 'upload', externalId: 'hs-9', lastScore: 90 });
  });

  it('when integrations were saved with an id before integration_refs existed, then start-up back-fills their refs', async () => {
    const customerId = newCustomerId();
    // Written as an older version stored it: straight into the collection, with no ref beside it.
    const legacy = { _id: new Types.ObjectId() };
    await db.conn.collection('integrations').insertOne({
      ...legacy,
      customerId: new Types.ObjectId(customerId),
      name: 'Zendesk',
      nameKey: 'zendesk',
      type: 'zendesk',
      category: 'support',
      source: 'event',
      externalId: 'zd-legacy',
    });
    await db.conn.collection('integration_refs').deleteMany({});
    await ensureIndexes(db.conn);
    expect(
      await db.conn.collection('integration_refs').findOne({ _id: `${customerId}|ext:zd-legacy` } as never),
    ).toMatchObject({
      integrationId: legacy._id,
    });
    const found = await repos.integrations.upsertFromEvent(customerId, {
      id: 'zd-legacy',
      type: 'zendesk',
      name: 'Support desk',
    });
    expect(found.id).toBe(String(legacy._id));
    expect(await integrationsOf(customerId)).toHaveLength(1);
  });
});
