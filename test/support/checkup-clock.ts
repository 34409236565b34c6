import type { TechHealthApp } from '../../src/app.js';

/**
 * An injected clock for check-up suites: the app reads `now()`, the test moves it on and runs the coverage
 * sweep through the real Agenda (the same job that runs every minute in production), so an integration's
 * 30 days pass in seconds and nothing sleeps.
 *
 *   const clock = checkupClock();
 *   const app = useAlertApp({ …, overrides: { now: clock.now, agendaProcessEvery: 100 } });
 *   await clock.advanceAndSweep(app.h.app, 1.1); // day 1
 */
export function checkupClock() {
  let offset = 0;
  const now = () => Date.now() + offset;
  return {
    now,
    /** The app's time as ISO, for events that happen "now" on its clock. */
    iso: () => new Date(now()).toISOString(),
    async advanceAndSweep(app: TechHealthApp, days: number): Promise<void> {
      offset += days * 86_400_000;
      // Wait for this run, not another sweep that happened to be running (the every-minute one).
      let id = '';
      const early: string[] = [];
      const finished = new Promise<void>((resolve, reject) => {
        const done = (job: { attrs: { _id?: unknown } }, err?: Error) => {
          const jobId = String(job.attrs._id);
          if (!id) return void early.push(jobId);
          if (jobId !== id) return;
          app.agenda.off('success:checkup.sweep', onSuccess);
          app.agenda.off('fail:checkup.sweep', onFail);
          if (err) reject(err);
          else resolve();
        };
        const onSuccess = (job: { attrs: { _id?: unknown } }) => done(job);
        const onFail = (err: Error, job: { attrs: { _id?: unknown } }) => done(job, err);
        app.agenda.on('success:checkup.sweep', onSuccess);
        app.agenda.on('fail:checkup.sweep', onFail);
      });
      const job = await app.agenda.now('checkup.sweep', {});
      id = String(job.attrs._id);
      if (early.includes(id)) return;
      await finished;
    },
  };
}
