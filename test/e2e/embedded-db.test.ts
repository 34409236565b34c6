import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { stopEmbedded } from '../../src/db/embedded.js';
import { runCliCaptured } from '../support/run-cli.js';

// Without MONGODB_URI the CLI (like the app and the worker) starts the project's own FerretDB on loopback,
// with its data in TECHHEALTH_HOME (default .techhealth): a newcomer needs no database of their own.
const home = mkdtempSync(join(tmpdir(), 'techhealth-home-'));
const env = { TECHHEALTH_HOME: home, LOG_LEVEL: 'silent', PATH: process.env.PATH };

afterAll(async () => {
  await stopEmbedded(home);
  rmSync(home, { recursive: true, force: true });
});

const cli = (args: string[], e: Record<string, string | undefined> = env) => runCliCaptured(args, e);

describe('the embedded default database', () => {
  it('when two imports run at once without MONGODB_URI, then one server starts, both use it, and the data stays after a stop and start', async () => {
    const file = join(home, 'customers.csv');
    writeFileSync(file, 'name,external_id,arr\nAcme Corp,acme-embedded,120000\n');
    expect((await cli(['db', 'status'])).stdout).toMatch(/not running/);

    const [a, b] = await Promise.all([cli(['customers', 'import', file]), cli(['customers', 'import', file])]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const ports = [a, b].map((r) => /127\.0\.0\.1:(\d+)/.exec(r.stderr)?.[1]);
    expect(ports[0]).toBeDefined();
    expect(ports[1]).toBe(ports[0]);
    expect([a, b].filter((r) => /\(started\)/.test(r.stderr))).toHaveLength(1);
    expect(a.stderr).toContain(join(home, 'data'));

    const status = await cli(['db', 'status']);
    expect(status.stdout).toContain(`127.0.0.1:${ports[0]}`);
    expect((await cli(['db', 'stop'])).stdout).toMatch(/Stopped/);
    expect((await cli(['db', 'status'])).stdout).toMatch(/not running/);

    // Started again on the same data: the customer is known, so it is updated, not created.
    const again = await cli(['customers', 'import', file]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/\(started\)/);
    expect(again.stdout).toMatch(/0 new, 1 updated/);
  }, 120_000);

  it('when production runs without MONGODB_URI, then no embedded database is started and the error names the variable', async () => {
    const r = await cli(['customers', 'import', join(home, 'customers.csv')], { ...env, NODE_ENV: 'production' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('MONGODB_URI');
  });
});
