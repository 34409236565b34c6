import type { Repos } from '../../db/index.js';
import { type StoredEvent, shardOf } from '../../db/integration-events.js';
import type { DetectorCommit, MonitoredIntegration, OutboxItem } from '../../db/integrations.js';
import { INFORMATIONAL_EVENTS, type IntegrationEvent } from '../../domain/detection/events.js';
import { resolvePolicy } from '../../domain/detection/policy.js';
import {
  type ApplyResult,
  applyEvent,
  createDetectorState,
  type DetectorState,
  FAILURE_EVENTS,
  sweepSilent,
} from '../../domain/detection/state.js';
import { INTEGRATION_TYPES } from '../../domain/records.js';
import type { Logger } from '../../logger.js';
import { createKeyedLock } from '../../util/keyed-lock.js';
import type { Alerting } from './index.js';

/**
 * Runs the pure detector over stored events, one integration at a time, exactly once in effect:
 *
 *   1. read the integration (state + revision) and its unprocessed events (oldest first, ≤ BATCH);
 *   2. fold them into the state in memory → transitions;
 *   3. commit state + transitions (as an outbox) with compare-and-set on the revision — a second worker
 *      that read the same revision fails here and starts again from 1;
 *   4. mark the events processed; 5. apply each outbox transition to its incident and pull it.
 *
 * A crash after 3 re-reads events that are already in the state: the state remembers recent idempotency
 * keys (more than BATCH), so they change nothing. A crash in 5 leaves transitions in the outbox, which the
 * next run (or the recovery sweep) applies; applying one twice is a no-op (see incidents.ts).
 */

const BATCH = 200;

/** Failures an event reports (for the integration's failure counter). */
function failuresIn(e: IntegrationEvent): number {
  if (e.type === 'api_calls') return e.failed ?? 0;
  return FAILURE_EVENTS.has(e.type) ? 1 : 0;
}

export interface DetectionRunner {
  /** Processes every pending event of the integration; returns how many events were folded in. */
  processIntegration(integrationId: string): Promise<number>;
  /** The silent-failure check for every watched integration of a type with an expected sync interval. */
  sweepSilent(): Promise<number>;
  /** Integrations left with unprocessed events or outbox entries (crash recovery). */
  recover(olderThanMs: number): Promise<number>;
  /** One pass over the shard's integrations with events waiting; returns how many events were folded in. */
  processShard(shard: number): Promise<number>;
  /** Whether events of the shard's integrations are still waiting to be folded in. */
  hasPending(shard: number): Promise<boolean>;
}

export function createDetectionRunner(deps: {
  repos: Repos;
  alerting: Alerting;
  logger: Logger;
  /** Re-arms the job of the integration's shard; without it, recovery processes the integrations itself. */
  scheduleShardOf?: (integrationId: string) => Promise<void>;
  now?: () => number;
  /**
   * Informational events (usage snapshots, security changes) of a batch, before it is marked processed: a
   * crash re-delivers them, so the hook must be idempotent. Its failure is logged and does not hold up
   * detection (the detector ignores these events).
   */
  onInformational?(customerId: string, events: IntegrationEvent[]): Promise<unknown>;
}): DetectionRunner {
  const { repos, alerting, logger } = deps;
  const now = deps.now ?? Date.now;
  // One detector step per integration at a time in this runner (the shard job, the silent sweep and the
  // recovery sweep can reach the same integration together); across processes the revision CAS decides.
  const stepLock = createKeyedLock();

  function commitOf(
    integration: MonitoredIntegration,
    result: ApplyResult,
    events: readonly IntegrationEvent[],
  ): DetectorCommit {
    const s = result.state;
    const messageAt = (at: number) =>
      [...events].reverse().find((e) => e.errorMessage && Math.min(e.occurredAt, now()) <= at)?.errorMessage ?? null;
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

  /** Applies what the outbox holds, then edits each touched alert once. */
  async function drain(integration: MonitoredIntegration, items: readonly OutboxItem[]): Promise<void> {
    const touched = new Set<string>();
    const done: string[] = [];
    try {
      for (const item of items) {
        const applied = await alerting.applyTransition(integration, item);
        if (applied) touched.add(applied.incidentId);
        done.push(item.id);
      }
    } finally {
      // One write for the whole drain; what a failure left is replayed next time (applying is idempotent).
      await repos.integrations.pullOutbox(integration.id, done);
    }
    for (const id of touched) await alerting.refresh(id);
  }

  type Fold = (
    integration: MonitoredIntegration,
    state: DetectorState,
  ) => { result: ApplyResult; eventIds: string[]; events: IntegrationEvent[] } | null;

  const step = (integrationId: string, fold: Fold): Promise<number> =>
    stepLock(integrationId, () => stepUnlocked(integrationId, fold));

  async function stepUnlocked(integrationId: string, fold: Fold): Promise<number> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const integration = await repos.integrations.findMonitored(integrationId);
      if (!integration) return 0;
      if (integration.outbox.length > 0) await drain(integration, integration.outbox);
      const fresh = integration.outbox.length > 0 ? await repos.integrations.findMonitored(integrationId) : integration;
      if (!fresh) return 0;
      const before = fresh.detector ?? createDetectorState(fresh.connectedAt?.getTime() ?? now());
      const folded = fold(fresh, before);
      if (!folded) return 0;
      const commit = commitOf(fresh, folded.result, folded.events);
      if (!(await repos.integrations.commitDetector(fresh.id, fresh.detectorRev, commit))) continue;
      await repos.events.markProcessed(fresh.id, folded.eventIds);
      if (commit.outbox.length > 0) await drain({ ...fresh, detectorRev: fresh.detectorRev + 1 }, commit.outbox);
      return folded.eventIds.length;
    }
    throw new Error(`integration ${integrationId}: detector state kept changing under concurrent workers`);
  }

  async function informational(integrationId: string, pending: readonly StoredEvent[]): Promise<void> {
    const events = pending.map((p) => p.event).filter((e) => INFORMATIONAL_EVENTS.has(e.type));
    if (events.length === 0 || !deps.onInformational) return;
    try {
      const integration = await repos.integrations.findMonitored(integrationId);
      if (integration) await deps.onInformational(integration.customerId, events);
    } catch (err) {
      logger.error({ err, integration: integrationId, events: events.length }, 'informational events not applied');
    }
  }

  /** Folds these waiting events of one integration into its state; returns how many were taken out. */
  const foldEvents = async (integrationId: string, pending: readonly StoredEvent[]): Promise<number> => {
    await informational(integrationId, pending);
    return foldDetector(integrationId, pending);
  };
  const foldDetector = (integrationId: string, pending: readonly StoredEvent[]): Promise<number> =>
    step(integrationId, (integration, state) => {
      const policy = resolvePolicy(integration.type);
      let result: ApplyResult = { state, transitions: [] };
      // Another worker may have folded some of them since they were read: the state remembers their keys.
      const events = pending.map((p) => p.event).filter((e) => !state.seenKeys.includes(e.idempotencyKey));
      for (const event of events) {
        const next = applyEvent(result.state, event, policy, now());
        result = { state: next.state, transitions: [...result.transitions, ...next.transitions] };
      }
      return { result, eventIds: pending.map((p) => p.id), events };
    });

  const runner: DetectionRunner = {
    async processIntegration(integrationId) {
      let total = 0;
      for (;;) {
        const pending = await repos.events.pending(integrationId, BATCH);
        if (pending.length === 0) {
          // Nothing new, but a crashed run may have left transitions behind.
          await step(integrationId, () => null);
          return total;
        }
        const n = await foldEvents(integrationId, pending);
        if (n === 0) return total;
        total += n;
      }
    },
    async sweepSilent() {
      const types = INTEGRATION_TYPES.map((t) => t.type).filter(
        (t) => resolvePolicy(t).silent.expectedIntervalMs !== null,
      );
      let opened = 0;
      for (const id of await repos.integrations.monitoredOfTypes(types)) {
        await step(id, (integration, state) => {
          const result = sweepSilent(state, resolvePolicy(integration.type), now());
          if (result.transitions.length === 0) return null;
          opened += result.transitions.length;
          return { result, eventIds: [], events: [] };
        });
      }
      return opened;
    },
    async recover(olderThanMs) {
      const cutoff = new Date(now() - olderThanMs);
      const stalled = await repos.events.stalledIntegrations(cutoff);
      const withOutbox = await repos.integrations.withOutbox();
      let ids = new Set([...stalled, ...withOutbox]);
      if (deps.scheduleShardOf) {
        // Waiting events are their shard job's work (one read of the shard per pass): re-arm each shard
        // once rather than doing it here integration by integration, which under a backlog doubled the load.
        const shards = new Map(stalled.map((id) => [shardOf(id), id]));
        for (const id of shards.values()) await deps.scheduleShardOf(id);
        ids = new Set(withOutbox);
      }
      for (const id of ids) {
        try {
          await runner.processIntegration(id);
        } catch (err) {
          logger.error({ err, integration: id }, 'recovering integration events failed');
        }
      }
      return ids.size;
    },
    async processShard(shard) {
      let total = 0;
      // Events that arrive during a pass are taken by the next; stop when a pass takes nothing (an event of
      // a deleted integration stays in the inbox and must not keep the job busy).
      for (;;) {
        let taken = 0;
        for (const [id, pending] of await repos.events.pendingInShard(shard)) {
          for (let i = 0; i < pending.length; i += BATCH) {
            const n = await foldEvents(id, pending.slice(i, i + BATCH));
            if (n === 0) break;
            taken += n;
          }
        }
        if (taken === 0) return total;
        total += taken;
      }
    },
    hasPending: (shard) => repos.events.hasPending(shard),
  };
  return runner;
}
