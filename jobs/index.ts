import type { Agenda } from 'agenda';
import { shardOf } from '../src/db/integration-events.js';
import type { Logger } from '../src/logger.js';
import type { DetectionRunner } from '../src/services/alerts/detection-runner.js';
import type { FixEmailSender } from '../src/services/alerts/fix-email.js';
import type { Alerting } from '../src/services/alerts/index.js';
import type { MeetingSurface } from '../src/services/environment/meetings.js';
import type { EnvironmentMonitor } from '../src/services/environment/monitor.js';
import type { Checkups } from '../src/services/onboarding/checkups.js';
import type { CheckupOutreach } from '../src/services/onboarding/outreach.js';
import type { UploadScoring } from '../src/services/uploads/index.js';
import { ALERTS_SWEEP_EVERY, ALERTS_SWEEP_JOB, alertsSweepJob } from './alerts-sweep.js';
import { CHECKUP_OUTREACH_JOB, checkupOutreachJob } from './checkup-outreach.js';
import {
  CHECKUP_RUN_JOB,
  CHECKUP_SWEEP_EVERY,
  CHECKUP_SWEEP_JOB,
  checkupRunJob,
  checkupSweepJob,
} from './checkup-run.js';
import { defineJob } from './define.js';
import {
  ENVIRONMENT_MEETINGS_EVERY,
  ENVIRONMENT_MEETINGS_JOB,
  environmentMeetingsJob,
} from './environment-meetings.js';
import { ENVIRONMENT_MONITOR_EVERY, ENVIRONMENT_MONITOR_JOB, environmentMonitorJob } from './environment-monitor.js';
import { OUTREACH_SEND_JOB, outreachSendJob } from './outreach-send.js';
import { UPLOAD_SCORE_JOB, uploadScoreJob } from './upload-score.js';

export { createAgenda } from './agenda.js';

export interface JobDeps {
  uploads: UploadScoring;
  detection: DetectionRunner;
  alerting: Alerting;
  fixEmail: FixEmailSender;
  checkups: Checkups;
  outreach: CheckupOutreach;
  environment: { monitor: EnvironmentMonitor; meetings: MeetingSurface };
}

/** Every job the app runs, registered explicitly. */
export function defineJobs(agenda: Agenda, deps: JobDeps, logger: Logger): void {
  defineJob(agenda, uploadScoreJob, deps, logger);
  defineJob(agenda, alertsSweepJob, deps, logger);
  defineJob(agenda, outreachSendJob, deps, logger);
  defineJob(agenda, checkupRunJob, deps, logger);
  defineJob(agenda, checkupSweepJob, deps, logger);
  defineJob(agenda, checkupOutreachJob, deps, logger);
  defineJob(agenda, environmentMonitorJob, deps, logger);
  defineJob(agenda, environmentMeetingsJob, deps, logger);
}

/** The repeating jobs; every(): one document however many instances call it. */
export async function scheduleRecurring(agenda: Agenda): Promise<void> {
  await agenda.every(ALERTS_SWEEP_EVERY, ALERTS_SWEEP_JOB, {});
  await agenda.every(CHECKUP_SWEEP_EVERY, CHECKUP_SWEEP_JOB, {});
  await agenda.every(ENVIRONMENT_MONITOR_EVERY, ENVIRONMENT_MONITOR_JOB, {});
  await agenda.every(ENVIRONMENT_MEETINGS_EVERY, ENVIRONMENT_MEETINGS_JOB, {});
}

/** Queues one outreach email (one job document per outreach key). */
export async function scheduleOutreachSend(agenda: Agenda, key: string): Promise<void> {
  const job = agenda.create(OUTREACH_SEND_JOB, { key });
  job.unique({ name: OUTREACH_SEND_JOB, 'data.key': key });
  job.schedule(new Date());
  await job.save();
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

/** Queues one check-up stage at its time (one job document per integration and stage). */
export async function scheduleCheckup(agenda: Agenda, integrationId: string, stage: string, at: Date): Promise<void> {
  const job = agenda.create(CHECKUP_RUN_JOB, { integrationId, stage });
  job.unique({ name: CHECKUP_RUN_JOB, 'data.integrationId': integrationId, 'data.stage': stage });
  job.schedule(at);
  await job.save();
}

/** Queues one check-up outreach email (one job document per draft). */
export async function scheduleCheckupOutreach(agenda: Agenda, outreachId: string): Promise<void> {
  const job = agenda.create(CHECKUP_OUTREACH_JOB, { outreachId });
  job.unique({ name: CHECKUP_OUTREACH_JOB, 'data.outreachId': outreachId });
  job.schedule(new Date());
  await job.save();
}
