import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { MongoClient } from 'mongodb';

/**
 * The embedded default database for a newcomer's machine: without `MONGODB_URI`, the app, the worker and
 * the CLI start the project's own FerretDB build (a MongoDB wire-protocol server on SQLite, built by
 * `scripts/ferretdb/build.sh` into `.cache/ferretdb`) on loopback, with its data in `.techhealth/data`.
 * The server runs detached, so a second process finds it through `.techhealth/server.json` instead of
 * starting another; `techhealth db stop` ends it. Production sets `MONGODB_URI` (and `NODE_ENV=production`
 * refuses to start without one), so it never gets this.
 */

export interface EmbeddedServer {
  uri: string;
  port: number;
  pid: number;
  /** Where its data lives (absolute). */
  dataDir: string;
  /** True when this call started it; false when it found one running. */
  started: boolean;
}

const START_TIMEOUT_MS = 30_000;
/** A start lock older than this belonged to a process that died while starting. */
const STALE_LOCK_MS = 60_000;

/** The project root: the nearest folder above this file with package.json and scripts/ferretdb. */
export function projectRoot(from = import.meta.dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'scripts', 'ferretdb'))) return dir;
    if (dirname(dir) === dir) throw new Error(`the project root (package.json, scripts/ferretdb) is not above ${from}`);
  }
}

/** `.techhealth` in the project, or `TECHHEALTH_HOME`. */
export const embeddedHome = (env: Record<string, string | undefined>) =>
  env.TECHHEALTH_HOME ?? join(projectRoot(), '.techhealth');

const infoFile = (home: string) => join(home, 'server.json');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function answers(uri: string): Promise<boolean> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 1500, connectTimeoutMS: 1500 });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** The running embedded server of `home`, or null (no record, its process gone, or it does not answer). */
export async function findEmbedded(home: string): Promise<Omit<EmbeddedServer, 'started'> | null> {
  if (!existsSync(infoFile(home))) return null;
  try {
    const info = JSON.parse(readFileSync(infoFile(home), 'utf8')) as Omit<EmbeddedServer, 'started'>;
    return alive(info.pid) && (await answers(info.uri)) ? info : null;
  } catch {
    return null;
  }
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

function build(root: string, log: (line: string) => void): Promise<void> {
  log('Building the embedded database (FerretDB, once; needs Go)…');
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(root, 'scripts', 'ferretdb', 'build.sh')], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(
            new Error(
              'No MONGODB_URI is set and the embedded database could not be built (scripts/ferretdb/build.sh needs Go 1.22+). Install Go, or set MONGODB_URI to a MongoDB 6+ server.',
            ),
          ),
    );
  });
}

/** Takes the start lock of `home` (one starter at a time); false while another process holds it. */
function lock(home: string): boolean {
  const file = join(home, 'start.lock');
  try {
    closeSync(openSync(file, 'wx'));
    return true;
  } catch {
    const held = statSync(file, { throwIfNoEntry: false });
    if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) rmSync(file, { force: true });
    return false;
  }
}

async function start(home: string, root: string, log: (line: string) => void): Promise<EmbeddedServer> {
  const bin = join(root, '.cache', 'ferretdb', 'bin', 'ferretdb');
  await build(root, log);
  const dataDir = join(home, 'data');
  mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const out = openSync(join(home, 'ferretdb.log'), 'a');
  const child = spawn(
    bin,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dataDir}/`,
      `--state-dir=${dataDir}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--telemetry=disable',
      '--debug-addr=-',
      '--log-level=warn',
    ],
    { detached: true, stdio: ['ignore', out, out] },
  );
  closeSync(out);
  child.unref();
  const uri = `mongodb://127.0.0.1:${port}/techhealth`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await answers(uri))) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`The embedded database did not start; see ${join(home, 'ferretdb.log')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const server = { uri, port, pid: child.pid as number, dataDir };
  writeFileSync(infoFile(home), `${JSON.stringify(server, null, 2)}\n`);
  return { ...server, started: true };
}

/** The embedded server of `home`: the running one, else one started now (built first when needed). */
export async function ensureEmbedded(
  home: string,
  log: (line: string) => void = () => undefined,
): Promise<EmbeddedServer> {
  mkdirSync(home, { recursive: true });
  const deadline = Date.now() + START_TIMEOUT_MS * 2;
  for (;;) {
    const running = await findEmbedded(home);
    if (running) return { ...running, started: false };
    if (lock(home)) {
      try {
        // Another process may have finished starting between our look and the lock.
        const raced = await findEmbedded(home);
        return raced ? { ...raced, started: false } : await start(home, projectRoot(), log);
      } finally {
        rmSync(join(home, 'start.lock'), { force: true });
      }
    }
    if (Date.now() > deadline)
      throw new Error(`Another process is starting the embedded database (${home}); try again.`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Stops the embedded server of `home`; false when none was running. Its data stays. */
export async function stopEmbedded(home: string): Promise<boolean> {
  const running = await findEmbedded(home);
  rmSync(infoFile(home), { force: true });
  if (!running) return false;
  process.kill(running.pid, 'SIGTERM');
  for (let i = 0; i < 50 && alive(running.pid); i++) await new Promise((r) => setTimeout(r, 100));
  return true;
}

/** Whether a missing MONGODB_URI may be filled by the embedded database (never in production). */
export const embeddedAllowed = (env: Record<string, string | undefined>) =>
  !env.MONGODB_URI && env.NODE_ENV !== 'production' && env.TECHHEALTH_EMBEDDED_DB !== 'off';

/**
 * `MONGODB_URI` for a process that needs the database: the environment's, else the embedded server's
 * (started when needed, with one line saying where its data is). `NODE_ENV=production` never gets one.
 */
export async function withDatabase(
  env: Record<string, string | undefined>,
  log: (line: string) => void,
): Promise<Record<string, string | undefined>> {
  if (env.MONGODB_URI || !embeddedAllowed(env)) return env;
  const home = embeddedHome(env);
  const server = await ensureEmbedded(home, log);
  // Relative when it is below the working folder (".techhealth/data"), else the whole path.
  const inside = relative(process.cwd(), server.dataDir);
  const where = inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : server.dataDir;
  log(
    `No MONGODB_URI: using the embedded database on 127.0.0.1:${server.port}${server.started ? ' (started)' : ''}, data in ${where} (stop it with "techhealth db stop").`,
  );
  return { ...env, MONGODB_URI: server.uri };
}
