import { type Connection, Schema } from 'mongoose';
import { isDuplicateKey } from './counters.js';

export type RiskSignalStatus = 'open' | 'acknowledged' | 'snoozed' | 'resolved';

const signalSchema = new Schema(
  {
    /** e.g. `integration_rate_limited`, `integration_disconnected`. */
    type: { type: String, required: true },
    customerId: { type: String, required: true },
    integration: { type: String, required: true },
    kind: { type: String, required: true },
    severity: { type: String, required: true },
    title: { type: String, default: '' },
    /** `<customerId>:<integration>:<kind>`: what makes two observations the same problem. */
    dedupKey: { type: String, required: true },
    /**
     * Equal to dedupKey while the signal is not resolved, `<dedupKey>#resolved#<_id>` after: a plain unique
     * index on it allows one unresolved signal per dedup key and any number of resolved ones (FerretDB v1
     * has no partial indexes).
     */
    openKey: { type: String, required: true },
    occurrences: { type: Number, default: 1 },
    firstSeen: { type: Date, required: true },
    lastSeen: { type: Date, required: true },
    status: { type: String, default: 'open' },
    /** Reports already counted into `occurrences` (newest last, capped): re-applying a report is a no-op. */
    reportIds: { type: [String], default: [] },
    slackMessage: { type: { _id: false, channel: String, ts: String }, default: null },
    resolvedAt: { type: Date, default: null },
    /** Integration-disconnect incidents (type integration_disconnected) also carry the fields below; see incidents.ts. */
    incident: { type: Schema.Types.Mixed, default: null },
    integrationId: { type: String, default: null },
    integrationType: { type: String, default: null },
    csmUserId: { type: String, default: null },
    /** Epoch ms the incident opened (or reopened); drives outage folding and the task due time. */
    openedAt: { type: Date, default: null },
    /** Set while the alert waits for a maintenance window to end. */
    deferredUntil: { type: Date, default: null },
    /** Transition ids (`<integrationId>:<rev>:<n>`) already applied, newest last: re-applying is a no-op. */
    applied: { type: [String], default: [] },
  },
  { collection: 'risk_signals', timestamps: true },
);
signalSchema.index({ openKey: 1 }, { unique: true });
signalSchema.index({ customerId: 1, status: 1 });
signalSchema.index({ dedupKey: 1, createdAt: -1 });
signalSchema.index({ integrationId: 1, status: 1 });
signalSchema.index({ type: 1, integrationType: 1, openedAt: -1 });
signalSchema.index({ csmUserId: 1, status: 1 });
signalSchema.index({ deferredUntil: 1 });

/** The risk_signals model on a connection (report issues and integration incidents share the collection). */
export function riskSignalModel(conn: Connection) {
  return conn.models.RiskSignal ?? conn.model('RiskSignal', signalSchema);
}

/** How many report ids a signal remembers for idempotency. */
const REPORT_IDS_KEPT = 50;

export interface RiskSignalRecord {
  id: string;
  type: string;
  customerId: string;
  integration: string;
  kind: string;
  severity: string;
  title: string;
  dedupKey: string;
  openKey: string;
  occurrences: number;
  firstSeen: Date;
  lastSeen: Date;
  status: RiskSignalStatus;
  slackMessage: { channel: string; ts: string } | null;
}

export interface Observation
  extends Pick<
    RiskSignalRecord,
    'type' | 'customerId' | 'integration' | 'kind' | 'severity' | 'title' | 'slackMessage'
  > {
  /** Where the observation comes from; the same source observed twice counts once. */
  sourceId: string;
  seenAt: Date;
}

export const dedupKeyOf = (o: { customerId: string; integration: string; kind: string }) =>
  `${o.customerId}:${o.integration.trim().toLowerCase()}:${o.kind}`;

// biome-ignore lint/suspicious/noExplicitAny: lean documents are untyped here
const toRecord = (d: any): RiskSignalRecord => ({
  id: String(d._id),
  type: d.type,
  customerId: d.customerId,
  integration: d.integration,
  kind: d.kind,
  severity: d.severity,
  title: d.title,
  dedupKey: d.dedupKey,
  openKey: d.openKey,
  occurrences: d.occurrences,
  firstSeen: d.firstSeen,
  lastSeen: d.lastSeen,
  status: d.status,
  slackMessage: d.slackMessage ?? null,
});

export function createRiskSignalRepo(conn: Connection) {
  const Signal = riskSignalModel(conn);

  /** Counts `o` into the unresolved signal for its key unless that signal already counted `o.sourceId`. */
  const bump = async (o: Observation, key: string) => {
    const doc = await Signal.findOneAndUpdate(
      { openKey: key, reportIds: { $ne: o.sourceId } },
      {
        $inc: { occurrences: 1 },
        $max: { lastSeen: o.seenAt },
        $set: { severity: o.severity, title: o.title, ...(o.slackMessage ? { slackMessage: o.slackMessage } : {}) },
        $push: { reportIds: { $each: [o.sourceId], $slice: -REPORT_IDS_KEPT } },
      },
      { returnDocument: 'after', lean: true },
    );
    return doc ? toRecord(doc) : null;
  };

  return {
    /**
     * Creates the unresolved signal for the observation's dedup key, or counts the observation into the
     * existing one (occurrences + 1, lastSeen, current severity). Observing the same source twice changes
     * nothing. Safe under concurrency: the unique openKey index lets one insert win; the others update.
     */
    async observe(o: Observation): Promise<{ signal: RiskSignalRecord; outcome: 'created' | 'updated' | 'unchanged' }> {
      const key = dedupKeyOf(o);
      for (let attempt = 0; attempt < 5; attempt++) {
        const updated = await bump(o, key);
        if (updated) return { signal: updated, outcome: 'updated' };
        const counted = await Signal.findOne({ openKey: key, reportIds: o.sourceId }).lean();
        if (counted) return { signal: toRecord(counted), outcome: 'unchanged' };
        // Created by someone else since our update looked: count into it on the next round.
        if (await Signal.exists({ openKey: key })) continue;
        try {
          const doc = await Signal.create({
            type: o.type,
            customerId: o.customerId,
            integration: o.integration,
            kind: o.kind,
            severity: o.severity,
            title: o.title,
            dedupKey: key,
            openKey: key,
            occurrences: 1,
            firstSeen: o.seenAt,
            lastSeen: o.seenAt,
            status: 'open',
            reportIds: [o.sourceId],
            slackMessage: o.slackMessage,
          });
          return { signal: toRecord(doc.toObject()), outcome: 'created' };
        } catch (err) {
          // Someone else created it between our read and insert: count into theirs.
          if (!isDuplicateKey(err)) throw err;
        }
      }
      throw new Error(`risk signal ${key} kept changing under concurrent updates`);
    },
    async setStatus(id: string, status: Exclude<RiskSignalStatus, 'resolved'>): Promise<void> {
      await Signal.updateOne({ _id: id, status: { $ne: 'resolved' } }, { $set: { status } });
    },
    /** Resolves the signal; its openKey becomes unique to it, so the next observation opens a new one. */
    async resolve(id: string, at = new Date()): Promise<void> {
      const doc = await Signal.findById(id).lean();
      if (!doc || doc.status === 'resolved') return;
      await Signal.updateOne(
        { _id: id },
        { $set: { status: 'resolved', resolvedAt: at, openKey: `${doc.dedupKey}#resolved#${String(doc._id)}` } },
      );
    },
    async listOpen(customerId: string): Promise<RiskSignalRecord[]> {
      return (
        await Signal.find({ customerId, status: { $ne: 'resolved' } })
          .sort({ lastSeen: -1 })
          .lean()
      ).map(toRecord);
    },
    async findByDedupKey(dedupKey: string): Promise<RiskSignalRecord[]> {
      return (await Signal.find({ dedupKey }).sort({ createdAt: 1 }).lean()).map(toRecord);
    },
  };
}
export type RiskSignalRepo = ReturnType<typeof createRiskSignalRepo>;
