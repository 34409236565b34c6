import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { EVENT_SHARDS } from '../../db/integration-events.js';
import type { ShardLeaseRepo } from '../../db/shard-leases.js';
import type { Logger } from '../../logger.js';
import type { DetectionRunner } from './detection-runner.js';

/**
 * Works the event inbox's shards in this process (the app with JOBS=inline, or `techhealth worker`): a
 * shard with events waiting gets a pass (`DetectionRunner.processShard`) under its lease, then more passes
 * while events keep arriving. Events stored by this process wake their shard at once; events stored by
 * another (an app with JOBS=off) are found by a poll of the shard inboxes every `pollMs`. A process that dies
 * holding a lease holds it for at most `leaseMs`; then another takes the shard over.
 *
 * This was an Agenda job per shard. On the test server every Agenda query reads the whole jobs collection
 * (thousands of check-up jobs), and a job re-armed per request cost more than the work it started.
 */
export interface EventProcessor {
  start(): void;
  /** Stops polling and waits for the passes under way; their leases are given up. */
  stop(): Promise<void>;
  /** Events of the shard were stored: pass over it now (or right after the pass under way). */
  wake(shard: number): void;
}

const leaseName = (shard: number) => `events:${shard}`;

export function createEventProcessor(deps: {
  detection: DetectionRunner;
  leases: ShardLeaseRepo;
  logger: Logger;
  pollMs?: number;
  leaseMs?: number;
}): EventProcessor {
  const { detection, leases, logger } = deps;
  const pollMs = deps.pollMs ?? 250;
  const leaseMs = deps.leaseMs ?? 4000;
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const running = new Map<number, Promise<void>>();
  const again = new Set<number>();
  // After a refused claim, the shard is another process's for a while: do not ask on every event.
  const elsewhereUntil = new Map<number, number>();
  let timer: NodeJS.Timeout | null = null;
  let stopped = true;

  async function work(shard: number): Promise<void> {
    if (!(await leases.claim(leaseName(shard), owner, leaseMs))) {
      elsewhereUntil.set(shard, Date.now() + leaseMs / 2);
      return;
    }
    const renew = setInterval(() => {
      leases.claim(leaseName(shard), owner, leaseMs).catch((err) => logger.warn({ err, shard }, 'lease not renewed'));
    }, leaseMs / 3);
    try {
      while (!stopped) {
        again.delete(shard);
        const taken = await detection.processShard(shard);
        // A pass that took nothing (events of a deleted integration, a lost race) must not spin.
        if (taken === 0 || !(again.has(shard) || (await detection.hasPending(shard)))) break;
      }
    } finally {
      clearInterval(renew);
      await leases.release(leaseName(shard), owner).catch((err) => logger.warn({ err, shard }, 'lease not released'));
    }
  }

  function kick(shard: number): void {
    if (stopped || (elsewhereUntil.get(shard) ?? 0) > Date.now()) return;
    if (running.has(shard)) {
      again.add(shard);
      return;
    }
    const run = work(shard)
      .catch((err) => logger.error({ err, shard }, 'event processing failed; the shard is retried at the next poll'))
      .finally(() => {
        running.delete(shard);
        if (again.delete(shard)) kick(shard);
      });
    running.set(shard, run);
  }

  async function poll(): Promise<void> {
    const idle = Array.from({ length: EVENT_SHARDS }, (_, s) => s).filter(
      (s) => !running.has(s) && (elsewhereUntil.get(s) ?? 0) <= Date.now(),
    );
    const pending = await Promise.all(idle.map((s) => detection.hasPending(s)));
    idle.forEach((s, i) => pending[i] && kick(s));
  }

  function tick(): void {
    poll()
      .catch((err) => logger.warn({ err }, 'polling the event inbox failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, pollMs);
      });
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      tick();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await Promise.all(running.values());
    },
    wake: kick,
  };
}
