import { createHash } from 'node:crypto';
import { type Connection, isValidObjectId, Schema, Types } from 'mongoose';
import type { DetectorState } from '../domain/detection/state.js';
import type { Transition } from '../domain/detection/types.js';
import { type IntegrationType, integrationTypeInfo, isIntegrationType } from '../domain/records.js';
import { isDuplicateKey } from './counters.js';
import { nameKey } from './customers.js';

export const INTEGRATION_STATUSES = ['healthy', 'degraded', 'disconnected', 'unknown'] as const;
export type IntegrationStatus = (typeof INTEGRATION_STATUSES)[number];

const integrationSchema = new Schema(
  {
    customerId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    nameKey: { type: String, required: true },
    type: { type: String, required: true },
    category: { type: String, required: true },
    critical: { type: Boolean, default: false },
    status: { type: String, enum: INTEGRATION_STATUSES, default: 'unknown' },
    /** How we learned about it: 'upload', 'event', 'import'. */
    source: { type: String, default: 'upload' },
    connectedAt: { type: Date, default: null },
    lastSuccessfulSync: { type: Date, default: null },
    lastFailureAt: { type: Date, default: null },
    failureCount: { type: Number, default: 0 },
    direction: { type: String, default: null },
    configuration: { type: Schema.Types.Mixed, default: {} },
    lastScore: { type: Number, default: null },
    /** The sender's own id for the integration (events name it), and its type spelling when not in our catalogue. */
    externalId: { type: String, default: null },
    declaredType: { type: String, default: null },
    /** When the status last changed (detector). */
    statusSince: { type: Date, default: null },
    /**
     * Disconnect detection (issue 4): the detector state as JSON text (FerretDB v1 stores no nested arrays),
     * a revision for compare-and-set (two workers never both commit a step), and an outbox of transitions
     * committed with the state but not yet applied to risk signals (applied idempotently, then pulled).
     */
    detector: { type: String, default: null },
    detectorRev: { type: Number, default: 0 },
    /** Which batched commit wrote the current revision (commitDetectorMany tells its winners by it). */
    detectorCommit: { type: String, default: null },
    outbox: { type: [{ _id: false, id: String, transition: String, errorMessage: String }], default: [] },
    outboxCount: { type: Number, default: 0 },
  },
  { collection: 'integrations', timestamps: true },
);
integrationSchema.index({ customerId: 1, nameKey: 1 }, { unique: true });
integrationSchema.index({ outboxCount: 1 });
integrationSchema.index({ type: 1, detectorRev: 1 });

/** integration_refs: `<customerId>|ext:<sender's id>` or `<customerId>|name:<name key>` → integration `_id`. */
const refSchema = new Schema(
  { _id: { type: String, required: true }, integrationId: { type: Schema.Types.ObjectId, required: true } },
  { collection: 'integration_refs', versionKey: false },
);

export interface IntegrationUpsert {
  name: string;
  type: string;
  category: string;
  critical: boolean;
  status: IntegrationStatus;
  lastScore: number;
  lastSuccessfulSync: Date | null;
  lastFailureAt: Date | null;
  failureCount: number;
}

/** An integration as the detection pipeline sees it. */
export interface MonitoredIntegration {
  id: string;
  customerId: string;
  name: string;
  type: IntegrationType;
  declaredType: string | null;
  externalId: string | null;
  critical: boolean | null;
  status: IntegrationStatus;
  statusSince: Date | null;
  connectedAt: Date | null;
  lastSuccessfulSync: Date | null;
  lastFailureAt: Date | null;
  detector: DetectorState | null;
  detectorRev: number;
  outbox: OutboxItem[];
}

/** An integration as lists show it (the dashboard, REST): no detector state. */
export interface IntegrationSummary {
  id: string;
  customerId: string;
  name: string;
  /** Our type; `declaredType` is the sender's spelling when it is not one we know (then `type` is custom_api). */
  type: IntegrationType;
  declaredType: string | null;
  category: string;
  status: IntegrationStatus;
  source: string;
  connectedAt: Date | null;
  createdAt: Date | null;
}

// biome-ignore lint/suspicious/noExplicitAny: lean documents are untyped here
const toSummary = (d: any): IntegrationSummary => ({
  id: String(d._id),
  customerId: String(d.customerId),
  name: d.name,
  type: isIntegrationType(d.type) ? d.type : 'custom_api',
  declaredType: d.declaredType ?? null,
  category: d.category,
  status: d.status ?? 'unknown',
  source: d.source ?? 'upload',
  connectedAt: d.connectedAt ?? null,
  createdAt: d.createdAt ?? null,
});

/** A detector transition committed with the state it came from; `id` is `<integrationId>:<rev>:<n>`. */
export interface OutboxItem {
  id: string;
  transition: Transition;
  /** The message of the event that caused the transition (transitions carry only the code). */
  errorMessage: string | null;
}

export interface DetectorCommit {
  state: DetectorState;
  outbox: OutboxItem[];
  status: IntegrationStatus;
  statusSince: Date;
  lastSuccessfulSync: Date | null;
  lastFailureAt: Date | null;
  connectedAt: Date | null;
  failures: number;
}

// biome-ignore lint/suspicious/noExplicitAny: lean documents are untyped here
const toMonitored = (d: any): MonitoredIntegration => ({
  id: String(d._id),
  customerId: String(d.customerId),
  name: d.name,
  type: isIntegrationType(d.type) ? d.type : 'custom_api',
  declaredType: d.declaredType ?? null,
  externalId: d.externalId ?? null,
  critical: d.critical ?? null,
  status: d.status,
  statusSince: d.statusSince ?? null,
  connectedAt: d.connectedAt ?? null,
  lastSuccessfulSync: d.lastSuccessfulSync ?? null,
  lastFailureAt: d.lastFailureAt ?? null,
  detector: d.detector ? (JSON.parse(d.detector) as DetectorState) : null,
  detectorRev: d.detectorRev ?? 0,
  outbox: ((d.outbox ?? []) as { id: string; transition: string; errorMessage?: string | null }[]).map((o) => ({
    id: o.id,
    transition: JSON.parse(o.transition) as Transition,
    errorMessage: o.errorMessage ?? null,
  })),
});

/**
 * Ids per `$in` read, answered in one batch (the test server narrows such a read by its `_id` index up to
 * 500 ids; see SHARD_PASS_MAX in integration-events.ts for why one batch).
 */
const ID_CHUNK = 500;

/** The update of one detector step; `token` marks the commit as this pass's (see commitDetectorMany). */
function commitUpdate(c: DetectorCommit, token: string | null) {
  return {
    $set: {
      detector: JSON.stringify(c.state),
      status: c.status,
      statusSince: c.statusSince,
      ...(c.lastSuccessfulSync ? { lastSuccessfulSync: c.lastSuccessfulSync } : {}),
      ...(c.lastFailureAt ? { lastFailureAt: c.lastFailureAt } : {}),
      ...(c.connectedAt ? { connectedAt: c.connectedAt } : {}),
      ...(token ? { detectorCommit: token } : {}),
    },
    $inc: { detectorRev: 1, outboxCount: c.outbox.length, failureCount: c.failures },
    ...(c.outbox.length > 0
      ? {
          $push: {
            outbox: {
              $each: c.outbox.map((o) => ({
                id: o.id,
                transition: JSON.stringify(o.transition),
                errorMessage: o.errorMessage,
              })),
            },
          },
        }
      : {}),
  };
}

/** The `_id` of an event-created integration: the same for every process that creates it first. */
function derivedId(customerId: string, key: string): Types.ObjectId {
  return new Types.ObjectId(createHash('sha256').update(`${customerId}|${key}`).digest('hex').slice(0, 24));
}

export function createIntegrationRepo(conn: Connection) {
  const Integration = conn.models.Integration ?? conn.model('Integration', integrationSchema);
  const Ref = conn.models.IntegrationRef ?? conn.model('IntegrationRef', refSchema);
  /** Concurrent upserts of one new `_id`: MongoDB retries the loser itself, FerretDB v1 says duplicate key. */
  const saveRef = async (_id: string, integrationId: unknown) => {
    try {
      await Ref.updateOne({ _id }, { $set: { integrationId } }, { upsert: true });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      await Ref.updateOne({ _id }, { $set: { integrationId } });
    }
  };
  const saveRefs = (refIds: string[], integrationId: unknown) =>
    Promise.all(refIds.map((id) => saveRef(id, integrationId)));
  return {
    /** Creates or updates the customer's integration of that name (case-insensitive). */
    async upsertFromReport(customerId: string, i: IntegrationUpsert): Promise<void> {
      const key = nameKey(i.name);
      const update = {
        $set: {
          type: i.type,
          category: i.category,
          critical: i.critical,
          status: i.status,
          lastScore: i.lastScore,
          failureCount: i.failureCount,
          ...(i.lastSuccessfulSync ? { lastSuccessfulSync: i.lastSuccessfulSync } : {}),
          ...(i.lastFailureAt ? { lastFailureAt: i.lastFailureAt } : {}),
        },
        $setOnInsert: { customerId, name: i.name, nameKey: key, source: 'upload' },
      };
      try {
        await Integration.updateOne({ customerId, nameKey: key }, update, { upsert: true });
      } catch (err) {
        // Two concurrent upserts of a new integration: the loser retries as a plain update.
        if ((err as { code?: number }).code !== 11000) throw err;
        await Integration.updateOne({ customerId, nameKey: key }, { $set: update.$set });
      }
    },
    /**
     * An integration listed in a customer import: type (ours, and the sender's spelling when it is not one
     * we know) and criticality are set, the rest kept. Returns its id.
     */
    async upsertImported(
      customerId: string,
      i: { type: string; declaredType?: string; category: string; name: string; critical: boolean },
    ): Promise<string> {
      const key = nameKey(i.name);
      const doc = await Integration.findOneAndUpdate(
        { customerId, nameKey: key },
        {
          $set: { type: i.type, declaredType: i.declaredType ?? null, category: i.category, critical: i.critical },
          $setOnInsert: { customerId, name: i.name, nameKey: key, source: 'import', status: 'unknown' },
        },
        { upsert: true, returnDocument: 'after', lean: true },
      );
      return String(doc?._id);
    },
    /** Disconnected integrations with when they went down (the environment monitor's down check). */
    async disconnected(
      limit = 10_000,
    ): Promise<{ id: string; customerId: string; name: string; since: Date | null }[]> {
      const docs = await Integration.find(
        { status: 'disconnected' },
        { customerId: 1, name: 1, statusSince: 1, lastFailureAt: 1 },
      )
        .limit(limit)
        .lean<
          { _id: unknown; customerId: unknown; name: string; statusSince?: Date | null; lastFailureAt?: Date | null }[]
        >();
      return docs.map((d) => ({
        id: String(d._id),
        customerId: String(d.customerId),
        name: d.name,
        since: d.statusSince ?? d.lastFailureAt ?? null,
      }));
    },
    async listForCustomer(customerId: string) {
      return Integration.find({ customerId }).sort({ nameKey: 1 }).lean();
    },
    /** The integrations of these customers, by customer then name. */
    async summariesFor(customerIds: readonly string[]): Promise<IntegrationSummary[]> {
      const ids = customerIds.filter((id) => isValidObjectId(id));
      if (ids.length === 0) return [];
      const docs = await Integration.find({ customerId: { $in: ids } }, { detector: 0, outbox: 0 })
        .sort({ customerId: 1, nameKey: 1 })
        .lean();
      return docs.map(toSummary);
    },
    async summaryOf(id: string): Promise<IntegrationSummary | null> {
      if (!isValidObjectId(id)) return null;
      const doc = await Integration.findById(id, { detector: 0, outbox: 0 }).lean();
      return doc ? toSummary(doc) : null;
    },
    /** The customer's integration of that name (case-insensitive), or null. */
    async findByName(customerId: string, name: string): Promise<IntegrationSummary | null> {
      const known = await Ref.findById(`${customerId}|name:${nameKey(name)}`).lean();
      const doc = known
        ? await Integration.findById(known.integrationId, { detector: 0, outbox: 0 }).lean()
        : await Integration.findOne({ customerId, nameKey: nameKey(name) }, { detector: 0, outbox: 0 }).lean();
      return doc ? toSummary(doc) : null;
    },
    /**
     * The customer's integration an event names: by the sender's id, else by name (case-insensitive), else
     * by type; created when missing (source 'event'). Concurrent first events end with one document.
     *
     * Every step is an `_id` read or write (FerretDB v1 pushes nothing else down, and a filtered
     * findAndModify scans the collection holding its write lock): integration_refs maps
     * `<customerId>|ext:<id>` and `<customerId>|name:<key>` to the integration, and a new integration's
     * `_id` is derived from its customer and name, so racing first events upsert the same document. The
     * collection is searched by name only when a same-name integration exists without a ref (one from an
     * upload): the unique (customerId, nameKey) index rejects the derived insert and says so.
     */
    async upsertFromEvent(
      customerId: string,
      ref: { id?: string; type: IntegrationType; declaredType?: string; name?: string },
      source: 'event' | 'manual' = 'event',
    ): Promise<MonitoredIntegration> {
      const name = ref.name?.trim() || ref.declaredType || integrationTypeInfo(ref.type).displayName;
      const key = nameKey(name);
      const refIds = [...(ref.id ? [`${customerId}|ext:${ref.id}`] : []), `${customerId}|name:${key}`];
      for (const refId of refIds) {
        const known = await Ref.findById(refId).lean();
        const doc = known ? await Integration.findById(known.integrationId).lean() : null;
        if (!doc) continue;
        if (!ref.id || doc.externalId === ref.id) return toMonitored(doc);
        // Known by name, and the sender names its id for the first time (or a new one).
        const updated = await Integration.findByIdAndUpdate(
          doc._id,
          { $set: { externalId: ref.id } },
          { returnDocument: 'after', lean: true },
        );
        if (updated) {
          await saveRefs(refIds, updated._id);
          return toMonitored(updated);
        }
      }
      const info = integrationTypeInfo(ref.type);
      const update = {
        $setOnInsert: {
          customerId,
          name,
          nameKey: key,
          type: ref.type,
          category: info.category,
          critical: null,
          status: 'unknown',
          source,
          declaredType: ref.declaredType ?? null,
        },
        ...(ref.id ? { $set: { externalId: ref.id } } : {}),
      };
      const options = { upsert: true, returnDocument: 'after' as const, lean: true };
      let doc: unknown;
      try {
        doc = await Integration.findOneAndUpdate({ _id: derivedId(customerId, key) }, update, options);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        doc = await Integration.findOneAndUpdate({ customerId, nameKey: key }, update, options);
      }
      const created = toMonitored(doc);
      await saveRefs(refIds, created.id);
      return created;
    },
    /**
     * Start-up: when integration_refs is still empty, writes the sender's-id refs of integrations saved
     * before it existed, so their events keep finding them. Returns how many refs were written.
     */
    async backfillRefs(): Promise<number> {
      if ((await Ref.estimatedDocumentCount()) > 0) return 0;
      const docs = await Integration.find({ externalId: { $type: 'string' } }, { customerId: 1, externalId: 1 }).lean();
      if (docs.length === 0) return 0;
      const res = await Ref.bulkWrite(
        docs.map((d) => ({
          updateOne: {
            filter: { _id: `${d.customerId}|ext:${d.externalId}` },
            update: { $setOnInsert: { integrationId: d._id } },
            upsert: true,
          },
        })),
        { ordered: false },
      );
      return res.upsertedCount;
    },
    async findMonitored(id: string): Promise<MonitoredIntegration | null> {
      if (!isValidObjectId(id)) return null;
      const doc = await Integration.findById(id).lean();
      return doc ? toMonitored(doc) : null;
    },
    /**
     * Compare-and-set of one detector step: writes the new state, status and outbox only if nobody else
     * committed since `rev` was read. False means "re-read and redo" (another worker got there first).
     */
    async commitDetector(id: string, rev: number, c: DetectorCommit): Promise<boolean> {
      const res = await Integration.updateOne({ _id: id, detectorRev: rev }, commitUpdate(c, null));
      return res.modifiedCount === 1;
    },
    /** Many integrations at once, each by id as `findMonitored` reads it; missing ones are left out. */
    async findMonitoredMany(ids: readonly string[]): Promise<Map<string, MonitoredIntegration>> {
      const valid = ids.filter((id) => isValidObjectId(id));
      const found = new Map<string, MonitoredIntegration>();
      for (let i = 0; i < valid.length; i += ID_CHUNK) {
        const docs = await Integration.find({ _id: { $in: valid.slice(i, i + ID_CHUNK) } })
          .batchSize(ID_CHUNK)
          .lean();
        for (const d of docs) found.set(String(d._id), toMonitored(d));
      }
      return found;
    },
    /**
     * `commitDetector` for many integrations in one round trip; returns the ids whose compare-and-set held.
     * A bulk write counts what it changed but not which, so each commit also writes a token of its own: when
     * fewer changed than were sent (another worker got to some first), the tokens read back say which won.
     */
    async commitDetectorMany(
      commits: readonly { id: string; rev: number; commit: DetectorCommit }[],
    ): Promise<Set<string>> {
      if (commits.length === 0) return new Set();
      const pass = new Types.ObjectId().toHexString();
      const token = (id: string) => `${pass}:${id}`;
      const res = await Integration.bulkWrite(
        commits.map((c) => ({
          updateOne: { filter: { _id: c.id, detectorRev: c.rev }, update: commitUpdate(c.commit, token(c.id)) },
        })),
        { ordered: false },
      );
      const ids = commits.map((c) => c.id);
      if (res.modifiedCount === commits.length) return new Set(ids);
      const won = new Set<string>();
      for (let i = 0; i < ids.length; i += ID_CHUNK) {
        const docs = await Integration.find({ _id: { $in: ids.slice(i, i + ID_CHUNK) } }, { detectorCommit: 1 })
          .batchSize(ID_CHUNK)
          .lean();
        for (const d of docs) if (d.detectorCommit === token(String(d._id))) won.add(String(d._id));
      }
      return won;
    },
    /**
     * Removes applied transitions from the outbox (those another worker already removed are skipped). The
     * rest of the outbox is written back under compare-and-set on the revision: `$pull` with a condition
     * on an array of documents removes nothing on FerretDB v1, and a rewrite works on both servers.
     */
    async pullOutbox(id: string, itemIds: readonly string[]): Promise<void> {
      const drop = new Set(itemIds);
      for (let attempt = 0; attempt < 10; attempt++) {
        const doc = await Integration.findById(id, { outbox: 1, detectorRev: 1 }).lean();
        const outbox = (doc?.outbox ?? []) as { id: string }[];
        const rest = outbox.filter((o) => !drop.has(o.id));
        if (!doc || rest.length === outbox.length) return;
        const res = await Integration.updateOne(
          { _id: id, detectorRev: doc.detectorRev },
          { $set: { outbox: rest, outboxCount: rest.length } },
        );
        if (res.modifiedCount === 1) return;
      }
      throw new Error(`integration ${id}: outbox kept changing under concurrent workers`);
    },
    /** Integrations whose outbox still holds transitions (a worker died between commit and apply). */
    async withOutbox(limit = 200): Promise<string[]> {
      const docs = await Integration.find({ outboxCount: { $gt: 0 } }, { _id: 1 })
        .limit(limit)
        .lean();
      return docs.map((d) => String(d._id));
    },
    /** Ids of every integration, oldest first (for the check-up coverage sweep). */
    async allSummaries(limit = 5000): Promise<IntegrationSummary[]> {
      const docs = await Integration.find({}, { detector: 0, outbox: 0 }).sort({ _id: 1 }).limit(limit).lean();
      return docs.map(toSummary);
    },
    async allIds(limit = 5000): Promise<string[]> {
      const docs = await Integration.find({}, { _id: 1 }).sort({ _id: 1 }).limit(limit).lean();
      return docs.map((d) => String(d._id));
    },
    /** Ids of integrations of these types that the detector watches (for the silent-failure sweep). */
    async monitoredOfTypes(types: readonly string[]): Promise<string[]> {
      const docs = await Integration.find({ type: { $in: types }, detectorRev: { $gt: 0 } }, { _id: 1 }).lean();
      return docs.map((d) => String(d._id));
    },
  };
}
export type IntegrationRepo = ReturnType<typeof createIntegrationRepo>;
