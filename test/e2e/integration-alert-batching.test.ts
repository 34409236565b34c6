import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { shardOf } from '../../src/db/integration-events.js';
import { type IntegrationEvent, parseEventBatch } from '../../src/domain/detection/events.js';
import { EVENTS_SECRET, inboxCount, postsTo, until, useAlertApp } from '../support/alert-events.js';
import { type AppHarness, startAppHarness } from '../support/app-harness.js';

// A shard pass over many integrations at once (one read, one bulk compare-and-set, one mark for all of
// them), against the real app: the events are stored without queuing their job, so the pass sees them all
// together, as it does under load.
const CSM = 'U0CSMBATCH';
const app = useAlertApp({ csm: CSM, tz: 'UTC', env: { OUTAGE_MIN_CUSTOMERS: '100' } });
let second: AppHarness;
beforeAll(async () => {
  // A second app on the same database: another worker racing for the same shards.
  second = await startAppHarness({
    mongodbUri: app.db.uri,
    env: {
      ...app.google.env(),
      EMAIL_FROM: 'alerts@techhealth.example',
      TECHHEALTH_EVENTS_SECRET: EVENTS_SECRET,
      OUTAGE_MIN_CUSTOMERS: '100',
    },
  });
  second.slack.addUser({ id: CSM, tz: 'UTC' } as Parameters<AppHarness['slack']['addUser']>[0]);
});
afterAll(async () => {
  await second?.stop();
});

const integrations = () => app.db.conn.collection('integrations');
const alertDms = () =>
  [
    ...postsTo(app.h.slack.calls('chat.postMessage'), CSM),
    ...postsTo(second.slack.calls('chat.postMessage'), CSM),
  ].filter((c) => !/digest/i.test(String(c.body.text)));

/** Stores the events as intake does, without queuing their shard's job; returns them with their integration. */
async function storeWaiting(
  customers: { id: string; externalId: string }[],
  bodiesOf: (n: number, externalId: string) => unknown[],
) {
  const repos = app.h.app.db.repos;
  const stored: { customerId: string; integrationId: string; event: IntegrationEvent }[] = [];
  for (const [n, c] of customers.entries()) {
    const parsed = parseEventBatch({ events: bodiesOf(n, c.externalId) });
    if (!('ok' in parsed)) throw new Error(JSON.stringify(parsed.errors));
    const { id: integrationId } = await repos.integrations.upsertFromEvent(c.id, parsed.ok[0].integration);
    stored.push(...parsed.ok.map((event) => ({ customerId: c.id, integrationId, event })));
  }
  await repos.events.append(stored);
  return stored;
}

describe('a shard pass over many integrations at once', () => {
  it('when 60 integrations have events waiting and two workers pass over their shards at once, then every event is folded once and each failing integration gets one DM', async () => {
    const customers = await Promise.all(Array.from({ length: 60 }, () => app.events.newCustomer()));
    const { event } = app.events;
    const failing = new Set(customers.slice(0, 6).map((c) => c.externalId));
    const stored = await storeWaiting(customers, (n, externalId) =>
      n < 6
        ? [event(externalId, 'token_expired', { errorCode: 'invalid_grant', errorMessage: 'refresh token expired' })]
        : [
            event(externalId, 'sync_completed'),
            event(externalId, 'api_calls', { count: 100, failed: 1 }),
            event(externalId, 'sync_completed'),
          ],
    );
    const shards = [...new Set(stored.map((s) => shardOf(s.integrationId)))];
    await Promise.all(
      shards.flatMap((shard) => [
        app.h.app.services.detection.processShard(shard),
        second.app.services.detection.processShard(shard),
      ]),
    );

    expect(await inboxCount(app.db.conn)).toBe(0);
    const ids = [...new Set(stored.map((s) => s.integrationId))];
    expect(await app.db.conn.collection('integration_events').countDocuments({ processedAt: null })).toBe(0);
    const docs = await integrations()
      .find({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } })
      .toArray();
    expect(docs).toHaveLength(60);
    for (const doc of docs) {
      const mine = stored.filter((s) => s.integrationId === String(doc._id));
      const state = JSON.parse(String(doc.detector)) as { seenKeys: string[] };
      // Folded once each: every key seen once, and the failure counter counts each failure once.
      expect([...state.seenKeys].sort()).toEqual(mine.map((s) => s.event.idempotencyKey).sort());
      // One failure each: the expired token, or the one failed call among the healthy ones' events.
      expect(doc.failureCount).toBe(1);
      expect(doc.outboxCount).toBe(0);
    }
    const statusOf = new Map(docs.map((d) => [String(d._id), d.status]));
    for (const s of stored) {
      const externalId = customers.find((c) => c.id === s.customerId)?.externalId as string;
      expect([externalId, statusOf.get(s.integrationId) === 'healthy']).toEqual([externalId, !failing.has(externalId)]);
    }

    await until('one DM per failing integration', async () => alertDms().length >= failing.size);
    await new Promise((r) => setTimeout(r, 500));
    const dms = alertDms();
    expect(dms).toHaveLength(failing.size);
    for (const c of customers.slice(0, 6)) {
      expect(dms.filter((d) => String(d.body.text).includes(c.name))).toHaveLength(1);
    }
  }, 60_000);

  it('when an integration of the pass was deleted after its events arrived, then its events leave the inbox and the others are folded', async () => {
    const customers = await Promise.all(Array.from({ length: 3 }, () => app.events.newCustomer()));
    const stored = await storeWaiting(customers, (_n, externalId) => [app.events.event(externalId, 'sync_completed')]);
    const [gone, ...kept] = stored;
    await integrations().deleteOne({ _id: new Types.ObjectId(gone.integrationId) });
    for (const shard of new Set(stored.map((s) => shardOf(s.integrationId)))) {
      await app.h.app.services.detection.processShard(shard);
    }
    expect(await inboxCount(app.db.conn)).toBe(0);
    for (const s of kept) {
      const doc = await integrations().findOne({ _id: new Types.ObjectId(s.integrationId) });
      expect(JSON.parse(String(doc?.detector)).seenKeys).toEqual([s.event.idempotencyKey]);
    }
  }, 30_000);
});
