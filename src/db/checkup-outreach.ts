import { type Connection, Schema } from 'mongoose';
import type { OutreachKind } from '../domain/onboarding/types.js';
import { isDuplicateKey } from './counters.js';

/**
 * checkup_outreach: the customer emails the check-ups call for, at most one per integration and kind
 * (`_id` = `<integrationId>:<kind>`, so a second draft of the same kind finds the first). The status moves
 * awaiting_approval → pending (approved, or auto-send) → sent, or skipped / failed; the text is stored as
 * drafted (and as the CSM edited it), so what is sent is what was shown.
 */
export type CheckupOutreachStatus = 'awaiting_approval' | 'pending' | 'sent' | 'skipped' | 'failed';

const schema = new Schema(
  {
    _id: { type: String, required: true },
    integrationId: { type: String, required: true },
    customerId: { type: String, required: true },
    kind: { type: String, required: true },
    status: { type: String, required: true },
    to: { type: String, default: null },
    subject: { type: String, required: true },
    text: { type: String, required: true },
    html: { type: String, required: true },
    reason: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    preview: { channel: { type: String, default: null }, ts: { type: String, default: null } },
    attempts: { type: Number, default: 0 },
    lastError: { type: String, default: null },
    providerMessageId: { type: String, default: null },
    sentAt: { type: Date, default: null },
    decidedBy: { type: String, default: null },
  },
  { collection: 'checkup_outreach', versionKey: false, minimize: false },
);
schema.index({ integrationId: 1 });

export interface CheckupOutreachRecord {
  id: string;
  integrationId: string;
  customerId: string;
  kind: OutreachKind;
  status: CheckupOutreachStatus;
  to: string | null;
  subject: string;
  text: string;
  html: string;
  reason: string;
  /** Epoch ms. */
  createdAt: number;
  updatedAt: number;
  preview: { channel: string; ts: string } | null;
  attempts: number;
  lastError: string | null;
  providerMessageId: string | null;
  sentAt: number | null;
  decidedBy: string | null;
}

export type NewCheckupOutreach = Pick<
  CheckupOutreachRecord,
  'integrationId' | 'customerId' | 'kind' | 'status' | 'to' | 'subject' | 'text' | 'html' | 'reason'
>;

const checkupOutreachId = (integrationId: string, kind: OutreachKind) => `${integrationId}:${kind}`;

// biome-ignore lint/suspicious/noExplicitAny: lean documents are untyped here
const toRecord = (d: any): CheckupOutreachRecord => ({
  id: d._id,
  integrationId: d.integrationId,
  customerId: d.customerId,
  kind: d.kind,
  status: d.status,
  to: d.to ?? null,
  subject: d.subject,
  text: d.text,
  html: d.html,
  reason: d.reason,
  createdAt: new Date(d.createdAt).getTime(),
  updatedAt: new Date(d.updatedAt).getTime(),
  preview: d.preview?.channel && d.preview?.ts ? { channel: d.preview.channel, ts: d.preview.ts } : null,
  attempts: d.attempts ?? 0,
  lastError: d.lastError ?? null,
  providerMessageId: d.providerMessageId ?? null,
  sentAt: d.sentAt ? new Date(d.sentAt).getTime() : null,
  decidedBy: d.decidedBy ?? null,
});

export function createCheckupOutreachRepo(conn: Connection) {
  const Outreach = conn.models.CheckupOutreach ?? conn.model('CheckupOutreach', schema);
  const set = (id: string, fields: Record<string, unknown>, at: Date) =>
    Outreach.updateOne({ _id: id }, { $set: { ...fields, updatedAt: at } });
  return {
    /** Stores the draft unless one of this integration and kind exists; returns the stored one either way. */
    async createOnce(o: NewCheckupOutreach, at: Date): Promise<{ record: CheckupOutreachRecord; created: boolean }> {
      const _id = checkupOutreachId(o.integrationId, o.kind);
      try {
        const doc = await Outreach.create({ _id, ...o, createdAt: at, updatedAt: at });
        return { record: toRecord(doc.toObject()), created: true };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        return { record: toRecord(await Outreach.findById(_id).lean()), created: false };
      }
    },
    async find(id: string): Promise<CheckupOutreachRecord | null> {
      const d = await Outreach.findById(id).lean();
      return d ? toRecord(d) : null;
    },
    async forIntegrations(integrationIds: readonly string[]): Promise<CheckupOutreachRecord[]> {
      if (integrationIds.length === 0) return [];
      const docs = await Outreach.find({ integrationId: { $in: integrationIds } }).lean();
      return docs.map(toRecord);
    },
    setPreview: (id: string, preview: { channel: string; ts: string }, at: Date) => set(id, { preview }, at),
    setDraft: (id: string, d: { subject: string; text: string; html: string }, by: string, at: Date) =>
      set(id, { ...d, decidedBy: by }, at),
    setStatus: (id: string, status: CheckupOutreachStatus, by: string | null, at: Date) =>
      set(id, { status, ...(by ? { decidedBy: by } : {}) }, at),
    markSent: (id: string, providerMessageId: string, at: Date) =>
      set(id, { status: 'sent', providerMessageId, sentAt: at, lastError: null }, at),
    countAttempt: (id: string, attempts: number, at: Date) => set(id, { attempts }, at),
    markAttempt: (id: string, attempts: number, error: string, final: boolean, at: Date) =>
      set(id, { attempts, lastError: error, ...(final ? { status: 'failed' } : {}) }, at),
  };
}
export type CheckupOutreachRepo = ReturnType<typeof createCheckupOutreachRepo>;
