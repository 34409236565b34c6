import type { BackoffStrategy } from 'agenda';
import type { z } from 'zod';
import type { Logger } from '../src/logger.js';

/** Options passed to `agenda.define` (a subset of Agenda's, kept small on purpose). */
export interface JobOptions {
  concurrency?: number;
  lockLifetime?: number;
  lockLimit?: number;
  /** Retry policy for a run that throws (Agenda's backoff strategies). */
  backoff?: BackoffStrategy;
}

/**
 * One background job: its name, the shape of its data (checked before `run`), Agenda options and the
 * work itself. `deps` is whatever the composition root hands to every job.
 */
export interface JobSpec<Data, Deps> {
  name: string;
  dataSchema: z.ZodType<Data>;
  options?: JobOptions;
  run(data: Data, deps: Deps, log: Logger): Promise<void>;
}
