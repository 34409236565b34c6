import type { CounterRepo } from '../../db/counters.js';
import type { CustomerRepo } from '../../db/customers.js';
import type { RiskSignalRecord, RiskSignalRepo } from '../../db/risk-signals.js';
import type { HealthReport } from '../../domain/report/types.js';

/**
 * Turns a stored report's issues into risk signals — one unresolved signal per customer, integration and
 * issue kind; a repeat in a later report counts into it (occurrences + 1, lastSeen) — and records the
 * report's score as the technical component of the customer's overall health. Applying the same report
 * again (double click, two CSMs at once) changes nothing: each signal remembers the reports it counted
 * and the health entry is claimed once per report.
 */

export interface RiskUpdateResult {
  created: number;
  updated: number;
  unchanged: number;
  signals: RiskSignalRecord[];
  /** The score recorded on the customer by this call, or null when an earlier call recorded it. */
  healthRecorded: number | null;
}

export interface RiskSignals {
  applyReport(args: {
    reportId: string;
    customerId: string;
    report: HealthReport;
    slackMessage?: { channel: string; ts: string } | null;
  }): Promise<RiskUpdateResult>;
  openSignals(customerId: string): Promise<RiskSignalRecord[]>;
}

/** A health entry per report, forever (the claim window only has to outlive the report). */
const ONCE = 100 * 365 * 24 * 3600 * 1000;

export function createRiskSignals(deps: {
  riskSignals: RiskSignalRepo;
  customers: CustomerRepo;
  counters: CounterRepo;
  now?: () => Date;
}): RiskSignals {
  const now = deps.now ?? (() => new Date());
  return {
    async applyReport({ reportId, customerId, report, slackMessage = null }) {
      const seenAt = new Date(report.period?.to ?? report.generatedAt);
      const observations = report.integrations.flatMap((integration) =>
        integration.issues.map((issue) => ({
          type: `integration_${issue.kind}`,
          customerId,
          integration: integration.name,
          kind: issue.kind,
          severity: issue.severity,
          title: issue.title,
          sourceId: reportId,
          seenAt: Number.isNaN(seenAt.getTime()) ? now() : seenAt,
          slackMessage,
        })),
      );
      const result: RiskUpdateResult = { created: 0, updated: 0, unchanged: 0, signals: [], healthRecorded: null };
      // Sequential on purpose: two issues of one report never share a dedup key, and the order keeps logs readable.
      for (const o of observations) {
        const { signal, outcome } = await deps.riskSignals.observe(o);
        result[outcome] += 1;
        result.signals.push(signal);
      }
      if (await deps.counters.claim(`health:${reportId}`, ONCE, null, now())) {
        await deps.customers.recordHealth(customerId, report.score, now(), `technical health report ${reportId}`);
        result.healthRecorded = report.score;
      }
      return result;
    },
    openSignals: (customerId) => deps.riskSignals.listOpen(customerId),
  };
}
