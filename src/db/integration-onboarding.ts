import { type Connection, Schema } from 'mongoose';
import type { UsageSnapshot } from '../domain/onboarding/types.js';

/**
 * integration_onboarding: one document per integration (`_id` = the integration's id) with what the
 * check-ups keep beside the checks themselves: the latest usage snapshot, a snooze of the check DMs, and
 * what a CSM typed when adding it by hand (expected sync interval, owner). Reads and writes are by `_id`
 * (FerretDB v1 pushes only `_id` filters down).
 */
const onboardingSchema = new Schema(
  {
    _id: { type: String, required: true },
    customerId: { type: String, required: true },
    /** The latest `usage_snapshot` (JSON text: FerretDB v1 stores no nested arrays). */
    usage: { type: String, default: null },
    usageReportedAt: { type: Date, default: null },
    snoozedUntil: { type: Date, default: null },
    snoozedBy: { type: String, default: null },
    expectedSyncIntervalHours: { type: Number, default: null },
    owner: { type: String, default: null },
  },
  { collection: 'integration_onboarding', versionKey: false, minimize: false },
);

export interface IntegrationOnboarding {
  integrationId: string;
  customerId: string;
  usage: UsageSnapshot | null;
  snoozedUntil: number | null;
  expectedSyncIntervalHours: number | null;
  owner: string | null;
}

// biome-ignore lint/suspicious/noExplicitAny: lean documents are untyped here
const toRecord = (d: any): IntegrationOnboarding => ({
  integrationId: d._id,
  customerId: d.customerId,
  usage: d.usage ? (JSON.parse(d.usage) as UsageSnapshot) : null,
  snoozedUntil: d.snoozedUntil ? new Date(d.snoozedUntil).getTime() : null,
  expectedSyncIntervalHours: d.expectedSyncIntervalHours ?? null,
  owner: d.owner ?? null,
});

export function createIntegrationOnboardingRepo(conn: Connection) {
  const Onboarding = conn.models.IntegrationOnboarding ?? conn.model('IntegrationOnboarding', onboardingSchema);
  /** `$set` on the integration's document, creating it when missing (a racing insert retries as an update). */
  const upsert = async (integrationId: string, customerId: string, set: Record<string, unknown>) => {
    const update = { $set: set, $setOnInsert: { customerId } };
    try {
      await Onboarding.updateOne({ _id: integrationId }, update, { upsert: true });
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      await Onboarding.updateOne({ _id: integrationId }, { $set: set });
    }
  };
  return {
    async find(integrationId: string): Promise<IntegrationOnboarding | null> {
      const d = await Onboarding.findById(integrationId).lean();
      return d ? toRecord(d) : null;
    },
    async findMany(integrationIds: readonly string[]): Promise<Map<string, IntegrationOnboarding>> {
      if (integrationIds.length === 0) return new Map();
      const docs = await Onboarding.find({ _id: { $in: integrationIds } }).lean();
      return new Map(docs.map((d) => [String(d._id), toRecord(d)]));
    },
    /** Keeps the snapshot unless a newer one is stored already (snapshots may arrive out of order). */
    async recordUsage(integrationId: string, customerId: string, usage: UsageSnapshot): Promise<void> {
      const current = await this.find(integrationId);
      if (current?.usage && current.usage.reportedAt > usage.reportedAt) return;
      await upsert(integrationId, customerId, {
        usage: JSON.stringify(usage),
        usageReportedAt: new Date(usage.reportedAt),
      });
    },
    async snooze(integrationId: string, customerId: string, until: Date, by: string): Promise<void> {
      await upsert(integrationId, customerId, { snoozedUntil: until, snoozedBy: by });
    },
    /** Integrations whose check-up snooze ended by `now` (the sweep reminds their CSM, then clears it). */
    async snoozeEnded(now: Date): Promise<IntegrationOnboarding[]> {
      const docs = await Onboarding.find({ snoozedUntil: { $ne: null, $lte: now } })
        .limit(200)
        .lean();
      return docs.map(toRecord);
    },
    async clearSnooze(integrationId: string): Promise<void> {
      await Onboarding.updateOne({ _id: integrationId }, { $set: { snoozedUntil: null } });
    },
    async setManualDetails(
      integrationId: string,
      customerId: string,
      d: { expectedSyncIntervalHours: number | null; owner: string | null },
    ): Promise<void> {
      await upsert(integrationId, customerId, d);
    },
  };
}
export type IntegrationOnboardingRepo = ReturnType<typeof createIntegrationOnboardingRepo>;
