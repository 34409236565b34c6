import type { Repos } from '../../db/index.js';
import type { IntegrationStatus } from '../../db/integrations.js';
import { compareReports } from '../../domain/analysis/index.js';
import type { HealthReport, IntegrationReport } from '../../domain/report/types.js';

export interface StoreResult {
  customerId: string;
  reportId: string;
  /** False when this file had already been stored for this customer (nothing was written). */
  created: boolean;
  trend: HealthReport['trend'];
}

/**
 * Stores scored reports: the customer (matched by name or alias, case-insensitive, created when new),
 * its integrations, the report itself once per file, and the customer's health history. The trend is
 * computed against the customer's previous report from a different file.
 */
export function createReportStore(repos: Repos) {
  return {
    async storeReport(report: HealthReport, opts: { fileHash: string; fileNames: string[] }): Promise<StoreResult> {
      if (!report.customer) throw new Error('a report without a customer cannot be stored');
      const customer = await repos.customers.upsertByName(report.customer);

      const already = await repos.reports.findByFile(customer.id, opts.fileHash);
      if (already) {
        return { customerId: customer.id, reportId: already.id, created: false, trend: already.report.trend };
      }

      const previous = await repos.reports.findPrevious(customer.id, new Date(report.generatedAt), opts.fileHash);
      const withTrend: HealthReport = { ...report, trend: previous ? compareReports(previous.report, report) : null };
      const { stored, created } = await repos.reports.insertIfAbsent({
        customerId: customer.id,
        customerName: customer.name,
        fileHash: opts.fileHash,
        fileNames: opts.fileNames,
        report: withTrend,
      });
      if (created) {
        // Integrations and history follow the report that was actually inserted, so a concurrent
        // duplicate store changes nothing twice.
        for (const i of report.integrations) {
          await repos.integrations.upsertFromReport(customer.id, integrationUpsert(i));
        }
        await repos.customers.recordHealth(
          customer.id,
          report.score,
          new Date(report.generatedAt),
          `technical health report (${opts.fileNames.join(', ')})`,
        );
      }
      return { customerId: customer.id, reportId: stored.id, created, trend: stored.report.trend };
    },
  };
}
export type ReportStore = ReturnType<typeof createReportStore>;

function integrationUpsert(i: IntegrationReport) {
  // A disconnect's evidence says when the last success was; otherwise the data's end, if anything succeeded.
  const lastSuccessAt = i.issues.find((x) => x.kind === 'disconnected')?.evidence.lastSuccessAt;
  return {
    name: i.name,
    type: i.type,
    category: i.category,
    critical: i.critical,
    status: integrationStatus(i),
    lastScore: i.score,
    lastSuccessfulSync:
      typeof lastSuccessAt === 'string'
        ? new Date(lastSuccessAt)
        : i.successRate > 0 && i.lastSeen
          ? new Date(i.lastSeen)
          : null,
    lastFailureAt: null,
    failureCount: Math.round(i.requests * (1 - i.successRate)),
  };
}

function integrationStatus(i: IntegrationReport): IntegrationStatus {
  if (i.issues.some((x) => x.kind === 'disconnected')) return 'disconnected';
  return i.status === 'healthy' ? 'healthy' : 'degraded';
}
