import { z } from 'zod';
import type { UploadScoring } from '../src/services/uploads/index.js';
import type { JobSpec } from './types.js';

/**
 * Scores one Slack upload. Unique per file id (see `scheduleUploadScore`), so a retried event cannot queue
 * a second run; the state it resumes from is the upload document (src/db/uploads.ts).
 */
export const UPLOAD_SCORE_JOB = 'upload.score';

export const uploadScoreJob: JobSpec<{ fileId: string }, { uploads: UploadScoring }> = {
  name: UPLOAD_SCORE_JOB,
  dataSchema: z.object({ fileId: z.string().regex(/^F[A-Z0-9]+$/, 'must be a Slack file id like F0123ABCD') }),
  // Large files take minutes; a lock older than this means the process died and the job may re-run.
  options: { concurrency: 2, lockLifetime: 15 * 60 * 1000 },
  async run(data, deps) {
    await deps.uploads.process(data.fileId);
  },
};
