import { type Connection, Schema } from 'mongoose';
import type { SecurityConfig } from '../domain/environment/schema.js';
import type { SecurityAuditEntry } from '../domain/environment/security.js';
import { isDuplicateKey } from './counters.js';

/**
 * security_audit: one document per security configuration change of a customer (issue 15, "security config
 * change → audit log"): the whole configuration before and after, each changed field, where the change came
 * from (`event`, `api`, `import`), who made it when known, and when. Append-only; the unique `changeId`
 * (the event's idempotency key, or the API request's id) makes a redelivered change a no-op.
 */

const auditSchema = new Schema(
  {
    changeId: { type: String, required: true },
    customerId: { type: String, required: true },
    /** JSON text: FerretDB v1 stores no nested arrays, and a configuration may carry extra fields. */
    before: { type: String, required: true },
    after: { type: String, required: true },
    changes: { type: String, required: true },
    weakening: { type: Boolean, required: true },
    source: { type: String, required: true },
    actor: { type: String, default: null },
    at: { type: Date, required: true },
    recordedAt: { type: Date, required: true },
  },
  { collection: 'security_audit', versionKey: false },
);
auditSchema.index({ changeId: 1 }, { unique: true });
auditSchema.index({ customerId: 1, at: -1 });

export interface SecurityAuditRecord {
  id: string;
  changeId: string;
  customerId: string;
  before: SecurityConfig | null;
  after: SecurityConfig | null;
  changes: SecurityAuditEntry[];
  weakening: boolean;
  source: 'event' | 'api' | 'import';
  actor: string | null;
  at: Date;
}

export type NewSecurityAudit = Omit<SecurityAuditRecord, 'id'>;

// biome-ignore lint/suspicious/noExplicitAny: lean documents are untyped here
const toRecord = (d: any): SecurityAuditRecord => ({
  id: String(d._id),
  changeId: d.changeId,
  customerId: d.customerId,
  before: JSON.parse(d.before),
  after: JSON.parse(d.after),
  changes: JSON.parse(d.changes),
  weakening: d.weakening,
  source: d.source,
  actor: d.actor ?? null,
  at: d.at,
});

export function createSecurityAuditRepo(conn: Connection) {
  const Audit = conn.models.SecurityAudit ?? conn.model('SecurityAudit', auditSchema);
  return {
    /** Appends an entry; false when an entry with this changeId is already stored (a redelivery). */
    async append(e: NewSecurityAudit): Promise<boolean> {
      try {
        await Audit.create({
          ...e,
          before: JSON.stringify(e.before),
          after: JSON.stringify(e.after),
          changes: JSON.stringify(e.changes),
          recordedAt: new Date(),
        });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    async findByChangeId(changeId: string): Promise<SecurityAuditRecord | null> {
      const d = await Audit.findOne({ changeId }).lean();
      return d ? toRecord(d) : null;
    },
    /** The customer's audit entries, newest first. */
    async forCustomer(customerId: string, limit = 50): Promise<SecurityAuditRecord[]> {
      return (await Audit.find({ customerId }).sort({ at: -1 }).limit(limit).lean()).map(toRecord);
    },
  };
}
export type SecurityAuditRepo = ReturnType<typeof createSecurityAuditRepo>;
