import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';

// Jest loads this file through its CommonJS transform, outside the module mapper, so it imports
// packages only (no relative imports, no import.meta).

/**
 * A real MongoDB wire-protocol server for the test run, resolved in this order:
 * 1. MONGODB_URI, if set (your own server);
 * 2. mongod through mongodb-memory-server, when a binary is already on this machine
 *    (MONGOMS_SYSTEM_BINARY or its download cache) — downloads are not attempted;
 * 3. FerretDB v1.24 with its SQLite backend, built by scripts/ferretdb/build.sh into .cache/ferretdb
 *    and started on a free loopback port with its state in a temporary folder.
 */
interface TestMongoServer {
  uri: string;
  kind: 'external' | 'mongod' | 'ferretdb';
  stop(): Promise<void>;
}

async function startTestMongoServer(root: string, env: NodeJS.ProcessEnv): Promise<TestMongoServer> {
  if (env.MONGODB_URI) return { uri: env.MONGODB_URI, kind: 'external', stop: async () => {} };
  if (mongodBinaryAvailable(env)) {
    const { MongoMemoryServer } = await import('mongodb-memory-server');
    const server = await MongoMemoryServer.create({ instance: { ip: '127.0.0.1' } });
    return { uri: server.getUri(), kind: 'mongod', stop: async () => void (await server.stop()) };
  }
  return startFerretDb(root);
}

function mongodBinaryAvailable(env: NodeJS.ProcessEnv): boolean {
  if (env.MONGOMS_SYSTEM_BINARY) return existsSync(env.MONGOMS_SYSTEM_BINARY);
  const cache = env.MONGOMS_DOWNLOAD_DIR ?? join(homedir(), '.cache', 'mongodb-binaries');
  try {
    return readdirSync(cache).some((f) => f.startsWith('mongod'));
  } catch {
    return false;
  }
}

async function startFerretDb(root: string): Promise<TestMongoServer> {
  await run('bash', [join(root, 'scripts', 'ferretdb', 'build.sh')]);
  const dir = mkdtempSync(join(tmpdir(), 'techhealth-ferretdb-'));
  const port = await freePort();
  const child = spawn(
    join(root, '.cache', 'ferretdb', 'bin', 'ferretdb'),
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dir}/`,
      `--state-dir=${dir}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--telemetry=disable',
      '--debug-addr=-',
      '--log-level=ERROR',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr = (stderr + String(d)).slice(-4000);
  });
  // If the test runner dies without its teardown, a watchdog stops the server and removes its files.
  spawn(
    'sh',
    ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 2; done; kill ${child.pid}; rm -rf '${dir}'`],
    {
      detached: true,
      stdio: 'ignore',
    },
  ).unref();

  const uri = `mongodb://127.0.0.1:${port}/`;
  try {
    await waitForPing(uri, 20_000, () => child.exitCode !== null);
  } catch (err) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`FerretDB did not start: ${(err as Error).message}\n${stderr}`);
  }
  return {
    uri,
    kind: 'ferretdb',
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000).unref())]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    p.on('error', reject);
    p.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function waitForPing(uri: string, timeoutMs: number, died: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    if (died()) throw new Error('the server process exited');
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
    try {
      await client.db('admin').command({ ping: 1 });
      return;
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await client.close().catch(() => {});
    }
  }
  throw new Error(`no answer to ping within ${timeoutMs} ms (${(last as Error)?.message ?? 'unknown'})`);
}

declare global {
  var __techhealthMongo: TestMongoServer | undefined;
}

/** Starts one MongoDB wire-protocol server per test run, unless only the unit project runs. */
export default async function globalSetup(globalConfig: { rootDir: string }): Promise<void> {
  const selected = selectedProjects(process.argv);
  if (selected.length > 0 && selected.every((p) => p === 'unit')) return;
  const server = await startTestMongoServer(globalConfig.rootDir, process.env);
  globalThis.__techhealthMongo = server;
  // Test workers are started after this and inherit the variables.
  process.env.MONGODB_URI = server.uri;
  process.env.TECHHEALTH_TEST_MONGO_KIND = server.kind;
}

/**
 * The names given to --selectProjects (Jest keeps them out of globalConfig): `--selectProjects a b`,
 * `--selectProjects=a`; the list ends at the next option.
 */
function selectedProjects(argv: string[]): string[] {
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('--selectProjects=')) names.push(arg.slice('--selectProjects='.length));
    else if (arg === '--selectProjects') {
      while (i + 1 < argv.length && !argv[i + 1].startsWith('-')) names.push(argv[++i]);
    }
  }
  return names;
}
