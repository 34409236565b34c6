import { INFORMATIONAL_EVENTS, type IntegrationEventType } from '../detection/events.js';
import type { EventEvidence } from './types.js';

/** The parts of an integration event the check-ups count (see src/domain/detection/events.ts). */
export interface CountedEvent {
  type: string;
  /** Epoch ms. */
  occurredAt: number;
  /** For `api_calls` summaries: calls in the summary and how many failed. */
  count?: number;
  failed?: number;
}

const CONNECTIONS = new Set(['connected', 'oauth_completed', 'api_key_created', 'reconnected']);
const CONNECTION_FAILURES = new Set(['disconnected', 'auth_failure', 'token_expired', 'token_refresh_failed']);
const FAILURES = new Set(['webhook_failed', 'sso_failure']);
const SUCCESSES = new Set(['webhook_delivered', 'sso_login']);

/**
 * Folds an integration's events since it was connected into the counts a check-up judges: successes and
 * failures (an `api_calls` summary counts its calls), connections and connection failures, completed and
 * failed syncs, and the latest event, success, failure and data times. Events before `since` are ignored.
 *
 * @param since epoch ms (the integration's connectedAt)
 * @example foldEventEvidence([{ type: 'sync_completed', occurredAt: 5 }], 0).syncCompletions // 1
 */
export function foldEventEvidence(events: readonly CountedEvent[], since: number): EventEvidence {
  const e: EventEvidence = {
    successes: 0,
    failures: 0,
    connections: 0,
    connectionFailures: 0,
    syncCompletions: 0,
    syncErrors: 0,
    lastEventAt: null,
    lastSuccessAt: null,
    lastFailureAt: null,
    lastDataAt: null,
  };
  const later = (a: number | null, b: number) => (a === null || b > a ? b : a);
  for (const ev of events) {
    const t = ev.occurredAt;
    // Usage snapshots and settings changes say nothing about the integration's traffic.
    if (t < since || INFORMATIONAL_EVENTS.has(ev.type as IntegrationEventType)) continue;
    e.lastEventAt = later(e.lastEventAt, t);
    let ok = 0;
    let bad = 0;
    if (ev.type === 'api_calls') {
      const calls = Math.max(0, ev.count ?? 0);
      bad = Math.min(calls, Math.max(0, ev.failed ?? 0));
      ok = calls - bad;
    } else if (ev.type === 'sync_completed') {
      e.syncCompletions += 1;
      ok = 1;
    } else if (ev.type === 'sync_error') {
      e.syncErrors += 1;
      e.lastFailureAt = later(e.lastFailureAt, t);
    } else if (CONNECTIONS.has(ev.type)) e.connections += 1;
    else if (CONNECTION_FAILURES.has(ev.type)) {
      e.connectionFailures += 1;
      bad = 1;
    } else if (FAILURES.has(ev.type)) bad = 1;
    else if (SUCCESSES.has(ev.type)) ok = 1;
    e.successes += ok;
    e.failures += bad;
    if (ok > 0) {
      e.lastSuccessAt = later(e.lastSuccessAt, t);
      e.lastDataAt = later(e.lastDataAt, t);
    }
    if (bad > 0) e.lastFailureAt = later(e.lastFailureAt, t);
  }
  return e;
}
