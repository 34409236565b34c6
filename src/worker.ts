import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createServices } from './app.js';
import { exitOnCrash, runProcess } from './run.js';

/**
 * `techhealth worker`: background jobs only (scoring, alerts, e-mail), no HTTP listener and no Slack
 * listeners, next to app instances started with JOBS=off.
 */
export function runWorker(env: Record<string, string | undefined>): Promise<void> {
  return runProcess({
    env,
    needs: ['slack', 'mongodb'],
    async start(config, logger) {
      const services = await createServices(config, { logger });
      try {
        await services.startJobs();
      } catch (err) {
        await services.close().catch(() => {});
        throw err;
      }
      logger.info('TechHealth worker started');
      return { stop: () => services.close() };
    },
  });
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runWorker(process.env).catch(exitOnCrash('TechHealth worker'));
}
