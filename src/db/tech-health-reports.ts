import { type Connection, isValidObjectId, Schema } from 'mongoose';
import type { HealthReport } from '../domain/report/types.js';

const reportSchema = new Schema(
  {
    customerId: { type: Schema.Types.ObjectId, required: true },
    customerName: { type: String, required: true },
    /** sha256 of the scored input: storing the same file again for the same customer is a no-op. */
    fileHash: { type: String, required: true },
    fileNames: { type: [String], default: [] },
    generatedAt: { type: Date, required: true },
    score: { type: Number, required: true },
    status: { type: String, required: true },
    /** The whole report as produced (schemaVersion inside), trend included. */
    report: { type: Schema.Types.Mixed, required: true },
  },
  { collection: 'tech_health_reports', timestamps: true, minimize: false },
);
reportSchema.index({ fileHash: 1, customerId: 1 }, { unique: true });
reportSchema.index({ customerId: 1, generatedAt: -1 });

export interface StoredReport {
  id: string;
  customerId: string;
  fileHash: string;
  generatedAt: Date;
  report: HealthReport;
}

type ReportDoc = { _id: unknown; customerId: unknown; fileHash: string; generatedAt: Date; report: unknown };
const toStored = (d: ReportDoc): StoredReport => ({
  id: String(d._id),
  customerId: String(d.customerId),
  fileHash: d.fileHash,
  generatedAt: d.generatedAt,
  report: d.report as HealthReport,
});

export function createTechHealthReportRepo(conn: Connection) {
  const Report = conn.models.TechHealthReport ?? conn.model('TechHealthReport', reportSchema);
  return {
    /**
     * Inserts the report unless one for the same file and customer exists. The unique index decides,
     * so concurrent stores of one file leave one document. Returns the stored document and whether
     * this call created it.
     */
    async insertIfAbsent(r: {
      customerId: string;
      customerName: string;
      fileHash: string;
      fileNames: string[];
      report: HealthReport;
    }): Promise<{ stored: StoredReport; created: boolean }> {
      try {
        const doc = await Report.create({
          ...r,
          generatedAt: new Date(r.report.generatedAt),
          score: r.report.score,
          status: r.report.status,
        });
        return { stored: toStored(doc.toObject() as ReportDoc), created: true };
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
        const existing = await Report.findOne({ fileHash: r.fileHash, customerId: r.customerId }).lean();
        if (!existing) throw err;
        return { stored: toStored(existing as ReportDoc), created: false };
      }
    },
    async findById(id: string): Promise<StoredReport | null> {
      // Button values come from Slack: anything that is not an ObjectId cannot name a stored report.
      if (!isValidObjectId(id)) return null;
      const d = await Report.findById(id).lean();
      return d ? toStored(d as ReportDoc) : null;
    },
    async findByFile(customerId: string, fileHash: string): Promise<StoredReport | null> {
      const d = await Report.findOne({ customerId, fileHash }).lean();
      return d ? toStored(d as ReportDoc) : null;
    },
    /** The customer's latest report generated before `before` from a different file. */
    async findPrevious(customerId: string, before: Date, exceptFileHash: string): Promise<StoredReport | null> {
      const d = await Report.findOne({ customerId, generatedAt: { $lt: before }, fileHash: { $ne: exceptFileHash } })
        .sort({ generatedAt: -1 })
        .lean();
      return d ? toStored(d as ReportDoc) : null;
    },
    async findLatest(customerId: string): Promise<StoredReport | null> {
      const d = await Report.findOne({ customerId }).sort({ generatedAt: -1 }).lean();
      return d ? toStored(d as ReportDoc) : null;
    },
  };
}
export type TechHealthReportRepo = ReturnType<typeof createTechHealthReportRepo>;
