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
  sweepSilent,
} from '../../domain/detection/state.js';
import { INTEGRATION_TYPES } from '../../domain/records.js';
import type { Logger } from '../../logger.js';
import { eachLimited } from '../../util/each-limited.js';
import { createKeyedLock } from '../../util/keyed-lock.js';
import { commitOf } from './detector-commit.js';
import type { Alerting } from './index.js';

/**
 * Runs the pure detector over stored events, exactly once in effect. For each integration:
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
 *
 * A shard pass does 1–4 for all the shard's waiting integrations at once (one read, one bulk commit, one
 * mark), so its round trips do not grow with the number of integrations; 5 runs per integration.
 */

const BATCH = 200;
/** Integrations whose transitions a shard pass applies at once (each integration's in order). */
const PARALLEL_DRAINS = 8;

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
  /** Wakes the processing of the integration's shard; without it, recovery processes the integrations itself. */
  wakeShardOf?: (integrationId: string) => void;
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
      const commit = commitOf(fresh, folded.result, folded.events, now());
      if (!(await repos.integrations.commitDetector(fresh.id, fresh.detectorRev, commit))) continue;
      await repos.events.markProcessed(fresh.id, folded.eventIds);
      if (commit.outbox.length > 0) await drain({ ...fresh, detectorRev: fresh.detectorRev + 1 }, commit.outbox);
      return folded.eventIds.length;
    }
    throw new Error(`integration ${integrationId}: detector state kept changing under concurrent workers`);
  }

  async function informational(
    integration: MonitoredIntegration | string,
    pending: readonly StoredEvent[],
  ): Promise<void> {
    const events = pending.map((p) => p.event).filter((e) => INFORMATIONAL_EVENTS.has(e.type));
    if (events.length === 0 || !deps.onInformational) return;
    const id = typeof integration === 'string' ? integration : integration.id;
    try {
      const found = typeof integration === 'string' ? await repos.integrations.findMonitored(id) : integration;
      if (found) await deps.onInformational(found.customerId, events);
    } catch (err) {
      logger.error({ err, integration: id, events: events.length }, 'informational events not applied');
    }
  }

  /** Folds these waiting events of one integration into its state; returns how many were taken out. */
  const foldEvents = async (integrationId: string, pending: readonly StoredEvent[]): Promise<number> => {
    await informational(integrationId, pending);
    return foldDetector(integrationId, pending);
  };

  /** The one-at-a-time way for one integration's waiting events, BATCH per commit. */
  async function foldInBatches(integrationId: string, pending: readonly StoredEvent[]): Promise<number> {
    let taken = 0;
    for (let i = 0; i < pending.length; i += BATCH) {
      const n = await foldEvents(integrationId, pending.slice(i, i + BATCH));
      if (n === 0) break;
      taken += n;
    }
    return taken;
  }
  const foldDetector = (integrationId: string, pending: readonly StoredEvent[]): Promise<number> =>
    step(integrationId, (integration, state) => foldInto(integration, state, pending));

  function foldInto(integration: MonitoredIntegration, state: DetectorState, pending: readonly StoredEvent[]) {
    const policy = resolvePolicy(integration.type);
    let result: ApplyResult = { state, transitions: [] };
    // Another worker may have folded some of them since they were read: the state remembers their keys.
    const events = pending.map((p) => p.event).filter((e) => !state.seenKeys.includes(e.idempotencyKey));
    for (const event of events) {
      const next = applyEvent(result.state, event, policy, now());
      result = { state: next.state, transitions: [...result.transitions, ...next.transitions] };
    }
    return { result, eventIds: pending.map((p) => p.id), events };
  }

  /** Holds the step lock of every id (in one order, so two holders never wait for each other), then works. */
  const withSteps = <T>(ids: readonly string[], work: () => Promise<T>): Promise<T> =>
    [...ids].sort().reduceRight<() => Promise<T>>((inner, id) => () => stepLock(id, inner), work)();

  /**
   * One pass over a shard's waiting events, batched: the integrations are read together, folded in memory,
   * committed in one bulk compare-and-set, and their events marked processed together; transitions are then
   * applied integration by integration, several at a time (each alert's Slack calls in order). Returns the
   * integrations that must go the one-at-a-time way: transitions left by a crash, more events than one
   * commit takes, or a commit another worker won.
   */
  async function foldShardPass(shard: number, pending: Map<string, StoredEvent[]>) {
    const ids = [...pending.keys()];
    return withSteps(ids, async () => {
      const found = await repos.integrations.findMonitoredMany(ids);
      const slow: string[] = [];
      const gone: string[] = [];
      const steps: { integration: MonitoredIntegration; eventIds: string[]; commit: DetectorCommit }[] = [];
      for (const [id, events] of pending) {
        const integration = found.get(id);
        if (!integration) gone.push(...events.map((e) => e.id));
        else if (integration.outbox.length > 0 || events.length > BATCH) slow.push(id);
        else {
          await informational(integration, events);
          const before = integration.detector ?? createDetectorState(integration.connectedAt?.getTime() ?? now());
          const folded = foldInto(integration, before, events);
          steps.push({
            integration,
            eventIds: folded.eventIds,
            commit: commitOf(integration, folded.result, folded.events, now()),
          });
        }
      }
      const won = await repos.integrations.commitDetectorMany(
        steps.map((s) => ({ id: s.integration.id, rev: s.integration.detectorRev, commit: s.commit })),
      );
      const committed = steps.filter((s) => won.has(s.integration.id));
      slow.push(...steps.filter((s) => !won.has(s.integration.id)).map((s) => s.integration.id));
      // Events of an integration deleted since they arrived have nothing left to fold into.
      const done = [...committed.flatMap((s) => s.eventIds), ...gone];
      await repos.events.markProcessedInShard(shard, done);
      await eachLimited(
        committed.filter((s) => s.commit.outbox.length > 0),
        PARALLEL_DRAINS,
        (s) => drain({ ...s.integration, detectorRev: s.integration.detectorRev + 1 }, s.commit.outbox),
      );
      return { taken: done.length, slow };
    });
  }

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
      if (deps.wakeShardOf) {
        // Waiting events are their shard pass's work (one read of the shard per pass): wake each shard once
        // rather than doing it here integration by integration, which under a backlog doubled the load.
        const shards = new Map(stalled.map((id) => [shardOf(id), id]));
        for (const id of shards.values()) deps.wakeShardOf(id);
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
        const pending = await repos.events.pendingInShard(shard);
        if (pending.size === 0) return total;
        let { taken, slow } = await foldShardPass(shard, pending);
        for (const id of slow) taken += await foldInBatches(id, pending.get(id) ?? []);
        if (taken === 0) return total;
        total += taken;
      }
    },
    hasPending: (shard) => repos.events.hasPending(shard),
  };
  return runner;
}
