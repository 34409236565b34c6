import { backoffStrategies } from 'agenda';
import { z } from 'zod';
import { EMAIL_MAX_ATTEMPTS, type FixEmailSender } from '../src/services/alerts/fix-email.js';
import type { JobSpec } from './types.js';

/** Sends one outreach email; Agenda retries a retryable failure with exponential backoff (2 s, 4 s, 8 s, …). */
export const OUTREACH_SEND_JOB = 'outreach.send';

export const outreachSendJob: JobSpec<{ key: string }, { fixEmail: FixEmailSender }> = {
  name: OUTREACH_SEND_JOB,
  dataSchema: z.object({ key: z.string().min(1) }),
  options: {
    concurrency: 4,
    // Longer than the outreach lease (75 s): when a crashed worker's lock runs out, its lease has too, so
    // the retry sends (after the Sent-mail look-up) instead of finding the lease held and skipping.
    // A live run extends its lock (define.ts).
    lockLifetime: 90_000,
    backoff: backoffStrategies.exponential({ delay: 2000, maxRetries: EMAIL_MAX_ATTEMPTS - 1 }),
  },
  async run(data, deps) {
    await deps.fixEmail.send(data.key);
  },
};
