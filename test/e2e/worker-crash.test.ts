import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { EVENTS_SECRET, postsTo, until, useAlertApp } from '../support/alert-events.js';

// Two `techhealth worker` processes and one of them killed (SIGKILL) in the middle of a burst: the other
// takes over its shards once their locks run out, and every failing integration still gets one DM and
// one email. What the dead worker had claimed waits for its claim to run out: a DM's delivery claim (60 s,
// then the next 30 s sweep), an email's lease (75 s, then Agenda's retry), so this test is slow.
const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'src', 'cli.js');
const CSM = 'U0CSMCRASH';
// Twelve customers failing on one type at once would be a vendor outage (one upstream alert): not here.
const app = useAlertApp({ csm: CSM, tz: 'UTC', env: { JOBS: 'off', OUTAGE_MIN_CUSTOMERS: '100' } });
const workers: ChildProcess[] = [];
let output = '';

afterAll(() => {
  for (const w of workers) w.kill('SIGKILL');
});

function startWorker(): ChildProcess {
  const w = spawn(process.execPath, [cli, 'worker'], {
    env: {
      PATH: process.env.PATH,
      MONGODB_URI: app.db.uri,
      SLACK_BOT_TOKEN: app.h.slack.botToken,
      SLACK_SIGNING_SECRET: 'worker-signing-secret',
      SLACK_API_URL: app.h.slack.apiUrl,
      TECHHEALTH_EVENTS_SECRET: EVENTS_SECRET,
      ...app.google.env(),
      EMAIL_FROM: 'alerts@techhealth.example',
      OUTAGE_MIN_CUSTOMERS: '100',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  w.stdout?.on('data', (c: Buffer) => {
    output = (output + c.toString()).slice(-20_000);
  });
  w.stderr?.on('data', (c: Buffer) => {
    output = (output + c.toString()).slice(-20_000);
  });
  workers.push(w);
  return w;
}

describe('two workers, one killed mid-burst', () => {
  it('when one of two workers is killed with SIGKILL during a burst, then every failing integration gets exactly one DM and one email', async () => {
    if (!existsSync(cli)) throw new Error('dist/src/cli.js is missing: run `npm run build` (npm test does)');
    const victim = startWorker();
    startWorker();
    const customers = await Promise.all(Array.from({ length: 12 }, () => app.events.newCustomer()));
    const posted = customers.map((c) =>
      app.events.post(app.events.event(c.externalId, 'token_expired', { errorCode: 'invalid_grant' })),
    );
    expect((await Promise.all(posted)).map((r) => r.status)).toEqual(Array(customers.length).fill(202));
    await until('a first DM', async () => postsTo(app.h.slack.calls('chat.postMessage'), CSM).length > 0, 20_000);
    victim.kill('SIGKILL');

    const dms = () => postsTo(app.h.slack.calls('chat.postMessage'), CSM);
    await until('a DM per customer', async () => dms().length >= customers.length, 130_000).catch((err) => {
      throw new Error(`${(err as Error).message} (${dms().length} of ${customers.length}); output:\n${output}`);
    });
    await until('an email per customer', async () => app.google.sent().length >= customers.length, 180_000);
    await new Promise((r) => setTimeout(r, 2000));
    for (const c of customers) {
      expect(dms().filter((d) => String(d.body.text).includes(c.name))).toHaveLength(1);
    }
    const messageIds = app.google.sent().map((m) => m.messageId);
    expect(new Set(messageIds).size).toBe(messageIds.length);
    expect(messageIds).toHaveLength(customers.length);
  }, 360_000);
});
