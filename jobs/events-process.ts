import { z } from 'zod';
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
