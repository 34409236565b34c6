import { type Connection, Schema } from 'mongoose';
import type { DailyUsage, UsageSnapshot } from '../domain/environment/usage.js';

/**
 * API usage of a customer (issue 15), from `usage_snapshot` events:
 * - customer_usage: the latest snapshot per customer (`_id` = customer id). A snapshot older than the
 *   stored one never replaces it, so events arriving out of order or twice leave the newest.
 * - usage_daily: one document per customer and UTC day (`_id` = `<customerId>:<YYYY-MM-DD>`), the last
 *   snapshot of that day's figures (calls today and, when sent, errors, rate-limit hits, mean response) for
 *   the 30-day chart and the month-end projection.
 */

const latestSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** The snapshot as JSON text (it holds the endpoints list; FerretDB v1 stores no nested arrays). */
    usage: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'customer_usage', versionKey: false },
);

const dailySchema = new Schema(
  {
    _id: { type: String, required: true },
    customerId: { type: String, required: true },
    date: { type: String, required: true },
    calls: { type: Number, required: true },
    /** `errors` is reserved by mongoose. */
    errorCount: { type: Number, default: undefined },
    rateLimitHits: { type: Number, default: undefined },
    avgResponseMs: { type: Number, default: undefined },
    at: { type: Date, required: true },
  },
  { collection: 'usage_daily', versionKey: false },
);
dailySchema.index({ customerId: 1, date: 1 });

export function createEnvironmentUsageRepo(conn: Connection) {
  const Latest = conn.models.CustomerUsage ?? conn.model('CustomerUsage', latestSchema);
  const Daily = conn.models.UsageDaily ?? conn.model('UsageDaily', dailySchema);

  /** Writes `set` unless a document at least as new is stored; a racing first insert loses quietly. */
  async function newest(model: typeof Latest, _id: string, at: Date, set: Record<string, unknown>): Promise<boolean> {
    const res = await model
      .updateOne({ _id, at: { $lt: at } }, { $set: { ...set, at } }, { upsert: true })
      .catch((err: { code?: number; message?: string }) => {
        // The document exists with a newer (or equal) `at`: the upsert's insert collides on `_id`.
        if (err.code === 11000 || /duplicate key|UNIQUE constraint/i.test(err.message ?? '')) return null;
        throw err;
      });
    return !!res && (res.modifiedCount === 1 || res.upsertedCount === 1);
  }

  return {
    /** Records a snapshot taken at `at` as the latest (if it is) and as that day's figures; true when newer. */
    async record(customerId: string, usage: UsageSnapshot & Record<string, unknown>, at: Date): Promise<boolean> {
      const latest = await newest(Latest, customerId, at, { usage: JSON.stringify({ ...usage, at: at.getTime() }) });
      if (typeof usage.apiCallsToday === 'number') {
        const date = at.toISOString().slice(0, 10);
        const num = (k: string) => (typeof usage[k] === 'number' ? { [k.replace(/Today$/, '')]: usage[k] } : {});
        await newest(Daily, `${customerId}:${date}`, at, {
          customerId,
          date,
          calls: usage.apiCallsToday,
          ...(typeof usage.errorsToday === 'number' ? { errorCount: usage.errorsToday } : {}),
          ...num('rateLimitHitsToday'),
          ...(typeof usage.avgResponseMs === 'number' ? { avgResponseMs: usage.avgResponseMs } : {}),
        });
      }
      return latest;
    },
    async latest(customerId: string): Promise<UsageSnapshot | null> {
      const d = await Latest.findById(customerId).lean<{ usage: string }>();
      return d ? (JSON.parse(d.usage) as UsageSnapshot) : null;
    },
    /** Daily figures from `sinceDate` (YYYY-MM-DD) on, oldest first. */
    async daily(customerId: string, sinceDate: string): Promise<DailyUsage[]> {
      const docs = await Daily.find({ customerId, date: { $gte: sinceDate } })
        .sort({ date: 1 })
        .lean<(DailyUsage & { _id: string; errorCount?: number })[]>();
      return docs.map((d) => ({
        date: d.date,
        calls: d.calls,
        ...(typeof d.errorCount === 'number' ? { errors: d.errorCount } : {}),
        ...(typeof d.rateLimitHits === 'number' ? { rateLimitHits: d.rateLimitHits } : {}),
        ...(typeof d.avgResponseMs === 'number' ? { avgResponseMs: d.avgResponseMs } : {}),
      }));
    },
    /** Customers with a usage snapshot (the monitor's API usage pass). */
    async customerIds(limit = 10_000): Promise<string[]> {
      return (await Latest.find({}, { _id: 1 }).limit(limit).lean<{ _id: string }[]>()).map((d) => d._id);
    },
  };
}
export type EnvironmentUsageRepo = ReturnType<typeof createEnvironmentUsageRepo>;
