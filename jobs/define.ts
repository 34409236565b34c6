import type { Agenda } from 'agenda';
import type { Logger } from '../src/logger.js';
import type { JobSpec } from './types.js';

/**
 * Registers one JobSpec with Agenda. Data is validated with the spec's schema before `run`: a job
 * stored by an older version with a different shape fails with a clear reason instead of running on
 * garbage (Agenda records the reason as failReason). While it runs, the job's lock is extended every
 * third of its lockLifetime.
 */
export function defineJob<Data, Deps>(agenda: Agenda, spec: JobSpec<Data, Deps>, deps: Deps, logger: Logger): void {
  agenda.define(
    spec.name,
    async (job) => {
      const log = logger.child({ job: spec.name, jobId: String(job.attrs._id) });
      const parsed = spec.dataSchema.safeParse(job.attrs.data);
      if (!parsed.success) {
        const reason = parsed.error.issues.map((i) => `${i.path.join('.') || '(data)'}: ${i.message}`).join('; ');
        log.error({ reason }, 'job data does not match its schema');
        throw new Error(`invalid job data: ${reason}`);
      }
      // A lock that a dead process held runs out after lockLifetime; a live run keeps its lock by touching
      // the job, so lockLifetime can be short (another process takes over soon after a crash).
      const lifetime = spec.options?.lockLifetime;
      const heartbeat = lifetime
        ? setInterval(() => {
            job.touch().catch((err: unknown) => log.warn({ err }, 'could not extend the job lock'));
          }, lifetime / 3)
        : null;
      try {
        await spec.run(parsed.data, deps, log);
      } finally {
        if (heartbeat) clearInterval(heartbeat);
      }
    },
    spec.options ?? {},
  );
}
