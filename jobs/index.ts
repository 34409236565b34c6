import type { Agenda } from 'agenda';
import type { Logger } from '../src/logger.js';
import type { UploadScoring } from '../src/services/upload-scoring.js';
import { defineJob } from './define.js';
import { UPLOAD_SCORE_JOB, uploadScoreJob } from './upload-score.js';

export { createAgenda } from './agenda.js';

export interface JobDeps {
  uploads: UploadScoring;
}

/** Every job the app runs, registered explicitly. */
export function defineJobs(agenda: Agenda, deps: JobDeps, logger: Logger): void {
  defineJob(agenda, uploadScoreJob, deps, logger);
}

/**
 * Queues `upload.score` for a file to run now. One job document per file id: saving again (the CSM
 * picked a customer) re-arms the same job instead of adding another.
 */
export async function scheduleUploadScore(agenda: Agenda, fileId: string): Promise<void> {
  const job = agenda.create(UPLOAD_SCORE_JOB, { fileId });
  job.unique({ name: UPLOAD_SCORE_JOB, 'data.fileId': fileId });
  job.schedule(new Date());
  await job.save();
}
