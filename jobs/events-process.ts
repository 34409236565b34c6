import type { Agenda, JobWithId } from 'agenda';
import { z } from 'zod';
import { EVENT_SHARDS } from '../src/db/integration-events.js';
import type { Logger } from '../src/logger.js';
import type { DetectionRunner } from '../src/services/alerts/detection-runner.js';
import type { JobSpec } from './types.js';

/**
 * Folds stored events into their integrations' detector states and applies the transitions, one pass over
 * a shard of integrations (one job document per shard: `scheduleEventsProcess`). Safe to run twice at
 * once: the runner commits by compare-and-set and applies each transition once.
 */
export const EVENTS_PROCESS_JOB = 'events.process';

export const eventsProcessJob: JobSpec<{ shard: number }, { detection: DetectionRunner }> = {
  name: EVENTS_PROCESS_JOB,
  dataSchema: z.object({
    shard: z
      .number()
      .int()
      .min(0)
      .max(EVENT_SHARDS - 1),
  }),
  // Short: a crashed worker's shard is taken over within seconds (a live run extends its lock, see define.ts).
  options: { concurrency: EVENT_SHARDS, lockLifetime: 15_000 },
  async run(data, deps) {
    await deps.detection.processShard(data.shard);
  },
};

/**
 * Re-arms a shard's job when events arrived while it ran. Agenda ends a run by writing the
 * state it computed when the run began (`nextRunAt: null` for a one-off job) over the document, so an
 * intake's re-arm that landed during the run is undone; this check runs after that final write, which
 * closes the window. A failed run is left to Agenda's retry (re-arming it would loop at once).
 */
export function rearmEventsProcess(
  agenda: Agenda,
  deps: { detection: DetectionRunner },
  schedule: (shard: number) => Promise<void>,
  logger: Logger,
): void {
  agenda.on(`complete:${EVENTS_PROCESS_JOB}`, (job: JobWithId) => {
    const shard = (job.attrs.data as { shard?: unknown } | undefined)?.shard;
    if (typeof shard !== 'number' || job.attrs.nextRunAt || job.attrs.failCount) return;
    deps.detection
      .hasPending(shard)
      .then((pending) => (pending ? schedule(shard) : undefined))
      .catch((err: unknown) => logger.error({ err, shard }, 're-arming event processing failed'));
  });
}
