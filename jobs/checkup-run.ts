import { z } from 'zod';
import { CHECK_STAGES } from '../src/domain/onboarding/types.js';
import type { Checkups } from '../src/services/onboarding/checkups.js';
import type { JobSpec } from './types.js';

/** Runs one stage of a new integration's check-ups (one job document per integration and stage). */
export const CHECKUP_RUN_JOB = 'checkup.run';

export const checkupRunJob: JobSpec<
  { integrationId: string; stage: (typeof CHECK_STAGES)[number] },
  { checkups: Checkups }
> = {
  name: CHECKUP_RUN_JOB,
  dataSchema: z.object({ integrationId: z.string().min(1), stage: z.enum(CHECK_STAGES) }),
  options: { concurrency: 4, lockLifetime: 5 * 60 * 1000 },
  async run(data, deps) {
    await deps.checkups.run(data.integrationId, data.stage);
  },
};

/**
 * Check-up coverage, every minute (one job document): plans integrations that have no plan (imported,
 * created before check-ups existed, or whose jobs were lost), runs checks that are due but not run, and
 * reminds CSMs whose snooze of a check alert ended.
 */
export const CHECKUP_SWEEP_JOB = 'checkup.sweep';
export const CHECKUP_SWEEP_EVERY = '1 minute';

export const checkupSweepJob: JobSpec<unknown, { checkups: Checkups }> = {
  name: CHECKUP_SWEEP_JOB,
  dataSchema: z.unknown(),
  options: { concurrency: 1, lockLifetime: 5 * 60 * 1000 },
  async run(_data, deps, log) {
    const { planned, ran, reminded } = await deps.checkups.sweep();
    if (planned + ran + reminded > 0) log.info({ planned, ran, reminded }, 'check-up sweep');
  },
};
