import { type Connection, Schema } from 'mongoose';

/** Identity key for names and aliases: matching is case- and space-insensitive. */
export function nameKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

const customerSchema = new Schema(
  {
    name: { type: String, required: true },
    nameKey: { type: String, required: true },
    externalId: { type: String, default: null },
    aliases: { type: [String], default: [] },
    aliasKeys: { type: [String], default: [] },
    arr: { type: Number, default: null },
    renewalDate: { type: Date, default: null },
    csmSlackUserId: { type: String, default: null },
    technicalContacts: {
      type: [{ _id: false, name: String, role: String, email: String, level: String }],
      default: [],
    },
    securityConfig: { type: Schema.Types.Mixed, default: {} },
    apiLimits: { type: Schema.Types.Mixed, default: {} },
    techStack: { type: [String], default: [] },
    dataResidency: { type: String, default: null },
    healthScore: { type: Number, default: null },
    healthHistory: {
      type: [{ _id: false, at: Date, score: Number, reason: String }],
      default: [],
    },
  },
  { collection: 'customers', timestamps: true },
);
customerSchema.index({ nameKey: 1 }, { unique: true });
customerSchema.index({ aliasKeys: 1 });

/** Health history kept per customer (newest last); older entries are dropped. */
const HISTORY_LIMIT = 200;

export interface CustomerRecord {
  id: string;
  name: string;
  aliases: string[];
  healthScore: number | null;
}

export function createCustomerRepo(conn: Connection) {
  const Customer = conn.models.Customer ?? conn.model('Customer', customerSchema);
  const toRecord = (d: {
    _id: unknown;
    name: string;
    aliases?: string[];
    healthScore?: number | null;
  }): CustomerRecord => ({
    id: String(d._id),
    name: d.name,
    aliases: d.aliases ?? [],
    healthScore: d.healthScore ?? null,
  });
  return {
    model: Customer,
    /** Finds a customer whose name or one of whose aliases equals `name`, ignoring case. */
    async findByNameOrAlias(name: string): Promise<CustomerRecord | null> {
      const key = nameKey(name);
      const doc =
        (await Customer.findOne({ nameKey: key }).lean()) ?? (await Customer.findOne({ aliasKeys: key }).lean());
      return doc ? toRecord(doc) : null;
    },
    /**
     * Returns the customer matching `name` (name or alias), creating it when none does. Two concurrent
     * calls for a new name end with one customer: the unique nameKey index decides.
     */
    async upsertByName(name: string): Promise<CustomerRecord> {
      const existing = await this.findByNameOrAlias(name);
      if (existing) return existing;
      const key = nameKey(name);
      const doc = await Customer.findOneAndUpdate(
        { nameKey: key },
        { $setOnInsert: { name: name.trim(), nameKey: key } },
        { upsert: true, returnDocument: 'after', lean: true },
      ).catch(async (err) => {
        // A concurrent upsert won the race on the unique index: read its document.
        if ((err as { code?: number }).code === 11000) return Customer.findOne({ nameKey: key }).lean();
        throw err;
      });
      if (!doc) throw new Error(`customer ${name} vanished during upsert`);
      return toRecord(doc);
    },
    async addAliases(id: string, aliases: string[]): Promise<void> {
      await Customer.updateOne(
        { _id: id },
        { $addToSet: { aliases: { $each: aliases }, aliasKeys: { $each: aliases.map(nameKey) } } },
      );
    },
    async recordHealth(id: string, score: number, at: Date, reason: string): Promise<void> {
      await Customer.updateOne(
        { _id: id },
        {
          $set: { healthScore: score },
          $push: { healthHistory: { $each: [{ at, score, reason }], $slice: -HISTORY_LIMIT } },
        },
      );
    },
    /**
     * Moves the health score by `delta` (clamped to 0–100) with the reason in its history; false when the
     * customer has no score yet (nothing to take from or give back).
     */
    async adjustHealth(id: string, delta: number, at: Date, reason: string): Promise<boolean> {
      const doc = await Customer.findById(id, { healthScore: 1 }).lean();
      const current = doc?.healthScore;
      if (typeof current !== 'number') return false;
      const score = Math.max(0, Math.min(100, current + delta));
      await this.recordHealth(id, score, at, reason);
      return true;
    },
    async findById(id: string) {
      return Customer.findById(id).lean();
    },
  };
}
export type CustomerRepo = ReturnType<typeof createCustomerRepo>;
