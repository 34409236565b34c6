import { type Connection, Schema } from 'mongoose';
import type { IntegrationEvent } from '../domain/detection/events.js';
import { isDuplicateKey } from './counters.js';

/**
 * integration_events: every event the product backend sent, append-only. The unique idempotency key makes
 * a resent event a no-op; `processedAt` stays null until the detector has folded the event into its
 * integration's state, so a crash between receiving and processing loses nothing (the recovery sweep
 * finds what is still null).
 */

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
  return {
    model: Event,
    /**
     * Stores the events; one whose idempotency key is already stored is skipped (a resend, or a concurrent
     * duplicate: the unique index lets exactly one insert win). Returns how many were new.
     */
    async append(events: NewEvent[], receivedAt = new Date()): Promise<{ inserted: number; duplicates: number }> {
      if (events.length === 0) return { inserted: 0, duplicates: 0 };
      const docs = events.map((e) => ({
        idempotencyKey: e.event.idempotencyKey,
        customerId: e.customerId,
        integrationId: e.integrationId,
        type: e.event.type,
        occurredAt: new Date(e.event.occurredAt),
        receivedAt,
        event: JSON.stringify(e.event),
        processedAt: null,
      }));
      try {
        const res = await Event.insertMany(docs, { ordered: false, rawResult: true });
        return { inserted: res.insertedCount, duplicates: 0 };
      } catch (err) {
        const e = err as { writeErrors?: unknown[]; insertedDocs?: unknown[]; result?: { insertedCount?: number } };
        const writeErrors = (e.writeErrors ?? []) as { err?: unknown; code?: number; errmsg?: string }[];
        if (writeErrors.length === 0 || !writeErrors.every((w) => isDuplicateKey(w.err ?? w))) throw err;
        return { inserted: docs.length - writeErrors.length, duplicates: writeErrors.length };
      }
    },
    /** Unprocessed events of one integration, in the order they happened (then arrived). */
    async pending(integrationId: string, limit: number): Promise<StoredEvent[]> {
      const docs = await Event.find({ integrationId, processedAt: null })
        .sort({ occurredAt: 1, receivedAt: 1, _id: 1 })
        .limit(limit)
        .lean();
      return docs.map(toStored);
    },
    async markProcessed(ids: string[], at = new Date()): Promise<void> {
      if (ids.length > 0)
        await Event.updateMany({ _id: { $in: ids }, processedAt: null }, { $set: { processedAt: at } });
    },
    /** Integrations with events received before `olderThan` and still unprocessed (crash recovery). */
    async stalledIntegrations(olderThan: Date, limit = 500): Promise<string[]> {
      const docs = await Event.find({ processedAt: null, receivedAt: { $lt: olderThan } }, { integrationId: 1 })
        .sort({ receivedAt: 1 })
        .limit(limit * 20)
        .lean();
      return [...new Set(docs.map((d) => String(d.integrationId)))].slice(0, limit);
    },
    async recent(integrationId: string, limit: number): Promise<StoredEvent[]> {
      const docs = await Event.find({ integrationId }).sort({ occurredAt: -1, _id: -1 }).limit(limit).lean();
      return docs.map(toStored);
    },
  };
}
export type IntegrationEventRepo = ReturnType<typeof createIntegrationEventRepo>;
