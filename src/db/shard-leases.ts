import { type Connection, Schema } from 'mongoose';
import { isDuplicateKey } from './counters.js';

/**
 * shard_leases: which process works a shard of the event inbox now (`events:<shard>` → owner, until). A
 * lease keeps two processes from doing the same pass; it is not what makes processing exactly once (the
 * detector's compare-and-set is), so a lease that runs out under a slow pass costs work, not correctness.
 * One document per shard, read and written by `_id` only.
 */
const leaseSchema = new Schema(
  {
    _id: { type: String, required: true },
    owner: { type: String, required: true },
    until: { type: Date, required: true },
  },
  { collection: 'shard_leases', versionKey: false },
);

export function createShardLeaseRepo(conn: Connection) {
  const Lease = conn.models.ShardLease ?? conn.model('ShardLease', leaseSchema);
  return {
    /** Takes the lease when it is free, run out or already `owner`'s, for `ms` from now; false when another holds it. */
    async claim(name: string, owner: string, ms: number, now = new Date()): Promise<boolean> {
      try {
        const doc = await Lease.findOneAndUpdate(
          { _id: name, $or: [{ until: { $lte: now } }, { owner }] },
          { $set: { owner, until: new Date(now.getTime() + ms) } },
          { upsert: true, returnDocument: 'after' },
        ).lean<{ owner: string }>();
        return doc?.owner === owner;
      } catch (err) {
        // Held by another: the upsert tried to insert a second document with the same `_id`.
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    /** Gives the lease up (when `owner` still holds it), so another process may take the shard at once. */
    async release(name: string, owner: string): Promise<void> {
      await Lease.updateOne({ _id: name, owner }, { $set: { until: new Date(0) } });
    },
  };
}
export type ShardLeaseRepo = ReturnType<typeof createShardLeaseRepo>;
