import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabase } from '../support/e2e-db.js';
import { type SlackApiStandIn, startSlackApi } from '../support/slack-api.js';
import { slashCommand } from '../support/slack-request.js';
import type { TestDb } from '../support/test-db.js';

// The built entry point (what `npm start` runs) as a child process, configured only by its environment:
// it must start, serve Slack and health requests, and stop cleanly on SIGTERM.
const root = join(import.meta.dirname, '..', '..');
const entry = join(root, 'dist', 'src', 'main.js');
const SECRET = 'smoke-signing-secret';

function buildIfStale(): void {
  if (existsSync(entry) && statSync(entry).mtimeMs >= newestSource(['src', 'handlers', 'views'])) return;
  // tsc still emits when files owned by others fail to typecheck; only a missing entry point is fatal.
  const out = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  if (!existsSync(entry)) throw new Error(`build produced no ${entry}:\n${out.stdout}${out.stderr}`);
}

function newestSource(dirs: string[]): number {
  const walk = (dir: string): number[] =>
    readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? walk(join(dir, e.name))
        : e.name.endsWith('.ts')
          ? [statSync(join(root, dir, e.name)).mtimeMs]
          : [],
    );
  return Math.max(...dirs.flatMap(walk));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function collect(child: ChildProcess): { output: () => string; exited: Promise<number | null> } {
  let output = '';
  child.stdout?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { output: () => output, exited };
}

async function waitForHealthy(
  url: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode} before serving:\n${output()}`);
    try {
      const res = await fetch(url);
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`app did not answer ${url} within ${timeoutMs} ms:\n${output()}`);
}

let slack: SlackApiStandIn;
let db: TestDb;

beforeAll(async () => {
  buildIfStale();
  slack = await startSlackApi();
  db = await testDatabase();
}, 120_000);

afterAll(async () => {
  await slack?.close();
  await db?.drop();
});

describe('the built app as a process (npm start)', () => {
  it('when the environment lacks Slack settings, then it exits 2 naming each, before any database starts', async () => {
    const child = spawn(process.execPath, [entry], { env: { PATH: process.env.PATH ?? '' }, stdio: 'pipe' });
    const { output, exited } = collect(child);
    expect(await exited).toBe(2);
    expect(output()).toContain('SLACK_BOT_TOKEN: is required but not set');
    expect(output()).not.toContain('embedded database');
  });

  it('when production lacks Slack and MongoDB settings, then it exits 2 naming every missing variable', async () => {
    const env = { PATH: process.env.PATH ?? '', NODE_ENV: 'production' };
    const child = spawn(process.execPath, [entry], { env, stdio: 'pipe' });
    const { output, exited } = collect(child);
    expect(await exited).toBe(2);
    expect(output()).toContain('MONGODB_URI: is required but not set');
    expect(output()).toContain('SLACK_BOT_TOKEN: is required but not set');
    expect(output()).toContain('SLACK_SIGNING_SECRET: is required but not set');
    expect(output()).toContain('Connect to Slack');
  });

  it('when configured, then it serves /healthz and signed commands, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [entry], {
      env: {
        PATH: process.env.PATH ?? '',
        SLACK_BOT_TOKEN: slack.botToken,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: slack.apiUrl,
        MONGODB_URI: db.uri,
        PORT: String(port),
        LOG_LEVEL: 'info',
      },
      stdio: 'pipe',
    });
    const { output, exited } = collect(child);
    try {
      await waitForHealthy(`http://127.0.0.1:${port}/healthz`, child, output, 20_000);
      const signed = slashCommand({ text: 'help', responseUrl: slack.responseUrl() }, SECRET);
      const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
        method: 'POST',
        headers: signed.headers,
        body: signed.body,
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { response_type: string }).response_type).toBe('ephemeral');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(output()).toContain('TechHealth Slack app stopped');
    expect(output()).not.toContain(slack.botToken);
  });
});
