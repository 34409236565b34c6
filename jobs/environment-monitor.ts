import { z } from 'zod';
import type { EnvironmentMonitor } from '../src/services/environment/monitor.js';
import type { JobSpec } from './types.js';

/**
 * The technical environment monitor (issue 15), every minute (one job document, so instances take turns):
 * integration down over an hour, API usage over 90 % of a limit, webhook errors over 10 % in the last hour.
 * Each condition alerts once while it holds and once when it clears (stored, so two workers send one).
 */
export const ENVIRONMENT_MONITOR_JOB = 'environment.monitor';
export const ENVIRONMENT_MONITOR_EVERY = '1 minute';

export const environmentMonitorJob: JobSpec<unknown, { environment: { monitor: EnvironmentMonitor } }> = {
  name: ENVIRONMENT_MONITOR_JOB,
  dataSchema: z.unknown(),
  options: { concurrency: 1, lockLifetime: 5 * 60 * 1000 },
  async run(_data, deps, log) {
    const told = await deps.environment.monitor.run();
    if (told.down + told.usage + told.webhooks > 0) log.info(told, 'environment monitor');
  },
};
