import type { Agenda, JobWithId } from 'agenda';
import { z } from 'zod';
import type { Logger } from '../src/logger.js';
import type { DetectionRunner } from '../src/services/detection-runner.js';
import type { JobSpec } from './types.js';

/**
 * Folds an integration's stored events into its detector state and applies the transitions (one job
 * document per integration: `scheduleEventsProcess`). Safe to run twice at once: the runner commits by
 * compare-and-set and applies each transition once.
 */
export const EVENTS_PROCESS_JOB = 'events.process';

export const eventsProcessJob: JobSpec<{ integrationId: string }, { detection: DetectionRunner }> = {
  name: EVENTS_PROCESS_JOB,
  dataSchema: z.object({ integrationId: z.string().regex(/^[0-9a-f]{24}$/, 'must be an integration id') }),
  options: { concurrency: 8, lockLifetime: 2 * 60 * 1000 },
  async run(data, deps) {
    await deps.detection.processIntegration(data.integrationId);
  },
};

/**
 * Re-arms the integration's job when events arrived while it ran. Agenda ends a run by writing the
 * state it computed when the run began (`nextRunAt: null` for a one-off job) over the document, so an
 * intake's re-arm that landed during the run is undone; this check runs after that final write, which
 * closes the window. A failed run is left to Agenda's retry (re-arming it would loop at once).
 */
export function rearmEventsProcess(
  agenda: Agenda,
  deps: { detection: DetectionRunner },
  schedule: (integrationId: string) => Promise<void>,
  logger: Logger,
): void {
  agenda.on(`complete:${EVENTS_PROCESS_JOB}`, (job: JobWithId) => {
    const id = (job.attrs.data as { integrationId?: unknown } | undefined)?.integrationId;
    if (typeof id !== 'string' || job.attrs.nextRunAt || job.attrs.failCount) return;
    deps.detection
      .hasPending(id)
      .then((pending) => (pending ? schedule(id) : undefined))
      .catch((err: unknown) => logger.error({ err, integration: id }, 're-arming event processing failed'));
  });
}
