import { type Connection, Schema } from 'mongoose';
import { isDuplicateKey } from './counters.js';

/** tasks: follow-ups for the CSM, one per key (e.g. `incident:<signalId>` for a disconnect). */

const taskSchema = new Schema(
  {
    key: { type: String, required: true },
    kind: { type: String, required: true },
    title: { type: String, required: true },
    priority: { type: String, required: true },
    dueAt: { type: Date, required: true },
    status: { type: String, default: 'open' },
    customerId: { type: String, required: true },
    csmUserId: { type: String, default: null },
    signalId: { type: String, default: null },
    reminderSentAt: { type: Date, default: null },
    closedAt: { type: Date, default: null },
    closedReason: { type: String, default: null },
  },
  { collection: 'tasks', timestamps: true },
);
taskSchema.index({ key: 1 }, { unique: true });
taskSchema.index({ status: 1, dueAt: 1 });

export interface TaskRecord {
  id: string;
  key: string;
  title: string;
  priority: 'critical' | 'high';
  dueAt: Date;
  status: 'open' | 'done';
  customerId: string;
  csmUserId: string | null;
  signalId: string | null;
  reminderSentAt: Date | null;
  closedAt: Date | null;
}

// biome-ignore lint/suspicious/noExplicitAny: lean documents are untyped here
const toRecord = (d: any): TaskRecord => ({
  id: String(d._id),
  key: d.key,
  title: d.title,
  priority: d.priority,
  dueAt: d.dueAt,
  status: d.status,
  customerId: d.customerId,
  csmUserId: d.csmUserId ?? null,
  signalId: d.signalId ?? null,
  reminderSentAt: d.reminderSentAt ?? null,
  closedAt: d.closedAt ?? null,
});

export function createTaskRepo(conn: Connection) {
  const Task = conn.models.Task ?? conn.model('Task', taskSchema);
  return {
    /**
     * Opens the task for `key`, or re-opens it (new due time, reminder re-armed) when it was closed. An open
     * task is left as it is, so calling this on every alert update is safe.
     */
    async ensureOpen(t: {
      key: string;
      kind: string;
      title: string;
      priority: 'critical' | 'high';
      dueAt: Date;
      customerId: string;
      csmUserId: string | null;
      signalId: string | null;
    }): Promise<TaskRecord> {
      const reopened = await Task.findOneAndUpdate(
        { key: t.key, status: 'done' },
        {
          $set: { status: 'open', dueAt: t.dueAt, priority: t.priority, reminderSentAt: null, closedAt: null },
        },
        { returnDocument: 'after', lean: true },
      );
      if (reopened) return toRecord(reopened);
      try {
        const doc = await Task.findOneAndUpdate(
          { key: t.key },
          { $setOnInsert: { ...t, status: 'open' } },
          { upsert: true, returnDocument: 'after', lean: true },
        );
        return toRecord(doc);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        return toRecord(await Task.findOne({ key: t.key }).lean());
      }
    },
    async findByKey(key: string): Promise<TaskRecord | null> {
      const doc = await Task.findOne({ key }).lean();
      return doc ? toRecord(doc) : null;
    },
    async close(key: string, reason: string, at = new Date()): Promise<boolean> {
      const res = await Task.updateOne(
        { key, status: 'open' },
        { $set: { status: 'done', closedAt: at, closedReason: reason } },
      );
      return res.modifiedCount === 1;
    },
    async overdueWithoutReminder(now: Date, limit = 200): Promise<TaskRecord[]> {
      const docs = await Task.find({ status: 'open', dueAt: { $lt: now }, reminderSentAt: null })
        .sort({ dueAt: 1 })
        .limit(limit)
        .lean();
      return docs.map(toRecord);
    },
    /** Claims the reminder of an overdue task: true for exactly one caller. */
    async claimReminder(id: string, at = new Date()): Promise<boolean> {
      const res = await Task.updateOne(
        { _id: id, reminderSentAt: null, status: 'open' },
        { $set: { reminderSentAt: at } },
      );
      return res.modifiedCount === 1;
    },
  };
}
export type TaskRepo = ReturnType<typeof createTaskRepo>;
