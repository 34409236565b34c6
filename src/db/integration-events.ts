import { type Connection, Schema, Types } from 'mongoose';
import type { IntegrationEvent } from '../domain/detection/events.js';
import { isDuplicateKey } from './counters.js';

/**
 * integration_events: every event the product backend sent, append-only. The unique idempotency key makes
 * a resent event a no-op; `processedAt` stays null until the detector has folded the event into its
 * integration's state, so a crash between receiving and processing loses nothing (the recovery sweep
 * finds what is still null).
 *
 * integration_inbox_<shard>: a copy of each new event (same `_id`) until it has been folded in, so the
 * detector's hot queries read the small set of waiting events, not the growing log. Each integration
 * belongs to one of EVENT_SHARDS shards: one Agenda job per shard drains its integrations, so the job
 * queue stays a handful of documents however many integrations are busy. Each shard has a collection of
 * its own because FerretDB v1 with SQLite pushes no filter but a lone `_id` down to its storage and scans
 * the rest: a shard's pass reads its own waiting events, not every shard's. (The log's queries here are
 * by `_id`, or in the 30 s recovery sweep. Events left in the single `integration_inbox` of older
 * versions are put back by that sweep, which refills the inbox from the log.)
 */
export const EVENT_SHARDS = 8;
export const INBOX_COLLECTION = 'integration_inbox';
/**
 * Events one shard pass takes at most, read in one batch. A read answered in several batches keeps its
 * cursor open between them, and FerretDB holds one of its (100) SQLite connections per open cursor: under
 * load, cursors waiting for their next batch behind queued writes took every connection and stalled the
 * server with its CPUs idle.
 */
export const SHARD_PASS_MAX = 2000;

/** The shard of an integration id (an ObjectId's low bytes are a counter: spread evenly). */
export function shardOf(integrationId: string): number {
  return Number.parseInt(integrationId.slice(-4), 16) % EVENT_SHARDS || 0;
}

const eventSchema = new Schema(
  {
    idempotencyKey: { type: String, required: true },
    customerId: { type: String, required: true },
    integrationId: { type: String, required: true },
    type: { type: String, required: true },
    occurredAt: { type: Date, required: true },
    receivedAt: { type: Date, required: true },
    /** The validated event as received (stored as JSON text: FerretDB v1 has no nested arrays). */
    event: { type: String, required: true },
    processedAt: { type: Date, default: null },
  },
  { collection: 'integration_events', versionKey: false },
);
eventSchema.index({ idempotencyKey: 1 }, { unique: true });
eventSchema.index({ integrationId: 1, processedAt: 1, occurredAt: 1 });
eventSchema.index({ processedAt: 1, receivedAt: 1 });
eventSchema.index({ integrationId: 1, occurredAt: -1 });

const inboxSchema = new Schema(
  {
    integrationId: { type: String, required: true },
    shard: { type: Number, required: true },
    occurredAt: { type: Date, required: true },
    receivedAt: { type: Date, required: true },
    event: { type: String, required: true },
  },
  { versionKey: false },
);
inboxSchema.index({ integrationId: 1, occurredAt: 1 });

export interface StoredEvent {
  id: string;
  integrationId: string;
  receivedAt: Date;
  event: IntegrationEvent;
}

export interface NewEvent {
  customerId: string;
  integrationId: string;
  event: IntegrationEvent;
}

// biome-ignore lint/suspicious/noExplicitAny: lean documents are untyped here
const toStored = (d: any): StoredEvent => ({
  id: String(d._id),
  integrationId: d.integrationId,
  receivedAt: d.receivedAt,
  event: JSON.parse(d.event) as IntegrationEvent,
});

export function createIntegrationEventRepo(conn: Connection) {
  const Event = conn.models.IntegrationEvent ?? conn.model('IntegrationEvent', eventSchema);
  const inboxes = Array.from(
    { length: EVENT_SHARDS },
    (_, shard) =>
      conn.models[`IntegrationInbox${shard}`] ??
      conn.model(`IntegrationInbox${shard}`, inboxSchema, `${INBOX_COLLECTION}_${shard}`),
  );
  const inboxOf = (integrationId: string) => inboxes[shardOf(integrationId)];

  // biome-ignore lint/suspicious/noExplicitAny: log documents are untyped here
  const inboxEntry = (d: any) => ({
    _id: d._id,
    integrationId: d.integrationId,
    shard: shardOf(d.integrationId),
    occurredAt: d.occurredAt,
    receivedAt: d.receivedAt,
    event: d.event,
  });
  /** Inserts what is not there yet (a second copy of an entry is a duplicate key, and ignored). */
  // biome-ignore lint/suspicious/noExplicitAny: see above
  async function fillInbox(docs: any[]): Promise<void> {
    if (docs.length === 0) return;
    const byShard = new Map<number, ReturnType<typeof inboxEntry>[]>();
    for (const d of docs) {
      const entry = inboxEntry(d);
      byShard.set(entry.shard, [...(byShard.get(entry.shard) ?? []), entry]);
    }
    await Promise.all(
      [...byShard].map(async ([shard, entries]) => {
        try {
          await inboxes[shard].collection.insertMany(entries, { ordered: false });
        } catch (err) {
          const writeErrors = ((err as { writeErrors?: unknown[] }).writeErrors ?? []) as { err?: unknown }[];
          if (writeErrors.length === 0 || !writeErrors.every((w) => isDuplicateKey(w.err ?? w))) throw err;
        }
      }),
    );
  }

  return {
    /**
     * Stores the events; one whose idempotency key is already stored is skipped (a resend, or a concurrent
     * duplicate: the unique index lets exactly one insert win). Returns how many were new.
     */
    async append(events: NewEvent[], receivedAt = new Date()): Promise<{ inserted: number; duplicates: number }> {
      const inserted = (await this.appendEach(events, receivedAt)).filter(Boolean).length;
      return { inserted, duplicates: events.length - inserted };
    },
    /** `append`, saying for each event whether it was new (true) or a duplicate (false). */
    async appendEach(events: readonly NewEvent[], receivedAt = new Date()): Promise<boolean[]> {
      if (events.length === 0) return [];
      const docs = events.map((e) => ({
        _id: new Types.ObjectId(),
        idempotencyKey: e.event.idempotencyKey,
        customerId: e.customerId,
        integrationId: e.integrationId,
        type: e.event.type,
        occurredAt: new Date(e.event.occurredAt),
        receivedAt,
        event: JSON.stringify(e.event),
        processedAt: null,
      }));
      // Log first, then inbox: a resend is a duplicate in the log and never enters the inbox again. A crash
      // between the two leaves the event unprocessed in the log, where the recovery sweep finds it.
      let failed = new Set<number>();
      try {
        await Event.collection.insertMany(docs, { ordered: false });
      } catch (err) {
        const writeErrors = ((err as { writeErrors?: unknown[] }).writeErrors ?? []) as {
          err?: unknown;
          index?: number;
        }[];
        if (writeErrors.length === 0 || !writeErrors.every((w) => isDuplicateKey(w.err ?? w))) throw err;
        failed = new Set(writeErrors.map((w) => w.index ?? (w.err as { index?: number } | undefined)?.index ?? -1));
        if (failed.has(-1)) {
          // The driver did not say which ones: ask the log by _id.
          const stored = await Promise.all(docs.map((d) => Event.exists({ _id: d._id })));
          failed = new Set(stored.flatMap((x, i) => (x ? [] : [i])));
        }
      }
      await fillInbox(docs.filter((_, i) => !failed.has(i)));
      return docs.map((_, i) => !failed.has(i));
    },
    /** Unprocessed events of one integration, in the order they happened (then arrived). */
    /** Webhook deliveries since `since` (webhook_delivered / webhook_failed), for the webhook error rate. */
    async webhookOutcomesSince(since: Date): Promise<{ customerId: string; endpoint: string; failed: boolean }[]> {
      const docs = await Event.find(
        { type: { $in: ['webhook_delivered', 'webhook_failed'] }, occurredAt: { $gte: since } },
        { customerId: 1, type: 1, event: 1 },
      ).lean<{ customerId: string; type: string; event: string }[]>();
      return docs.map((d) => ({
        customerId: d.customerId,
        endpoint: (JSON.parse(d.event) as IntegrationEvent).endpoint ?? '(no endpoint)',
        failed: d.type === 'webhook_failed',
      }));
    },
    async pending(integrationId: string, limit: number): Promise<StoredEvent[]> {
      const docs = await inboxOf(integrationId)
        .find({ integrationId })
        .sort({ occurredAt: 1, receivedAt: 1, _id: 1 })
        .limit(limit)
        .lean();
      return docs.map(toStored);
    },
    /**
     * Every event waiting in a shard, by integration, each list in the order the events happened (then
     * arrived): one read of the shard's part of the inbox instead of one per integration.
     */
    async pendingInShard(shard: number, limit = SHARD_PASS_MAX): Promise<Map<string, StoredEvent[]>> {
      const docs = await inboxes[shard].find({}).limit(limit).batchSize(limit).lean();
      docs.sort(
        (a, b) =>
          a.occurredAt.getTime() - b.occurredAt.getTime() ||
          a.receivedAt.getTime() - b.receivedAt.getTime() ||
          String(a._id).localeCompare(String(b._id)),
      );
      const byIntegration = new Map<string, StoredEvent[]>();
      for (const d of docs) {
        const list = byIntegration.get(d.integrationId);
        if (list) list.push(toStored(d));
        else byIntegration.set(d.integrationId, [toStored(d)]);
      }
      return byIntegration;
    },
    async hasPending(shard: number): Promise<boolean> {
      return (await inboxes[shard].exists({})) !== null;
    },
    /**
     * Takes folded events out of the inbox and stamps them in the log: one bulk write per collection, each
     * of single-`_id` statements (see above), so a batch costs two round trips whatever its size.
     */
    markProcessed(integrationId: string, ids: string[], at = new Date()): Promise<void> {
      return this.markProcessedInShard(shardOf(integrationId), ids, at);
    },
    /** `markProcessed` for events of many integrations of one shard: still two round trips. */
    async markProcessedInShard(shard: number, ids: readonly string[], at = new Date()): Promise<void> {
      if (ids.length === 0) return;
      const _ids = ids.map((id) => new Types.ObjectId(id));
      await inboxes[shard].collection.bulkWrite(
        _ids.map((_id) => ({ deleteOne: { filter: { _id } } })),
        { ordered: false },
      );
      await Event.collection.bulkWrite(
        _ids.map((_id) => ({ updateOne: { filter: { _id }, update: { $set: { processedAt: at } } } })),
        { ordered: false },
      );
    },
    /**
     * Integrations with events received before `olderThan` and still unprocessed (crash recovery); puts
     * those events back in the inbox first, in case a crash came between the log and the inbox.
     */
    async stalledIntegrations(olderThan: Date, limit = 500): Promise<string[]> {
      const docs = await Event.find({ processedAt: null, receivedAt: { $lt: olderThan } })
        .sort({ receivedAt: 1 })
        .limit(limit * 20)
        .batchSize(limit * 20)
        .lean();
      // Only what is missing: re-inserting what waits already costs a refused insert per event.
      const shards = [...new Set(docs.map((d) => shardOf(String(d.integrationId))))];
      const waiting = new Set(
        (
          await Promise.all(shards.map((shard) => inboxes[shard].find({}, { _id: 1 }).batchSize(100_000).lean()))
        ).flatMap((list) => list.map((d) => String(d._id))),
      );
      await fillInbox(docs.filter((d) => !waiting.has(String(d._id))));
      return [...new Set(docs.map((d) => String(d.integrationId)))].slice(0, limit);
    },
    /** The integration's events that occurred at or after `since`, oldest first (at most `limit`). */
    async since(integrationId: string, since: Date, limit = 10_000): Promise<StoredEvent[]> {
      const docs = await Event.find({ integrationId, occurredAt: { $gte: since } })
        .sort({ occurredAt: 1 })
        .limit(limit)
        .lean();
      return docs.map(toStored);
    },
    async recent(integrationId: string, limit: number): Promise<StoredEvent[]> {
      const docs = await Event.find({ integrationId }).sort({ occurredAt: -1, _id: -1 }).limit(limit).lean();
      return docs.map(toStored);
    },
  };
}
export type IntegrationEventRepo = ReturnType<typeof createIntegrationEventRepo>;
