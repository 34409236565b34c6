import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda, InMemoryNotificationChannel } from 'agenda';
import type { Logger } from '../src/logger.js';

/**
 * Agenda on the app's own MongoDB (same URI, collection `agenda_jobs`). Agenda's MongoDB backend opens
 * its own client from the URI: passing mongoose's `Db` would tie Agenda to mongoose's copy of the
 * driver, whose types differ from the top-level `mongodb` package.
 *
 * FerretDB v1 notes (checked by test/integration/jobs/agenda-ferretdb.test.ts): Agenda's lock query
 * (findOneAndUpdate with sort + returnDocument) and its compound `findAndLockNextJobIndex` work as-is;
 * no option changes were needed.
 */
export interface AgendaSettings {
  mongodbUri: string;
  /** Poll interval (MongoDB backend has no change notifications). Default 2 s. */
  processEvery?: number | string;
  /** A job whose lock is older than this is considered abandoned (crashed process) and re-run. */
  defaultLockLifetimeMs?: number;
  maxConcurrency?: number;
}

export const AGENDA_COLLECTION = 'agenda_jobs';

export function createAgenda(settings: AgendaSettings, logger: Logger): Agenda {
  const agenda = new Agenda({
    backend: new MongoBackend({ address: settings.mongodbUri, collection: AGENDA_COLLECTION }),
    name: 'techhealth',
    // Jobs saved by this process run at once through the in-process channel; polling picks up the rest
    // (jobs from other processes, jobs whose lock expired after a crash).
    notificationChannel: new InMemoryNotificationChannel(),
    processEvery: settings.processEvery ?? 2000,
    defaultLockLifetime: settings.defaultLockLifetimeMs ?? 10 * 60 * 1000,
    maxConcurrency: settings.maxConcurrency ?? 16,
  });
  agenda.on('error', (err: unknown) => logger.error({ err }, 'Agenda error'));
  agenda.on('fail', (err: unknown, job: { attrs: { name: string; _id?: unknown } }) =>
    logger.error({ err, job: job.attrs.name, jobId: String(job.attrs._id) }, 'job failed'),
  );
  return agenda;
}
