#!/usr/bin/env node
import { once } from 'node:events';
import { createWriteStream, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { UploadError, UsageError } from './domain/errors.js';
import { INTEGRATION_TYPES, type IntegrationType, isIntegrationType } from './domain/records.js';
import type { HealthReport } from './domain/report/types.js';
import { scoreFiles } from './services/scoring/score-files.js';

// Every command but `score` is loaded when it runs: zod (config), pino, the MongoDB driver and the
// importers cost ~0.25 s of start-up together, which a plain scoring run does not need.

const USAGE = `techhealth — technical health of a customer's integrations

Usage:
  techhealth score <file…> [--customer NAME] [--integration NAME] [--format text|markdown|json]
                           [--sla TYPE=MS …] [--workers N]
      Score API/webhook log exports (CSV, JSON, NDJSON, nginx, AWS ALB, API Gateway, Kong).
      One report per customer found in the data. With MONGODB_URI set, the report is stored
      (once per file) and compared with the customer's previous one. --workers N: threads that
      parse a file over 16 MB (default 2: this one and one worker thread).
  techhealth demo [--out FILE] [--rows N] [--seed N] [--weeks N] [--users N]
      Write a realistic sample export (default techhealth-demo.csv, 60,000 rows over 4 weeks);
      --users N adds a user_id column with N users per integration.
  techhealth customers import FILE
      Load customers (CSV or JSON: name, aliases, ARR, renewal date, CSM, technical contacts,
      integrations) into MONGODB_URI. Bad rows are listed by line and field; good rows still load.
  techhealth environment import FILE [--format environment|technographics]
      Load technical environments (limits, security, compliance, tech stack, technical contacts) or a
      technographics export for many customers (CSV or JSON). Bad rows are listed by line and field;
      their customer is left as it was, every other customer is updated.
  techhealth worker                 run background jobs only (alerts, scoring) next to app instances started with JOBS=off
  techhealth db status|start|stop   the embedded database used when MONGODB_URI is not set (data in .techhealth/data)
  techhealth help

Integration types for --sla: ${INTEGRATION_TYPES.map((t) => t.type).join(', ')}

Exit status: 0 done, 1 the input could not be scored, 2 bad usage or configuration, 70 internal error.`;

/** Runs the command line; returns the exit status. Output and errors go to the given streams. */
export async function runCli(
  argv: string[],
  env: Record<string, string | undefined>,
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'score':
        return await scoreCommand(rest, env, out, err);
      case 'demo':
        return await demoCommand(rest, out);
      case 'customers':
        return await (await import('./cli-customers.js')).customersCommand(rest, env, out, err);
      case 'environment':
        return await (await import('./cli-environment.js')).environmentCommand(rest, env, out, err);
      case 'db':
        return await dbCommand(rest, env, out);
      case 'worker':
        // A long-running process: it installs its own signal handlers and exits from them.
        await (await import('./worker.js')).runWorker(env);
        return await new Promise<number>(() => {});
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        out.write(`${USAGE}\n`);
        return 0;
      default:
        throw new UsageError(`Unknown command "${command}". Run "techhealth help".`);
    }
  } catch (e) {
    if (e instanceof UploadError) {
      err.write(`Cannot score: ${e.message}\n`);
      return 1;
    }
    // ConfigError is told by name: config.ts (and zod with it) is only loaded by the commands that need it.
    if (e instanceof UsageError || (e instanceof Error && e.name === 'ConfigError')) {
      err.write(`${e.message}\n`);
      return 2;
    }
    if (e instanceof Error && 'code' in e && (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      err.write(`${e.message}. Run "techhealth help".\n`);
      return 2;
    }
    err.write(`Internal error: ${(e as Error).message}\n(run with LOG_LEVEL=debug for details)\n`);
    if (env.LOG_LEVEL === 'debug' || env.LOG_LEVEL === 'trace')
      (await import('./logger.js')).createLogger(env.LOG_LEVEL).debug({ err: e }, 'internal error');
    return 70;
  }
}

/** `techhealth db status|start|stop`: the embedded database (see src/db/embedded.ts). */
async function dbCommand(args: string[], env: Record<string, string | undefined>, out: NodeJS.WritableStream) {
  const { embeddedHome, ensureEmbedded, findEmbedded, stopEmbedded } = await import('./db/embedded.js');
  const home = embeddedHome(env);
  const [sub, ...extra] = args;
  if (extra.length > 0 || !['status', 'start', 'stop'].includes(sub ?? ''))
    throw new UsageError('Usage: techhealth db status|start|stop');
  if (sub === 'stop') {
    out.write(
      (await stopEmbedded(home))
        ? 'Stopped the embedded database; its data stays.\n'
        : 'The embedded database is not running.\n',
    );
    return 0;
  }
  const server = sub === 'start' ? await ensureEmbedded(home, (l) => out.write(`${l}\n`)) : await findEmbedded(home);
  if (!server) {
    out.write('The embedded database is not running (it starts with the app, the worker or "techhealth db start").\n');
    return 0;
  }
  out.write(
    `The embedded database runs on 127.0.0.1:${server.port} (pid ${server.pid}), data in ${server.dataDir}\nMONGODB_URI=${server.uri}\n`,
  );
  return 0;
}

async function scoreCommand(
  args: string[],
  env: Record<string, string | undefined>,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      customer: { type: 'string' },
      integration: { type: 'string' },
      format: { type: 'string', default: 'text' },
      sla: { type: 'string', multiple: true },
      workers: { type: 'string' },
    },
  });
  if (positionals.length === 0) throw new UsageError('score needs at least one file: techhealth score <file…>');
  const format = values.format;
  if (format !== 'text' && format !== 'markdown' && format !== 'json') {
    throw new UsageError(`--format must be text, markdown or json (got "${format}")`);
  }
  // Configuration matters only for storing (MONGODB_URI set, empty counts as unset): a plain scoring run
  // reads none, so it neither loads nor checks it.
  const storing = (env.MONGODB_URI ?? '').trim() !== '';
  const config = storing ? (await import('./config.js')).loadConfig(env) : null;
  const workers = values.workers === undefined ? 2 : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 16) {
    throw new UsageError(`--workers must be a whole number from 1 to 16 (got "${values.workers}")`);
  }

  const showProgress = 'isTTY' in err && (err as NodeJS.WriteStream).isTTY;
  let lastProgress = Date.now();
  const result = await scoreFiles(positionals, {
    customer: values.customer ?? null,
    integration: values.integration ?? null,
    slaOverrides: parseSla(values.sla ?? []),
    workers,
    onProgress: showProgress
      ? (rows) => {
          if (Date.now() - lastProgress < 1000) return;
          lastProgress = Date.now();
          err.write(`parsed ${rows.toLocaleString('en-US')} rows…\r`);
        }
      : undefined,
  });

  let reports: HealthReport[] = result.reports;
  if (config?.mongodbUri) {
    // Loaded only when storing: mongoose alone costs ~0.2 s of start-up for every plain scoring run.
    const { createServices } = await import('./app.js');
    const logger = (await import('./logger.js')).createLogger(config.logLevel);
    const services = await createServices(config, { logger });
    try {
      reports = [];
      for (const report of result.reports) {
        if (report.customer === null) {
          err.write('Not stored: the data names no customer (pass --customer NAME to store it).\n');
          reports.push(report);
          continue;
        }
        const stored = await services.reportStore.storeReport(report, {
          fileHash: result.fileHash,
          fileNames: result.fileNames,
        });
        if (!stored.created) err.write(`Already stored: this file was scored for ${report.customer} before.\n`);
        reports.push({ ...report, trend: stored.trend });
      }
    } finally {
      await services.close();
    }
  }

  if (format === 'json') out.write(`${JSON.stringify({ reports }, null, 2)}\n`);
  else if (format === 'markdown') {
    const { renderMarkdown } = await import('./domain/report/render-markdown.js');
    out.write(`${reports.map((r) => renderMarkdown(r)).join('\n\n---\n\n')}\n`);
  } else out.write(`${(await import('./domain/report/render-text.js')).renderTextAll(reports)}\n`);
  return 0;
}

/** `--sla salesforce=800` → { salesforce: 800 }. */
function parseSla(values: string[]): Partial<Record<IntegrationType, number>> {
  const overrides: Partial<Record<IntegrationType, number>> = {};
  for (const v of values) {
    const m = /^([a-z_]+)=(\d+(?:\.\d+)?)$/i.exec(v.trim());
    if (!m) throw new UsageError(`--sla expects TYPE=MS, e.g. --sla salesforce=800 (got "${v}")`);
    const type = m[1].toLowerCase();
    if (!isIntegrationType(type)) {
      throw new UsageError(
        `--sla: unknown integration type "${m[1]}". Known: ${INTEGRATION_TYPES.map((t) => t.type).join(', ')}`,
      );
    }
    const ms = Number(m[2]);
    if (ms <= 0) throw new UsageError(`--sla: the SLA for ${type} must be a positive number of milliseconds`);
    overrides[type] = ms;
  }
  return overrides;
}

async function demoCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      out: { type: 'string', default: 'techhealth-demo.csv' },
      rows: { type: 'string' },
      seed: { type: 'string' },
      weeks: { type: 'string' },
      users: { type: 'string' },
    },
  });
  const int = (name: string, v: string | undefined, min: number, max: number) => {
    if (v === undefined) return undefined;
    const n = Number(v.replaceAll('_', ''));
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new UsageError(
        `--${name} must be a whole number from ${min} to ${max.toLocaleString('en-US')} (got "${v}")`,
      );
    }
    return n;
  };
  const rows = int('rows', values.rows, 100, 50_000_000);
  const { generateDemoCsv } = await import('./domain/demo/generate.js');
  const file = createWriteStream(values.out);
  for (const chunk of generateDemoCsv({
    rows,
    seed: int('seed', values.seed, 0, 2 ** 31),
    weeks: int('weeks', values.weeks, 1, 52),
    users: int('users', values.users, 0, 10_000_000),
  })) {
    if (!file.write(chunk)) await once(file, 'drain');
  }
  file.end();
  await once(file, 'finish');
  out.write(`Wrote ${values.out}. Score it with: techhealth score ${values.out}\n`);
  return 0;
}

// Entry point when run as a program (not when imported by tests).
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runCli(process.argv.slice(2), process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`Internal error: ${(e as Error).message}\n`);
      process.exitCode = 70;
    },
  );
}
