import type { Agenda } from 'agenda';
import type { Logger } from '../src/logger.js';
import type { JobSpec } from './types.js';

/**
 * Registers one JobSpec with Agenda. Data is validated with the spec's schema before `run`: a job
 * stored by an older version with a different shape fails with a clear reason instead of running on
 * garbage (Agenda records the reason as failReason).
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
      await spec.run(parsed.data, deps, log);
    },
    spec.options ?? {},
  );
}
