import { type Connection, Schema } from 'mongoose';
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
  },
  { collection: 'integrations', timestamps: true },
);
integrationSchema.index({ customerId: 1, nameKey: 1 }, { unique: true });

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

export function createIntegrationRepo(conn: Connection) {
  const Integration = conn.models.Integration ?? conn.model('Integration', integrationSchema);
  return {
    model: Integration,
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
    async listForCustomer(customerId: string) {
      return Integration.find({ customerId }).sort({ nameKey: 1 }).lean();
    },
  };
}
export type IntegrationRepo = ReturnType<typeof createIntegrationRepo>;
