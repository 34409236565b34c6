import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabase } from '../support/e2e-db.js';
import { runCliCaptured } from '../support/run-cli.js';
import type { TestDb } from '../support/test-db.js';

// `techhealth customers import FILE` against the test MongoDB (no Slack: e-mail CSMs cannot resolve).
let db: TestDb;
let dir: string;

beforeAll(async () => {
  db = await testDatabase();
  dir = mkdtempSync(join(tmpdir(), 'techhealth-customers-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await db?.drop();
});

const cli = (args: string[]) => runCliCaptured(args, { MONGODB_URI: db.uri, LOG_LEVEL: 'silent' });

describe('techhealth customers import', () => {
  it('when the CSV has a bad row, then the good rows load, the bad one is printed as file:line: field problem, and the exit status is 1', async () => {
    const path = join(dir, 'customers.csv');
    writeFileSync(
      path,
      [
        'name,external_id,arr,renewal_date,csm,integrations',
        'Acme Corp,acme-1,120000,2026-09-30,U0CSM0001,salesforce:Salesforce:critical',
        'Globex,globex-1,-5,,U0CSM0001,',
        'Initech,initech-1,1000,,,hubspot:HubSpot',
      ].join('\n'),
    );
    const r = await cli(['customers', 'import', path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`Imported 2 customer(s) from ${path}: 2 new, 0 updated.\n`);
    expect(r.stderr).toBe(`${path}:3: arr must be 0 or more\n`);
    expect(await db.conn.collection('customers').countDocuments()).toBe(2);
  });

  it('when the subcommand or file is missing, then usage is printed with exit status 2', async () => {
    expect((await cli(['customers'])).code).toBe(2);
    expect((await cli(['customers', 'import', join(dir, 'nope.csv')])).stderr).toContain('Cannot read');
  });
});
