import { backoffStrategies } from 'agenda';
import { z } from 'zod';
import { type CheckupOutreach, OUTREACH_MAX_ATTEMPTS } from '../src/services/onboarding/outreach.js';
import type { JobSpec } from './types.js';

/** Sends one check-up outreach email; a retryable Gmail failure is retried with backoff (2 s, 4 s, 8 s, …). */
export const CHECKUP_OUTREACH_JOB = 'checkup.outreach.send';

export const checkupOutreachJob: JobSpec<{ outreachId: string }, { outreach: CheckupOutreach }> = {
  name: CHECKUP_OUTREACH_JOB,
  dataSchema: z.object({ outreachId: z.string().min(1) }),
  options: {
    concurrency: 4,
    lockLifetime: 5 * 60 * 1000,
    backoff: backoffStrategies.exponential({ delay: 2000, maxRetries: OUTREACH_MAX_ATTEMPTS - 1 }),
  },
  async run(data, deps) {
    await deps.outreach.send(data.outreachId);
  },
};
