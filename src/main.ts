import { createApp } from './app.js';
import { exitOnCrash, runProcess } from './run.js';

/** The Slack app server (`npm start`): Bolt's receiver with the REST routes, and jobs unless JOBS=off. */
runProcess({
  env: process.env,
  needs: ['slack', 'mongodb'],
  async start(config, logger) {
    const app = await createApp(config, { logger });
    try {
      await app.start();
    } catch (err) {
      await app.stop().catch(() => {});
      throw err;
    }
    return app;
  },
}).catch(exitOnCrash('TechHealth'));
