import { type Connection, Schema } from 'mongoose';
import { isDuplicateKey } from './counters.js';

/**
 * upstream_alerts: one Slack message per recipient (CSM or fallback channel) and integration type while a
 * vendor outage lasts, listing the recipient's affected customers instead of one DM each.
 */

const upstreamSchema = new Schema(
  {
    key: { type: String, required: true },
    recipient: { type: String, required: true },
    integrationType: { type: String, required: true },
    incidentIds: { type: [String], default: [] },
    slackMessage: { type: { _id: false, channel: String, ts: String }, default: null },
    lastAt: { type: Date, required: true },
  },
  { collection: 'upstream_alerts', timestamps: true },
);
upstreamSchema.index({ key: 1 }, { unique: true });
upstreamSchema.index({ recipient: 1, integrationType: 1, lastAt: -1 });

export interface UpstreamAlertRecord {
  key: string;
  recipient: string;
  integrationType: string;
  incidentIds: string[];
  slackMessage: { channel: string; ts: string } | null;
  createdAt: Date;
}

// biome-ignore lint/suspicious/noExplicitAny: lean documents are untyped here
const toRecord = (d: any): UpstreamAlertRecord => ({
  key: d.key,
  recipient: d.recipient,
  integrationType: d.integrationType,
  incidentIds: d.incidentIds ?? [],
  slackMessage: d.slackMessage?.ts ? d.slackMessage : null,
  createdAt: d.createdAt,
});

/** An upstream alert stays the one to add to while it saw a new incident within this long. */
const ACTIVE_MS = 2 * 3_600_000;
const BUCKET_MS = 15 * 60_000;

export function createUpstreamAlertRepo(conn: Connection) {
  const Upstream = conn.models.UpstreamAlert ?? conn.model('UpstreamAlert', upstreamSchema);
  return {
    /**
     * Adds the incident to the recipient's active upstream alert for the type, creating it when there is
     * none. Returns the alert and whether this call created it (then the caller posts the message).
     */
    async addIncident(
      recipient: string,
      integrationType: string,
      incidentId: string,
      now: Date,
    ): Promise<{ alert: UpstreamAlertRecord; created: boolean }> {
      for (let attempt = 0; attempt < 3; attempt++) {
        const active = await Upstream.findOneAndUpdate(
          { recipient, integrationType, lastAt: { $gte: new Date(now.getTime() - ACTIVE_MS) } },
          { $addToSet: { incidentIds: incidentId }, $max: { lastAt: now } },
          { sort: { lastAt: -1 }, returnDocument: 'after', lean: true },
        );
        if (active) return { alert: toRecord(active), created: false };
        try {
          const doc = await Upstream.create({
            key: `upstream|${integrationType}|${recipient}|${Math.floor(now.getTime() / BUCKET_MS)}`,
            recipient,
            integrationType,
            incidentIds: [incidentId],
            lastAt: now,
          });
          return { alert: toRecord(doc.toObject()), created: true };
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
      }
      throw new Error(`upstream alert for ${integrationType} kept changing under concurrent updates`);
    },
    async findByKey(key: string): Promise<UpstreamAlertRecord | null> {
      const doc = await Upstream.findOne({ key }).lean();
      return doc ? toRecord(doc) : null;
    },
    async setSlackMessage(key: string, message: { channel: string; ts: string }): Promise<void> {
      await Upstream.updateOne({ key }, { $set: { slackMessage: message } });
    },
  };
}
export type UpstreamAlertRepo = ReturnType<typeof createUpstreamAlertRepo>;
