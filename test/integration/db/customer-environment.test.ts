import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { createRepos, ensureIndexes, type Repos } from '../../../src/db/index.js';
import { createTestDb, type TestDb } from '../../support/test-db.js';

let db: TestDb;
let repos: Repos;
beforeAll(async () => {
  db = await createTestDb();
  await ensureIndexes(db.conn);
  repos = createRepos(db.conn);
});
afterAll(async () => {
  await db.drop();
});

const suffix = () => new Types.ObjectId().toHexString();

async function legacyCustomer(extra: Record<string, unknown>): Promise<string> {
  const name = `Legacy ${suffix()}`;
  const { insertedId } = await db.conn
    .collection('customers')
    .insertOne({ name, nameKey: name.toLowerCase(), ...extra });
  return String(insertedId);
}

describe('customer environment storage', () => {
  it('when a customer was stored with tech stack strings, contact levels and the old limit fields, then it reads in the new shape', async () => {
    const id = await legacyCustomer({
      techStack: ['HubSpot', 'Snowflake'],
      technicalContacts: [
        { name: 'Jane Doe', role: 'CTO', email: 'jane@acme.example', level: 'primary' },
        { name: 'Raj Patel', email: 'raj@acme.example', level: 'escalation' },
      ],
      apiLimits: { apiCallsPerMonth: 1_000_000 },
      securityConfig: { mfa: 'optional' },
      dataResidency: 'EU-West',
    });
    const stored = await repos.customers.environmentOf(id);
    expect(stored?.environment).toEqual({
      limits: { apiCallsPerMonth: 1_000_000 },
      security: { mfa: 'optional' },
      compliance: { dataResidency: 'EU-West' },
      techStack: [
        { category: 'Uncategorized', technology: 'HubSpot', source: 'legacy' },
        { category: 'Uncategorized', technology: 'Snowflake', source: 'legacy' },
      ],
      technicalContacts: [
        { name: 'Jane Doe', role: 'CTO', email: 'jane@acme.example', primary: true },
        { name: 'Raj Patel', email: 'raj@acme.example', primary: false, level: 'escalation' },
      ],
    });
    expect(stored?.customer.technicalContacts[0]).toMatchObject({ name: 'Jane Doe', primary: true });
  });

  it('when the start-up migration runs, then old documents are rewritten in the new shape and the old fields are gone', async () => {
    const id = await legacyCustomer({
      techStack: ['Okta'],
      technicalContacts: [{ name: 'Mike Lee', level: 'primary' }],
      apiLimits: { webhooks: 10 },
    });
    await ensureIndexes(db.conn);
    const doc = await db.conn.collection('customers').findOne({ _id: new Types.ObjectId(id) });
    expect(doc?.techStack).toEqual([{ category: 'Uncategorized', technology: 'Okta', source: 'legacy' }]);
    expect(doc?.technicalContacts).toEqual([{ name: 'Mike Lee', primary: true }]);
    expect(doc?.limits).toEqual({ webhooks: 10 });
    expect(doc?.apiLimits).toBeUndefined();
    expect(doc?.environmentRev).toBe(1);
  });

  it('when a customer has no environment at all, then every section is not reported (an empty list is not "no tools")', async () => {
    const id = await legacyCustomer({ techStack: [], technicalContacts: [] });
    expect((await repos.customers.environmentOf(id))?.environment).toEqual({});
  });

  it('when two writers save from the same revision, then only the first is stored', async () => {
    const id = await legacyCustomer({});
    const { rev } = (await repos.customers.environmentOf(id)) ?? { rev: -1 };
    expect(await repos.customers.saveEnvironment(id, rev, { limits: { webhooks: 5 } })).toBe(true);
    expect(await repos.customers.saveEnvironment(id, rev, { limits: { webhooks: 99 } })).toBe(false);
    const after = await repos.customers.environmentOf(id);
    expect(after).toMatchObject({ rev: rev + 1, environment: { limits: { webhooks: 5 } } });
  });

  it('when an empty tech stack is saved on purpose, then it reads back as reported and empty', async () => {
    const id = await legacyCustomer({});
    expect(await repos.customers.saveEnvironment(id, 0, { techStack: [] })).toBe(true);
    expect((await repos.customers.environmentOf(id))?.environment).toEqual({ techStack: [] });
  });
});

describe('security_audit', () => {
  it('when the same change is appended twice, then one entry is kept', async () => {
    const customerId = suffix();
    const entry = {
      changeId: `evt-${suffix()}`,
      customerId,
      before: { mfa: 'enforced' as const },
      after: { mfa: 'off' as const },
      changes: [
        {
          field: 'mfa' as const,
          before: 'enforced',
          after: 'off',
          weakens: true,
          description: 'MFA changed from enforced to off',
        },
      ],
      weakening: true,
      source: 'event' as const,
      actor: 'admin@acme.example',
      at: new Date('2026-04-02T10:00:00Z'),
    };
    expect(await repos.securityAudit.append(entry)).toBe(true);
    expect(await repos.securityAudit.append(entry)).toBe(false);
    const list = await repos.securityAudit.forCustomer(customerId);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ before: { mfa: 'enforced' }, after: { mfa: 'off' }, actor: 'admin@acme.example' });
  });
});

describe('usage snapshots', () => {
  it('when snapshots arrive out of order, then the newest stays latest and each day keeps its last figures', async () => {
    const customerId = suffix();
    const t = (iso: string) => new Date(iso);
    expect(
      await repos.environmentUsage.record(
        customerId,
        { apiCallsThisMonth: 500, apiCallsToday: 50 },
        t('2026-04-02T12:00:00Z'),
      ),
    ).toBe(true);
    expect(
      await repos.environmentUsage.record(
        customerId,
        { apiCallsThisMonth: 400, apiCallsToday: 30 },
        t('2026-04-02T08:00:00Z'),
      ),
    ).toBe(false);
    await repos.environmentUsage.record(
      customerId,
      { apiCallsThisMonth: 450, apiCallsToday: 20, errorsToday: 2 },
      t('2026-04-01T23:00:00Z'),
    );
    expect(await repos.environmentUsage.latest(customerId)).toMatchObject({ apiCallsThisMonth: 500 });
    expect(await repos.environmentUsage.daily(customerId, '2026-03-01')).toEqual([
      { date: '2026-04-01', calls: 20, errors: 2 },
      { date: '2026-04-02', calls: 50 },
    ]);
  });
});
