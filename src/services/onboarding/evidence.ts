import type { Repos } from '../../db/index.js';
import type { IntegrationSummary } from '../../db/integrations.js';
import type { IntegrationEvent } from '../../domain/detection/events.js';
import { foldEventEvidence } from '../../domain/onboarding/evidence.js';
import type { CheckEvidence, ReportEvidence, UsageSnapshot } from '../../domain/onboarding/types.js';
import type { HealthReport } from '../../domain/report/types.js';

/**
 * What a check-up judges: the integration's events since it connected, the latest scored upload report
 * of its customer that covers it after it connected, and its latest usage snapshot (else the active users
 * the uploaded log showed).
 */

/** The usage snapshot of a `usage_snapshot` event (adoption fields only; absent fields stay absent). */
export function usageOfEvent(e: IntegrationEvent): UsageSnapshot | null {
  const u = e.usage;
  if (!u) return null;
  const snapshot: UsageSnapshot = { reportedAt: e.occurredAt };
  if (u.activeUsers !== undefined) snapshot.activeUsers = u.activeUsers;
  if (u.featuresUsed !== undefined) snapshot.featuresUsed = u.featuresUsed;
  if (u.featuresAvailable !== undefined) snapshot.featuresAvailable = u.featuresAvailable;
  if (u.workflowsActive !== undefined) snapshot.workflowsActive = u.workflowsActive;
  if (u.lastDataAt !== undefined) snapshot.lastDataAt = u.lastDataAt;
  return snapshot;
}

const fold = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

type ScoredReport = { id: string; generatedAt: Date; report: HealthReport };

/**
 * The report's line for this integration: by name (case-insensitive), else the only one of its type.
 * Null when the report has none, or its data for it ended before the integration connected.
 */
function reportLine(
  report: ScoredReport | null,
  integration: Pick<IntegrationSummary, 'name' | 'type'>,
  connectedAt: number,
) {
  if (!report) return null;
  const lines = report.report.integrations;
  const byName = lines.find((l) => fold(l.name) === fold(integration.name));
  const sameType = lines.filter((l) => l.type === integration.type);
  const line = byName ?? (sameType.length === 1 ? sameType[0] : undefined);
  if (!line || line.requests === 0) return null;
  const lastSeen = line.lastSeen ? Date.parse(line.lastSeen) : report.generatedAt.getTime();
  return Number.isFinite(lastSeen) && lastSeen < connectedAt ? null : line;
}

export function reportEvidence(
  report: ScoredReport | null,
  integration: Pick<IntegrationSummary, 'name' | 'type'>,
  connectedAt: number,
): ReportEvidence | null {
  const line = reportLine(report, integration, connectedAt);
  if (!report || !line) return null;
  return {
    reportId: report.id,
    generatedAt: report.generatedAt.getTime(),
    successRate: line.successRate,
    errorRate: 1 - line.successRate,
    calls: line.requests,
  };
}

/**
 * Usage from the scored upload when the product sent no snapshot: the distinct user ids the log carried
 * for this integration (`activeUsers`; a file without a user column gives none, never 0).
 */
export function reportUsage(
  report: ScoredReport | null,
  integration: Pick<IntegrationSummary, 'name' | 'type'>,
  connectedAt: number,
): UsageSnapshot | null {
  // Reports stored before the engine counted users have no activeUsers at all.
  const users = reportLine(report, integration, connectedAt)?.activeUsers;
  return report && typeof users === 'number' ? { reportedAt: report.generatedAt.getTime(), activeUsers: users } : null;
}

export async function gatherEvidence(
  repos: Repos,
  integration: Pick<IntegrationSummary, 'id' | 'customerId' | 'name' | 'type'>,
  since: number,
): Promise<CheckEvidence> {
  const [events, latest, onboarding] = await Promise.all([
    repos.events.since(integration.id, new Date(since)),
    repos.reports.findLatest(integration.customerId),
    repos.onboarding.find(integration.id),
  ]);
  return {
    events: foldEventEvidence(
      events.map(({ event: e }) => ({ type: e.type, occurredAt: e.occurredAt, count: e.count, failed: e.failed })),
      since,
    ),
    report: reportEvidence(latest, integration, since),
    usage: onboarding?.usage ?? reportUsage(latest, integration, since),
  };
}
