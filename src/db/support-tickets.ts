import { randomUUID } from 'node:crypto';
import { type Connection, Schema } from 'mongoose';
import { isDuplicateKey } from './counters.js';

export type TicketPriority = 'urgent' | 'high' | 'normal' | 'low';

const ticketSchema = new Schema(
  {
    /** `TECH-<year>-<seq>`; `pending-<uuid>` for the moment between claiming and numbering. */
    ticketId: { type: String, required: true },
    /** One ticket per key: `report:<id>` (one per report), `view:<id>` (an extra one the CSM asked for), `api:<key>`. */
    idempotencyKey: { type: String, required: true },
    year: { type: Number, default: null },
    seq: { type: Number, default: null },
    customerId: { type: String, default: null },
    customerName: { type: String, required: true },
    reportId: { type: String, default: null },
    subject: { type: String, required: true },
    priority: { type: String, required: true },
    description: { type: String, required: true },
    status: { type: String, default: 'open' },
    createdBy: { type: String, default: null },
    source: { type: String, default: 'slack' },
    slackThread: { type: { _id: false, channel: String, ts: String }, default: null },
    supportMessage: { type: { _id: false, channel: String, ts: String }, default: null },
  },
  { collection: 'support_tickets', timestamps: true },
);
ticketSchema.index({ ticketId: 1 }, { unique: true });
ticketSchema.index({ idempotencyKey: 1 }, { unique: true });
ticketSchema.index({ reportId: 1, createdAt: 1 });
ticketSchema.index({ customerId: 1, createdAt: -1 });

export interface TicketRecord {
  id: string;
  ticketId: string;
  idempotencyKey: string;
  customerId: string | null;
  customerName: string;
  reportId: string | null;
  subject: string;
  priority: TicketPriority;
  description: string;
  status: string;
  createdBy: string | null;
  source: string;
  slackThread: { channel: string; ts: string } | null;
  supportMessage: { channel: string; ts: string } | null;
  createdAt: Date;
}

/** What a caller supplies; the number, status, support-channel post and time are the repository's. */
export type NewTicket = Omit<TicketRecord, 'id' | 'ticketId' | 'status' | 'supportMessage' | 'createdAt'>;

// biome-ignore lint/suspicious/noExplicitAny: lean documents are untyped here
const toRecord = (d: any): TicketRecord => ({
  id: String(d._id),
  ticketId: d.ticketId,
  idempotencyKey: d.idempotencyKey,
  customerId: d.customerId ?? null,
  customerName: d.customerName,
  reportId: d.reportId ?? null,
  subject: d.subject,
  priority: d.priority,
  description: d.description,
  status: d.status,
  createdBy: d.createdBy ?? null,
  source: d.source,
  slackThread: d.slackThread ?? null,
  supportMessage: d.supportMessage ?? null,
  createdAt: d.createdAt,
});

export const isPendingTicketId = (ticketId: string) => ticketId.startsWith('pending-');

export function createSupportTicketRepo(conn: Connection) {
  const Ticket = conn.models.SupportTicket ?? conn.model('SupportTicket', ticketSchema);
  return {
    /**
     * Stores the ticket under its idempotency key with a placeholder id, unless one exists: the unique
     * key index decides between concurrent submissions. `created: false` returns the existing one.
     */
    async claim(t: NewTicket): Promise<{ ticket: TicketRecord; created: boolean }> {
      try {
        const doc = await Ticket.create({ ...t, ticketId: `pending-${randomUUID()}` });
        return { ticket: toRecord(doc.toObject()), created: true };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const existing = await Ticket.findOne({ idempotencyKey: t.idempotencyKey }).lean();
        if (!existing) throw err;
        return { ticket: toRecord(existing), created: false };
      }
    },
    async assignNumber(id: string, ticketId: string, year: number, seq: number): Promise<TicketRecord> {
      const doc = await Ticket.findByIdAndUpdate(
        id,
        { $set: { ticketId, year, seq } },
        { returnDocument: 'after', lean: true },
      );
      if (!doc) throw new Error(`ticket ${id} vanished while being numbered`);
      return toRecord(doc);
    },
    async findByKey(idempotencyKey: string): Promise<TicketRecord | null> {
      const d = await Ticket.findOne({ idempotencyKey }).lean();
      return d ? toRecord(d) : null;
    },
    async findByTicketId(ticketId: string): Promise<TicketRecord | null> {
      const d = await Ticket.findOne({ ticketId }).lean();
      return d ? toRecord(d) : null;
    },
    async listForReport(reportId: string): Promise<TicketRecord[]> {
      return (await Ticket.find({ reportId }).sort({ createdAt: 1 }).lean()).map(toRecord);
    },
    async setSupportMessage(id: string, ref: { channel: string; ts: string }): Promise<void> {
      await Ticket.updateOne({ _id: id }, { $set: { supportMessage: ref } });
    },
    /** Removes a claim whose numbering failed, so the same submission can be retried. */
    async removePending(id: string): Promise<void> {
      await Ticket.deleteOne({ _id: id, ticketId: /^pending-/ });
    },
  };
}
export type SupportTicketRepo = ReturnType<typeof createSupportTicketRepo>;
