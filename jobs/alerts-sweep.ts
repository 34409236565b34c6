import { z } from 'zod';
import type { DetectionRunner } from '../src/services/alerts/detection-runner.js';
import type { Alerting } from '../src/services/alerts/index.js';
import type { JobSpec } from './types.js';

/**
 * The periodic half of alerting, every 30 s (one job document, so several instances take turns):
 * recovers events and transitions a crashed worker left behind, finds silent integrations, sends alerts
 * whose maintenance window ended, wakes expired snoozes, reminds overdue tasks and sends due digests.
 */
export const ALERTS_SWEEP_JOB = 'alerts.sweep';
export const ALERTS_SWEEP_EVERY = '30 seconds';
/** Unprocessed events older than this are taken over by the sweep (their own job died or was lost). */
const STALLED_MS = 10_000;

export const alertsSweepJob: JobSpec<unknown, { detection: DetectionRunner; alerting: Alerting }> = {
  name: ALERTS_SWEEP_JOB,
  dataSchema: z.unknown(),
  options: { concurrency: 1, lockLifetime: 30_000 },
  async run(_data, deps, log) {
    const recovered = await deps.detection.recover(STALLED_MS);
    const silent = await deps.detection.sweepSilent();
    const released = await deps.alerting.deliverPending();
    await deps.alerting.wakeSnoozed();
    const reminders = await deps.alerting.remindOverdue();
    const digests = await deps.alerting.sendDigests();
    if (recovered + silent + released + reminders + digests > 0) {
      log.info({ recovered, silent, released, reminders, digests }, 'alerts sweep');
    }
  },
};
