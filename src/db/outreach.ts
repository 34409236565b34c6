import { type Connection, Schema } from 'mongoose';
import { isDuplicateKey } from './counters.js';

/**
 * outreach: messages to a customer (fix-instruction emails), one per key (`fix-email:<signalId>`). The
 * status moves pending → sending → sent (or failed / awaiting_approval); `sending` is a lease so that two
 * workers never send the same message, and an expired lease (a crashed sender) may be taken over.
 */

export type OutreachStatus = 'awaiting_approval' | 'pending' | 'sending' | 'sent' | 'failed';

const outreachSchema = new Schema(
  {
    key: { type: String, required: true },
    kind: { type: String, required: true },
    signalId: { type: String, default: null },
    customerId: { type: String, required: true },
    to: { type: String, required: true },
    status: { type: String, required: true },
    attempts: { type: Number, default: 0 },
    /** Every send attempt ever leased, never reset by an approval (a retry looks earlier ones up). */
    totalAttempts: { type: Number, default: 0 },
    leaseUntil: { type: Date, default: null },
    lastError: { type: String, default: null },
    providerMessageId: { type: String, default: null },
    sentAt: { type: Date, default: null },
    approvedBy: { type: String, default: null },
  },
  { collection: 'outreach', timestamps: true },
);
outreachSchema.index({ key: 1 }, { unique: true });

export interface OutreachRecord {
  id: string;
  key: string;
  kind: string;
  signalId: string | null;
  customerId: string;
  to: string;
  status: OutreachStatus;
  attempts: number;
  totalAttempts: number;
  lastError: string | null;
  providerMessageId: string | null;
  sentAt: Date | null;
}

// biome-ignore lint/suspicious/noExplicitAny: lean documents are untyped here
const toRecord = (d: any): OutreachRecord => ({
  id: String(d._id),
  key: d.key,
  kind: d.kind,
  signalId: d.signalId ?? null,
  customerId: d.customerId,
  to: d.to,
  status: d.status,
  attempts: d.attempts ?? 0,
  totalAttempts: d.totalAttempts ?? d.attempts ?? 0,
  lastError: d.lastError ?? null,
  providerMessageId: d.providerMessageId ?? null,
  sentAt: d.sentAt ?? null,
});

export function createOutreachRepo(conn: Connection) {
  const Outreach = conn.models.Outreach ?? conn.model('Outreach', outreachSchema);
  return {
    /** Records the outreach for `key` once; later calls return the stored one unchanged. */
    async createOnce(o: {
      key: string;
      kind: string;
      signalId: string | null;
      customerId: string;
      to: string;
      status: 'pending' | 'awaiting_approval';
    }): Promise<{ record: OutreachRecord; created: boolean }> {
      try {
        const doc = await Outreach.create(o);
        return { record: toRecord(doc.toObject()), created: true };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        return { record: toRecord(await Outreach.findOne({ key: o.key }).lean()), created: false };
      }
    },
    async findByKey(key: string): Promise<OutreachRecord | null> {
      const doc = await Outreach.findOne({ key }).lean();
      return doc ? toRecord(doc) : null;
    },
    /** Approval (or a CSM's resend after a failure) makes the message sendable again. */
    async approve(key: string, by: string): Promise<OutreachRecord | null> {
      const doc = await Outreach.findOneAndUpdate(
        { key, status: { $in: ['awaiting_approval', 'failed'] } },
        { $set: { status: 'pending', approvedBy: by, attempts: 0, lastError: null } },
        { returnDocument: 'after', lean: true },
      );
      return doc ? toRecord(doc) : null;
    },
    /** Takes the send lease: true for one caller while the message is pending (or a lease expired). */
    async lease(key: string, now: Date, leaseMs: number): Promise<OutreachRecord | null> {
      const doc = await Outreach.findOneAndUpdate(
        {
          key,
          $or: [{ status: 'pending' }, { status: 'sending', leaseUntil: { $lt: now } }],
        },
        {
          $set: { status: 'sending', leaseUntil: new Date(now.getTime() + leaseMs) },
          $inc: { attempts: 1, totalAttempts: 1 },
        },
        { returnDocument: 'after', lean: true },
      );
      return doc ? toRecord(doc) : null;
    },
    async markSent(key: string, providerMessageId: string, at: Date): Promise<void> {
      await Outreach.updateOne(
        { key },
        { $set: { status: 'sent', providerMessageId, sentAt: at, leaseUntil: null, lastError: null } },
      );
    },
    /** A failed attempt: back to pending for a retry, or failed for good. */
    async markAttemptFailed(key: string, error: string, final: boolean): Promise<void> {
      await Outreach.updateOne(
        { key, status: 'sending' },
        { $set: { status: final ? 'failed' : 'pending', lastError: error, leaseUntil: null } },
      );
    },
  };
}
export type OutreachRepo = ReturnType<typeof createOutreachRepo>;
