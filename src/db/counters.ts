import { type Connection, Schema } from 'mongoose';

/**
 * Two small primitives on plain unique `_id`s (portable to FerretDB v1: no transactions, no TTL):
 * - counters: `next(name)` hands out 1, 2, 3… per name, atomically ($inc with upsert), so concurrent
 *   callers never share a number;
 * - action claims: `claim(key, windowMs)` lets exactly one caller run a piece of work per key within a
 *   window (double clicks, two people pressing the same button), by racing an upsert on the unique `_id`.
 */

const counterSchema = new Schema(
  { _id: { type: String, required: true }, seq: { type: Number, required: true } },
  {
    collection: 'counters',
    versionKey: false,
  },
);

const claimSchema = new Schema(
  {
    _id: { type: String, required: true },
    claimedAt: { type: Date, required: true },
    claimedBy: { type: String, default: null },
  },
  { collection: 'action_claims', versionKey: false },
);

/** MongoDB reports E11000; FerretDB's SQLite backend sometimes surfaces the constraint under another code. */
export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: number; message?: string };
  return e.code === 11000 || /duplicate key|UNIQUE constraint failed/i.test(e.message ?? '');
}

export function createCounterRepo(conn: Connection) {
  const Counter = conn.models.Counter ?? conn.model('Counter', counterSchema);
  const Claim = conn.models.ActionClaim ?? conn.model('ActionClaim', claimSchema);
  return {
    /**
     * The next value of counter `name`, starting at 1. Two first calls racing on a missing counter can
     * both try the upsert's insert; the loser gets a duplicate-key error and simply increments again.
     */
    async next(name: string): Promise<number> {
      for (let attempt = 0; ; attempt++) {
        try {
          const doc = await Counter.findOneAndUpdate(
            { _id: name },
            { $inc: { seq: 1 } },
            { upsert: true, returnDocument: 'after', lean: true },
          );
          if (!doc) throw new Error(`counter ${name} was not returned`);
          return doc.seq as number;
        } catch (err) {
          if (!isDuplicateKey(err) || attempt >= 5) throw err;
        }
      }
    },
    /**
     * True when this caller may run the work named `key`: nobody claimed it, or the last claim is older
     * than `windowMs`. The filter only matches an expired claim; a fresh one makes the upsert insert a
     * second document with the same `_id`, which the unique `_id` index refuses.
     */
    async claim(key: string, windowMs: number, by: string | null = null, now = new Date()): Promise<boolean> {
      const cutoff = new Date(now.getTime() - windowMs);
      try {
        await Claim.updateOne(
          { _id: key, claimedAt: { $lt: cutoff } },
          { $set: { claimedAt: now, claimedBy: by } },
          { upsert: true },
        );
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    /** Gives a claim back (the work failed and may be retried at once). */
    async release(key: string): Promise<void> {
      await Claim.deleteOne({ _id: key });
    },
  };
}
export type CounterRepo = ReturnType<typeof createCounterRepo>;
