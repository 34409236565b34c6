import { type Connection, Schema } from 'mongoose';
import type { CheckStage, HealthCheck } from '../domain/onboarding/types.js';

/**
 * One document per integration and check-up stage (`_id` = `<integrationId>:<stage>`), so planning twice
 * (a retried job, two workers, the coverage sweep) inserts nothing new and a run updates by `_id` (FerretDB
 * v1 pushes only `_id` filters down to storage).
 */
const healthCheckSchema = new Schema(
  {
    _id: { type: String, required: true },
    integrationId: { type: String, required: true },
    customerId: { type: String, required: true },
    stage: { type: String, required: true },
    scheduledFor: { type: Date, required: true },
    completedAt: { type: Date, default: null },
    result: { type: String, default: 'pending' },
    findings: { type: Schema.Types.Mixed, default: [] },
    details: { type: Schema.Types.Mixed, default: null },
  },
  { collection: 'health_checks', versionKey: false, minimize: false },
);
healthCheckSchema.index({ integrationId: 1 });
healthCheckSchema.index({ completedAt: 1, scheduledFor: 1 });

export interface HealthCheckRecord extends HealthCheck {
  id: string;
  integrationId: string;
  customerId: string;
}

export const healthCheckId = (integrationId: string, stage: CheckStage) => `${integrationId}:${stage}`;

// biome-ignore lint/suspicious/noExplicitAny: lean documents are untyped here
const toRecord = (d: any): HealthCheckRecord => ({
  id: d._id,
  integrationId: d.integrationId,
  customerId: d.customerId,
  stage: d.stage,
  scheduledFor: new Date(d.scheduledFor).getTime(),
  completedAt: d.completedAt ? new Date(d.completedAt).getTime() : null,
  result: d.result,
  findings: d.findings ?? [],
  details: d.details ?? null,
});

export function createHealthCheckRepo(conn: Connection) {
  const Check = conn.models.HealthCheck ?? conn.model('HealthCheck', healthCheckSchema);
  return {
    /** Stores the planned checks that are not stored yet; returns how many were new. */
    async plan(integrationId: string, customerId: string, checks: readonly HealthCheck[]): Promise<number> {
      const docs = checks.map((c) => ({
        _id: healthCheckId(integrationId, c.stage),
        integrationId,
        customerId,
        stage: c.stage,
        scheduledFor: new Date(c.scheduledFor),
      }));
      try {
        const res = await Check.insertMany(docs, { ordered: false });
        return res.length;
      } catch (err) {
        const e = err as { code?: number; insertedDocs?: unknown[]; writeErrors?: { code?: number }[] };
        const dupOnly = (e.writeErrors ?? [{ code: e.code }]).every((w) => w.code === 11000);
        if (!dupOnly) throw err;
        return e.insertedDocs?.length ?? 0;
      }
    },
    async find(integrationId: string, stage: CheckStage): Promise<HealthCheckRecord | null> {
      const d = await Check.findById(healthCheckId(integrationId, stage)).lean();
      return d ? toRecord(d) : null;
    },
    async forIntegration(integrationId: string): Promise<HealthCheckRecord[]> {
      const docs = await Check.find({ integrationId }).sort({ scheduledFor: 1 }).lean();
      return docs.map(toRecord);
    },
    /** The checks of these integrations, each integration's in stage order. */
    async forIntegrations(integrationIds: readonly string[]): Promise<Map<string, HealthCheckRecord[]>> {
      const out = new Map<string, HealthCheckRecord[]>();
      if (integrationIds.length === 0) return out;
      const docs = await Check.find({ integrationId: { $in: integrationIds } })
        .sort({ scheduledFor: 1 })
        .lean();
      for (const r of docs.map(toRecord)) {
        const list = out.get(r.integrationId);
        if (list) list.push(r);
        else out.set(r.integrationId, [r]);
      }
      return out;
    },
    /** Checks due by `now` that have not run. */
    async due(now: Date, limit = 200): Promise<HealthCheckRecord[]> {
      const docs = await Check.find({ completedAt: null, scheduledFor: { $lte: now } })
        .sort({ scheduledFor: 1 })
        .limit(limit)
        .lean();
      return docs.map(toRecord);
    },
    /** Integration ids among `ids` that have a plan. */
    async planned(ids: readonly string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const docs = await Check.find({ integrationId: { $in: ids } }, { integrationId: 1 }).lean();
      return new Set(docs.map((d) => String(d.integrationId)));
    },
    async complete(id: string, run: Pick<HealthCheck, 'completedAt' | 'result' | 'findings' | 'details'>) {
      await Check.updateOne(
        { _id: id },
        {
          $set: {
            completedAt: run.completedAt === null ? null : new Date(run.completedAt),
            result: run.result,
            findings: run.findings,
            details: run.details,
          },
        },
      );
    },
  };
}
export type HealthCheckRepo = ReturnType<typeof createHealthCheckRepo>;
