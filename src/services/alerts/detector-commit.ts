import type { DetectorCommit, MonitoredIntegration, OutboxItem } from '../../db/integrations.js';
import type { IntegrationEvent } from '../../domain/detection/events.js';
import { type ApplyResult, FAILURE_EVENTS } from '../../domain/detection/state.js';

/** Failures an event reports (for the integration's failure counter). */
function failuresIn(e: IntegrationEvent): number {
  if (e.type === 'api_calls') return e.failed ?? 0;
  return FAILURE_EVENTS.has(e.type) ? 1 : 0;
}

/** What one detector step writes: the new state, its status fields and its transitions as an outbox. */
export function commitOf(
  integration: MonitoredIntegration,
  result: ApplyResult,
  events: readonly IntegrationEvent[],
  now: number,
): DetectorCommit {
  const s = result.state;
  const messageAt = (at: number) =>
    [...events].reverse().find((e) => e.errorMessage && Math.min(e.occurredAt, now) <= at)?.errorMessage ?? null;
  const outbox: OutboxItem[] = result.transitions.map((transition, n) => ({
    id: `${integration.id}:${integration.detectorRev}:${n}`,
    transition,
    errorMessage: transition.kind === 'resolve' ? null : messageAt(transition.at),
  }));
  const date = (ms: number | null) => (ms === null ? null : new Date(ms));
  return {
    state: s,
    outbox,
    status: s.status,
    statusSince: new Date(s.since),
    lastSuccessfulSync: date(s.lastSuccessAt),
    lastFailureAt: date(s.lastFailureAt),
    connectedAt: date(s.credentialsSince),
    failures: events.reduce((sum, e) => sum + failuresIn(e), 0),
  };
}
