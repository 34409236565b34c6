import { type Connection, isValidObjectId, Schema } from 'mongoose';
import type { Environment, TechnicalContact as TechnicalContactShape } from '../domain/environment/schema.js';
import {
  environmentWrite,
  hasLegacyShape,
  readContact,
  readEnvironment,
  type StoredEnvironmentDoc,
} from './customer-environment.js';

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
    /** The technical environment (issue 15), shapes in customer-environment.ts; absent = not reported. */
    technicalContacts: { type: [Schema.Types.Mixed], default: [] },
    limits: { type: Schema.Types.Mixed, default: undefined },
    security: { type: Schema.Types.Mixed, default: undefined },
    compliance: { type: Schema.Types.Mixed, default: undefined },
    techStack: { type: [Schema.Types.Mixed], default: [] },
    techStackReported: { type: Boolean, default: false },
    /** Compare-and-set revision of the environment: two writers never interleave a read-merge-write. */
    environmentRev: { type: Number, default: 0 },
    /** Pre-migration fields, read by customer-environment.ts and removed on the next environment write. */
    securityConfig: { type: Schema.Types.Mixed, default: undefined },
    apiLimits: { type: Schema.Types.Mixed, default: undefined },
    dataResidency: { type: String, default: undefined },
    healthScore: { type: Number, default: null },
    healthHistory: {
      type: [{ _id: false, at: Date, score: Number, reason: String }],
      default: [],
    },
    /** Keys of the health adjustments applied (adjustHealth), so a replayed step moves the score once. */
    healthKeys: { type: [String], default: [] },
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

/** The customer's technical contact to write to: the primary one with an e-mail, else the first with one. */
export function primaryContact(c: {
  technicalContacts: readonly TechnicalContact[];
}): (TechnicalContact & { email: string }) | null {
  const withEmail = c.technicalContacts.filter((t): t is TechnicalContact & { email: string } => Boolean(t.email));
  return withEmail.find((t) => t.primary || /primary/i.test(t.level ?? '')) ?? withEmail[0] ?? null;
}

export interface TechnicalContact {
  name: string | null;
  role: string | null;
  email: string | null;
  /** high | medium | low (the environment's `technicalLevel`). */
  technicalLevel: string | null;
  primary: boolean;
  /** A pre-environment contact level other than primary (secondary, escalation). */
  level: string | null;
}

/** Everything stored about a customer, as a plain record. */
export interface CustomerProfile extends CustomerRecord {
  externalId: string | null;
  arrUsd: number | null;
  renewalDate: Date | null;
  csmUserId: string | null;
  technicalContacts: TechnicalContact[];
  /** Health score changes, oldest first (at most the last 200). */
  healthHistory: { at: Date; score: number; reason: string }[];
}

/** The fields an import sets on a customer (matched by external id, else by name). */
export interface ImportedCustomer {
  name: string;
  externalId: string | null;
  aliases: string[];
  technicalContacts: { name?: string; role?: string; email?: string; level?: string }[];
  arrUsd?: number;
  renewalDate?: Date;
  csmUserId?: string | null;
}

/** How callers name a customer: its id, the product's external id, or a name/alias. */
export interface CustomerRef {
  id?: string | null;
  externalId?: string | null;
  name?: string | null;
}

type CustomerDoc = {
  _id: unknown;
  name: string;
  aliases?: string[];
  healthScore?: number | null;
  externalId?: string | null;
  arr?: number | null;
  renewalDate?: Date | null;
  csmSlackUserId?: string | null;
  technicalContacts?: unknown[];
  healthHistory?: { at: Date; score: number; reason: string }[];
} & StoredEnvironmentDoc;

const toProfile = (d: CustomerDoc): CustomerProfile => ({
  id: String(d._id),
  name: d.name,
  aliases: d.aliases ?? [],
  healthScore: d.healthScore ?? null,
  externalId: d.externalId ?? null,
  arrUsd: typeof d.arr === 'number' ? d.arr : null,
  renewalDate: d.renewalDate ?? null,
  csmUserId: d.csmSlackUserId ?? null,
  technicalContacts: (d.technicalContacts ?? []).flatMap((raw) => {
    const c = readContact(raw) as (TechnicalContactShape & { level?: string }) | null;
    return c
      ? [
          {
            name: c.name,
            role: c.role ?? null,
            email: c.email ?? null,
            technicalLevel: c.technicalLevel ?? null,
            primary: c.primary === true,
            level: c.level ?? null,
          },
        ]
      : [];
  }),
  healthHistory: d.healthHistory ?? [],
});

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
     * Moves the health score by `delta` (clamped to 0–100) with the reason in its history, once per `key`:
     * a retried or replayed step with the same key changes nothing. Compare-and-set on the score, so two
     * adjustments at once both count. False when the customer has no score yet (nothing to take from or
     * give back) or the key was already applied.
     */
    async adjustHealth(id: string, delta: number, at: Date, reason: string, key: string): Promise<boolean> {
      for (let attempt = 0; attempt < 10; attempt++) {
        const doc = await Customer.findById(id, { healthScore: 1, healthKeys: 1 }).lean();
        const current = doc?.healthScore;
        if (typeof current !== 'number') return false;
        if (((doc?.healthKeys as string[] | undefined) ?? []).includes(key)) return false;
        const score = Math.max(0, Math.min(100, current + delta));
        const res = await Customer.updateOne(
          { _id: id, healthScore: current, healthKeys: { $ne: key } },
          {
            $set: { healthScore: score },
            $push: { healthHistory: { $each: [{ at, score, reason }], $slice: -HISTORY_LIMIT }, healthKeys: key },
          },
        );
        if (res.modifiedCount === 1) return true;
      }
      throw new Error(`customer ${id}: health score kept changing under concurrent adjustments`);
    },
    /** The customer with this id; null for an unknown id or one that is not an ObjectId (e.g. from a button). */
    async findById(id: string): Promise<CustomerProfile | null> {
      if (!isValidObjectId(id)) return null;
      const doc = await Customer.findById(id).lean<CustomerDoc>();
      return doc ? toProfile(doc) : null;
    },
    async findByExternalId(externalId: string): Promise<CustomerProfile | null> {
      const doc = await Customer.findOne({ externalId }).lean<CustomerDoc>();
      return doc ? toProfile(doc) : null;
    },
    /**
     * The one customer lookup: by id, then external id (an `id` that is not ours may be the product's),
     * then name or alias. Null when nothing matches; never creates.
     */
    async findByRef(ref: CustomerRef): Promise<CustomerProfile | null> {
      if (ref.id) {
        const byId = await this.findById(ref.id);
        if (byId) return byId;
      }
      const external = ref.externalId ?? ref.id;
      if (external) {
        const byExternal = await this.findByExternalId(external);
        if (byExternal) return byExternal;
      }
      if (ref.name) {
        const byName = await this.findByNameOrAlias(ref.name);
        return byName ? this.findById(byName.id) : null;
      }
      return null;
    },
    /** Every customer (id, name, aliases), for name matching. */
    async list(): Promise<CustomerRecord[]> {
      return (await Customer.find({}, { name: 1, aliases: 1, healthScore: 1 }).lean<CustomerDoc[]>()).map(toRecord);
    },
    /** The customers whose CSM is this Slack user. */
    async ofCsm(slackUserId: string): Promise<CustomerRecord[]> {
      return (
        await Customer.find({ csmSlackUserId: slackUserId }, { name: 1, aliases: 1, healthScore: 1 }).lean<
          CustomerDoc[]
        >()
      ).map(toRecord);
    },
    /**
     * Creates or updates an imported customer, matched by external id when it has one, else by name.
     * Throws E11000 (code 11000) when the name belongs to another customer.
     */
    async upsertImported(c: ImportedCustomer): Promise<{ id: string; created: boolean }> {
      const filter = c.externalId ? { externalId: c.externalId } : { nameKey: nameKey(c.name) };
      const set: Record<string, unknown> = {
        name: c.name.trim(),
        nameKey: nameKey(c.name),
        aliases: c.aliases,
        aliasKeys: c.aliases.map(nameKey),
        technicalContacts: c.technicalContacts.map(readContact).filter((x) => x !== null),
        ...(c.externalId ? { externalId: c.externalId } : {}),
        ...(c.arrUsd !== undefined ? { arr: c.arrUsd } : {}),
        ...(c.renewalDate ? { renewalDate: c.renewalDate } : {}),
        ...(c.csmUserId ? { csmSlackUserId: c.csmUserId } : {}),
      };
      const res = await Customer.updateOne(filter, { $set: set }, { upsert: true });
      const doc = await Customer.findOne(filter, { _id: 1 }).lean<{ _id: unknown }>();
      if (!doc) throw new Error(`customer ${c.name} vanished during import`);
      return { id: String(doc._id), created: res.upsertedCount === 1 };
    },
    /** The customer's technical environment (new shape, whatever was stored) and its revision for {@link saveEnvironment}. */
    async environmentOf(
      id: string,
    ): Promise<{ customer: CustomerProfile; environment: Environment; rev: number } | null> {
      if (!isValidObjectId(id)) return null;
      const doc = await Customer.findById(id).lean<CustomerDoc & { environmentRev?: number }>();
      return doc ? { customer: toProfile(doc), environment: readEnvironment(doc), rev: doc.environmentRev ?? 0 } : null;
    },
    /**
     * Stores the whole environment in the new shape if it is still at revision `rev` (compare-and-set);
     * false when another writer got there first (re-read, merge again, retry). Throws a ZodError when
     * `env` is not a valid environment, before writing anything.
     */
    async saveEnvironment(id: string, rev: number, env: Environment): Promise<boolean> {
      const write = environmentWrite(env);
      const filter =
        rev === 0
          ? { _id: id, $or: [{ environmentRev: 0 }, { environmentRev: { $exists: false } }] }
          : { _id: id, environmentRev: rev };
      const res = await Customer.updateOne(filter, { ...write, $set: { ...write.$set, environmentRev: rev + 1 } });
      return res.modifiedCount === 1;
    },
    /**
     * Rewrites customers stored before the environment existed (string tech stack, contact `level`,
     * apiLimits/securityConfig/dataResidency) in the new shape; returns how many changed. Run at start-up.
     */
    async migrateLegacyEnvironments(): Promise<number> {
      let migrated = 0;
      const docs = await Customer.find(
        {},
        { techStack: 1, technicalContacts: 1, apiLimits: 1, securityConfig: 1, dataResidency: 1, environmentRev: 1 },
      ).lean<(StoredEnvironmentDoc & { _id: unknown; environmentRev?: number })[]>();
      for (const d of docs) {
        if (!hasLegacyShape(d)) continue;
        const current = await this.environmentOf(String(d._id));
        if (!current) continue;
        // A record that does not validate is left as it is (read as far as it can be) rather than lost.
        const ok = await this.saveEnvironment(current.customer.id, current.rev, current.environment).catch(() => false);
        if (ok) migrated++;
      }
      return migrated;
    },
    /** The Slack users who are some customer's CSM. */
    async csmUserIds(): Promise<string[]> {
      const docs = await Customer.find({ csmSlackUserId: { $ne: null } }, { csmSlackUserId: 1 }).lean<
        { csmSlackUserId?: string | null }[]
      >();
      return [...new Set(docs.flatMap((d) => (d.csmSlackUserId ? [d.csmSlackUserId] : [])))];
    },
    /** Makes `slackUserId` the customer's CSM. */
    async setCsm(id: string, slackUserId: string | null): Promise<void> {
      await Customer.updateOne({ _id: id }, { $set: { csmSlackUserId: slackUserId } });
    },
  };
}
export type CustomerRepo = ReturnType<typeof createCustomerRepo>;
