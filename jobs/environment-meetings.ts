import { z } from 'zod';
import type { MeetingSurface } from '../src/services/environment/meetings.js';
import type { JobSpec } from './types.js';

/**
 * Auto-surface before technical meetings (issue 15), every 5 minutes: a CSM's meetings with a customer's
 * technical contacts in the next hour get the customer's technical environment summary by DM, once each.
 */
export const ENVIRONMENT_MEETINGS_JOB = 'environment.meetings';
export const ENVIRONMENT_MEETINGS_EVERY = '5 minutes';

export const environmentMeetingsJob: JobSpec<unknown, { environment: { meetings: MeetingSurface } }> = {
  name: ENVIRONMENT_MEETINGS_JOB,
  dataSchema: z.unknown(),
  options: { concurrency: 1, lockLifetime: 5 * 60 * 1000 },
  async run(_data, deps, log) {
    const sent = await deps.environment.meetings.run();
    if (sent > 0) log.info({ sent }, 'technical meetings surfaced');
  },
};
