import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { EVENTS_SECRET, postsTo, until, useAlertApp } from '../support/alert-events.js';

// `techhealth worker` as its own process: an app started with JOBS=off only stores and queues; the worker,
// configured by its environment alone, runs the jobs (detection → the CSM's DM) and stops on SIGTERM.
const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'src', 'cli.js');
const CSM = 'U0CSMWORK1';
const app = useAlertApp({ csm: CSM, tz: 'UTC', env: { JOBS: 'off' } });
let worker: ChildProcess | null = null;
let output = '';

afterAll(() => {
  worker?.kill('SIGKILL');
});

describe('techhealth worker', () => {
  it('when the app runs with JOBS=off, then events wait for a worker, which sends the DM and exits cleanly on SIGTERM', async () => {
    if (!existsSync(cli)) throw new Error('dist/src/cli.js is missing: run `npm run build` (npm test does)');
    const { externalId } = await app.events.newCustomer();
    expect((await app.events.post(app.events.event(externalId, 'token_expired'))).status).toBe(202);
    await new Promise((r) => setTimeout(r, 1500));
    expect(postsTo(app.h.slack.calls('chat.postMessage'), CSM)).toHaveLength(0);

    worker = spawn(process.execPath, [cli, 'worker'], {
      env: {
        PATH: process.env.PATH,
        MONGODB_URI: app.db.uri,
        SLACK_BOT_TOKEN: app.h.slack.botToken,
        SLACK_SIGNING_SECRET: 'worker-signing-secret',
        SLACK_API_URL: app.h.slack.apiUrl,
        TECHHEALTH_EVENTS_SECRET: EVENTS_SECRET,
        ALERT_EMAIL_MODE: 'off',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stdout?.on('data', (c: Buffer) => {
      output += c.toString();
    });
    worker.stderr?.on('data', (c: Buffer) => {
      output += c.toString();
    });
    const dms = await until(
      'the DM sent by the worker',
      async () => {
        const sent = postsTo(app.h.slack.calls('chat.postMessage'), CSM);
        return sent.length > 0 ? sent : null;
      },
      20_000,
    ).catch((err) => {
      throw new Error(`${(err as Error).message}; worker output:\n${output}`);
    });
    expect(dms).toHaveLength(1);
    expect(String(dms[0].body.text)).toMatch(/Salesforce|token|disconnected/i);
    expect(output).toContain('TechHealth worker started');

    const exited = new Promise<number | null>((resolve) => worker?.on('exit', (code) => resolve(code)));
    worker.kill('SIGTERM');
    expect(await exited).toBe(0);
    worker = null;
  }, 45_000);
});
