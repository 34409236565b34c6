import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type AppHarness, startAppHarness } from '../support/app-harness.js';
import { testDatabase } from '../support/e2e-db.js';
import type { TestDb } from '../support/test-db.js';

// Customer import over REST: good rows load, bad rows come back by line and field, CSMs given by e-mail
// are resolved with users.lookupByEmail, and PUT upserts by external id.
const TOKEN = 'rest-test-token-0123456789abcdef';
let h: AppHarness;
let db: TestDb;

beforeAll(async () => {
  db = await testDatabase();
  h = await startAppHarness({ mongodbUri: db.uri, env: { TECHHEALTH_API_TOKEN: TOKEN } });
  h.slack.addUser({ id: 'U0CSMMAIL1', email: 'casey@vendor.example' });
});

afterAll(async () => {
  await h?.stop();
  await db?.drop();
});

const call = (path: string, init: RequestInit = {}) =>
  fetch(`${h.baseUrl}${path}`, { ...init, headers: { authorization: `Bearer ${TOKEN}`, ...(init.headers ?? {}) } });

interface ImportAnswer {
  created: number;
  updated: number;
  problems: { line: number; field: string; message: string }[];
  customers: { line: number; id: string; name: string; created: boolean }[];
}

describe('POST /api/customers/import', () => {
  it('when integrations have types the product has never heard of, then they load, classified by the catalog', async () => {
    const csv = [
      'name,external_id,integrations',
      'Initech Open,initech-open,tableau:Tableau Cloud;netsuite:NetSuite ERP;frobnicator:Frobnicator;salesforce:CRM',
    ].join('\n');
    const res = await call('/api/customers/import', {
      method: 'POST',
      body: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as ImportAnswer;
    expect(body.problems).toEqual([]);
    const customer = await db.conn.collection('customers').findOne({ externalId: 'initech-open' });
    const integrations = await db.conn.collection('integrations').find({ customerId: customer?._id }).toArray();
    // Types we do not know are kept as the sender spelled them (declaredType), as events keep them.
    const byType = Object.fromEntries(integrations.map((i) => [i.declaredType ?? i.type, i.category]));
    expect(byType).toEqual({ tableau: 'analytics', netsuite: 'erp', frobnicator: 'other', salesforce: 'crm' });
    // Each is checked at once, not only at the next coverage sweep.
    const plans = await db.conn.collection('health_checks').countDocuments({ customerId: String(customer?._id) });
    expect(plans).toBeGreaterThanOrEqual(integrations.length * 3);
  });

  it('when a CSV has good and bad rows, then the good ones load and each bad one is named by line and field', async () => {
    const csv = [
      'name,external_id,aliases,arr,renewal_date,csm,technical_contacts,integrations',
      'Acme Corp,acme-1,Acme;ACME Inc,120000,2026-09-30,casey@vendor.example,Jane Doe|CTO|jane@acme.example|primary,salesforce:Salesforce Prod:critical;slack:Slack',
      'Globex,globex-1,,abc,2026-02-30,U0CSM0001,,',
      'Initech,initech-1,,50000,,nobody@vendor.example,,',
      'Umbrella,umb-1,,75000,2027-01-15,U0CSM0001,,teams:Teams;bad type!:X',
      'Hooli,hooli-1,,90000,2026-12-01,U0CSM0001,Gavin|CEO|gavin@hooli.example|primary,zendesk:Zendesk',
    ].join('\n');
    const res = await call('/api/customers/import', {
      method: 'POST',
      body: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as ImportAnswer;
    expect(body.customers.map((c) => c.name)).toEqual(['Acme Corp', 'Hooli']);
    expect(body.created).toBe(2);
    expect(body.problems).toEqual(
      expect.arrayContaining([
        { line: 3, field: 'arr', message: expect.any(String) },
        { line: 3, field: 'renewalDate', message: 'must be a date like 2026-09-30' },
        { line: 4, field: 'csm', message: 'no Slack user has the e-mail nobody@vendor.example' },
        { line: 5, field: 'integrations[1].type', message: expect.stringContaining('must be a type name') },
      ]),
    );
    const acme = await db.conn.collection('customers').findOne({ externalId: 'acme-1' });
    expect(acme).toMatchObject({
      name: 'Acme Corp',
      arr: 120000,
      csmSlackUserId: 'U0CSMMAIL1',
      aliases: ['Acme', 'ACME Inc'],
    });
    expect(acme?.renewalDate).toEqual(new Date('2026-09-30T00:00:00Z'));
    expect(acme?.technicalContacts).toEqual([
      { name: 'Jane Doe', role: 'CTO', email: 'jane@acme.example', primary: true },
    ]);
    const integrations = await db.conn
      .collection('integrations')
      .find({ customerId: acme?._id })
      .sort({ name: 1 })
      .toArray();
    expect(integrations.map((i) => [i.name, i.type, i.critical])).toEqual([
      ['Salesforce Prod', 'salesforce', true],
      ['Slack', 'slack', false],
    ]);
  });

  it('when the same customers are imported again as JSON, then they are updated, not duplicated', async () => {
    const json = JSON.stringify([
      {
        name: 'Acme Corp',
        externalId: 'acme-1',
        arr: 130000,
        integrations: [{ type: 'salesforce', name: 'Salesforce Prod', critical: true }],
      },
    ]);
    const res = await call('/api/customers/import', {
      method: 'POST',
      body: json,
      headers: { 'content-type': 'application/json' },
    });
    const body = (await res.json()) as ImportAnswer;
    expect(body).toMatchObject({ created: 0, updated: 1, problems: [] });
    expect(await db.conn.collection('customers').countDocuments({ externalId: 'acme-1' })).toBe(1);
    expect((await db.conn.collection('customers').findOne({ externalId: 'acme-1' }))?.arr).toBe(130000);
  });
});

describe('PUT /api/customers/:externalId', () => {
  it('when a new external id is put, then 201 creates it; putting it again answers 200; a bad field answers 422 with the field', async () => {
    const body = JSON.stringify({ name: 'Stark Industries', arr: 1_000_000, csm: 'U0CSM0001' });
    const first = await call('/api/customers/stark-1', {
      method: 'PUT',
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(first.status).toBe(201);
    const again = await call('/api/customers/stark-1', {
      method: 'PUT',
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(again.status).toBe(200);
    const bad = await call('/api/customers/stark-1', { method: 'PUT', body: JSON.stringify({ name: '' }) });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as ImportAnswer).problems).toEqual([{ line: 1, field: 'name', message: 'is required' }]);
    expect(await db.conn.collection('customers').countDocuments({ externalId: 'stark-1' })).toBe(1);
  });
});
