import { type Config, ConfigError, loadConfig, type Requirement, redactConfig } from './config.js';
import { embeddedAllowed, withDatabase } from './db/embedded.js';
import { createLogger, type Logger } from './logger.js';

/**
 * The life of a long-running process (the Slack app server, the worker): validate the environment, start,
 * and shut down cleanly on SIGTERM/SIGINT. Exit codes: 2 for bad configuration, 1 for a failed start or
 * shutdown, 0 after a clean stop.
 */

/** A second signal, or a shutdown that hangs, must still end the process. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

export interface Running {
  stop(): Promise<void>;
}

export async function runProcess(opts: {
  env: Record<string, string | undefined>;
  needs: Requirement[];
  start(config: Config, logger: Logger): Promise<Running>;
}): Promise<void> {
  let config: Config;
  try {
    // Everything but the database first, so a missing Slack token is told before anything starts.
    loadConfig(opts.env, embeddedAllowed(opts.env) ? opts.needs.filter((n) => n !== 'mongodb') : opts.needs);
    const env = opts.needs.includes('mongodb') ? await databaseEnv(opts.env) : opts.env;
    config = loadConfig(env, opts.needs);
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

  let running: Running | null = null;
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal during shutdown; exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    (running?.stop() ?? Promise.resolve()).then(
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
    running = await opts.start(config, logger);
  } catch (err) {
    logger.fatal({ err }, 'failed to start');
    process.exit(1);
  }
}

/** The environment with MONGODB_URI, the embedded database's when none is set (or exit 1 saying why not). */
async function databaseEnv(env: Record<string, string | undefined>) {
  try {
    return await withDatabase(env, (line) => process.stderr.write(`${line}\n`));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

/** Reports a crash before the logger exists and ends the process. */
export function exitOnCrash(what: string) {
  return (err: unknown) => {
    process.stderr.write(
      `${what} failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  };
}
