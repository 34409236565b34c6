import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { testDatabase } from '../support/e2e-db.js';
import { runCliCaptured } from '../support/run-cli.js';
import type { TestDb } from '../support/test-db.js';

// `techhealth environment import FILE` against the test MongoDB: the example files load, bad rows are named
// by file, line and field and leave their customer as it was, and every other customer is applied.
let db: TestDb;
let dir: string;

beforeAll(async () => {
  db = await testDatabase();
  dir = mkdtempSync(join(tmpdir(), 'techhealth-environment-'));
  // The example file names Globex by its id.
  const ids: Record<string, Types.ObjectId> = { Globex: new Types.ObjectId('65f0c0ffee0000000000beef') };
  await db.conn.collection('customers').insertMany(
    ['Acme Corp', 'Globex', 'Initech'].map((name) => ({
      ...(ids[name] ? { _id: ids[name] } : {}),
      name,
      nameKey: name.toLowerCase(),
      aliases: [],
      aliasKeys: [],
    })),
  );
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await db?.drop();
});

const cli = (args: string[]) => runCliCaptured(args, { MONGODB_URI: db.uri, LOG_LEVEL: 'silent' });
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const customer = (name: string) => db.conn.collection('customers').findOne({ name });

describe('techhealth environment import', () => {
  it('when the example JSON file is imported, then each customer gets its environment', async () => {
    const r = await cli(['environment', 'import', 'docs/examples/environment-import.json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Updated the environment of 2 customer(s)');
    const acme = await customer('Acme Corp');
    expect(acme?.security).toMatchObject({ mfa: 'optional', sso: { enabled: true, provider: 'Okta' } });
    expect(acme?.technicalContacts).toEqual([expect.objectContaining({ name: 'Mike Lee', primary: true })]);
    expect(
      await db.conn.collection('security_audit').countDocuments({ customerId: String(acme?._id), source: 'import' }),
    ).toBe(1);
  });

  it('when a CSV has a bad row and an unknown customer, then those are named by line and field and the rest loads', async () => {
    const before = await customer('Globex');
    const path = file(
      'env.csv',
      [
        'customer,security.mfa,limits.webhooks,compliance.dataResidency',
        'Initech,enforced,5,EU-West',
        'Globex,sometimes,-1,',
        'Hooli,off,,',
      ].join('\n'),
    );
    const r = await cli(['environment', 'import', path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Updated the environment of 1 customer(s)');
    expect(r.stderr).toContain(`${path}:3: security.mfa must be one of enforced, optional, off`);
    expect(r.stderr).toContain(`${path}:3: limits.webhooks`);
    expect(r.stderr).toContain(`${path}:4: customer no customer named "Hooli": import the customer first`);
    expect((await customer('Initech'))?.security).toEqual({ mfa: 'enforced' });
    const after = await customer('Globex');
    expect(after?.security).toEqual(before?.security);
    expect(after?.environmentRev).toBe(before?.environmentRev);
  });

  it('when a technographics export is imported, then its sources are replaced, manual entries kept, and a customer with a bad row is left alone', async () => {
    const initech = await customer('Initech');
    await db.conn.collection('customers').updateOne(
      { _id: initech?._id },
      {
        $set: {
          techStack: [{ category: 'CRM', technology: 'Pipedrive', source: 'manual' }],
          techStackReported: true,
        },
      },
    );
    const path = file(
      'tech.csv',
      [
        'customer,category,technology,source,detected_at',
        'Initech,Marketing,HubSpot,BuiltWith,2026-03-01',
        'Initech,Data,Snowflake,BuiltWith,2026-03-02',
        'Globex,Identity,Okta,BuiltWith,2026-13-45',
        'Globex,Identity,Auth0,BuiltWith,2026-03-01',
      ].join('\n'),
    );
    const r = await cli(['environment', 'import', path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Updated the technographics of 1 customer(s)');
    expect(r.stderr).toContain(`${path}:4: detectedAt`);
    expect(r.stderr).toMatch(/tech\.csv:4: customer not applied/);
    expect((await customer('Initech'))?.techStack.map((t: { technology: string }) => t.technology)).toEqual([
      'Pipedrive',
      'HubSpot',
      'Snowflake',
    ]);
    expect((await customer('Globex'))?.techStack ?? []).toEqual([]);
  });

  it('when the file cannot be read as CSV or JSON, then it says why and exits 2', async () => {
    const r = await cli(['environment', 'import', file('bad.json', '{ "customers": ')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not valid JSON');
    expect((await cli(['environment', 'import'])).code).toBe(2);
  });
});
