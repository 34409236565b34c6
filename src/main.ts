import { createApp } from './app.js';
import { ConfigError, loadConfig, redactConfig } from './config.js';
import { createLogger } from './logger.js';

/**
 * The Slack app server (`npm start`): validate the environment, build the app, listen, and shut down
 * cleanly on SIGTERM/SIGINT (stop taking requests, then close MongoDB). Exit codes: 2 for bad
 * configuration, 1 for a failed start or shutdown.
 */

/** A second signal, or a shutdown that hangs, must still end the process. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env, ['slack', 'mongodb']);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(
        `${err.message}\n\nSee README.md, "Connect to Slack": create the app from manifest.yml, install it, then copy the tokens.\n`,
      );
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  logger.info({ config: redactConfig(config) }, 'starting');

  const app = await createApp(config, { logger });
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal during shutdown; exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    app.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);

  try {
    if (process.argv.includes('--worker')) await app.startWorker();
    else await app.start();
  } catch (err) {
    logger.fatal({ err }, 'failed to start');
    await app.stop().catch(() => {});
    process.exit(1);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `TechHealth failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
