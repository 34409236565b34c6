import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { type AppHarness, startAppHarness } from '../support/app-harness.js';
import { testDatabase } from '../support/e2e-db.js';
import type { TestDb } from '../support/test-db.js';

// The technical environment over REST: PUT merges a partial update (every problem listed, nothing
// half-written, security changes audited) and GET /api/intelligence/technical answers the summary.
const TOKEN = 'env-rest-token-0123456789abcdef';
let h: AppHarness;
let db: TestDb;

beforeAll(async () => {
  db = await testDatabase();
  h = await startAppHarness({ mongodbUri: db.uri, env: { TECHHEALTH_API_TOKEN: TOKEN } });
});
afterAll(async () => {
  await h?.stop();
  await db?.drop();
});

const call = (path: string, init: RequestInit = {}) =>
  fetch(`${h.baseUrl}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
const put = (ref: string, body: unknown, headers: Record<string, string> = {}) =>
  call(`/api/customers/${encodeURIComponent(ref)}/environment`, {
    method: 'PUT',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers,
  });

async function customer(extra: Record<string, unknown> = {}) {
  const name = `Acme ${new Types.ObjectId().toHexString().slice(-8)}`;
  const { insertedId } = await db.conn
    .collection('customers')
    .insertOne({ name, nameKey: name.toLowerCase(), aliases: [], aliasKeys: [], ...extra });
  return { id: String(insertedId), name };
}

const FULL = {
  limits: { apiCallsPerMonth: 1_000_000, rateLimitPerSecond: 150, storageGb: 100, webhooks: 10 },
  security: {
    sso: { enabled: true, provider: 'Okta' },
    mfa: 'optional',
    ipAllowlist: false,
    apiKeyRotationDays: 90,
    auditLogging: true,
    encryptionAtRest: true,
  },
  compliance: {
    dataResidency: 'US-West',
    backupRegion: 'US-East',
    dpaSignedAt: '2024-03-12',
    soc2: 'covered',
    gdpr: 'met',
    hipaa: 'not_applicable',
  },
  techStack: [
    { category: 'Marketing', technology: 'HubSpot', source: 'technographics' },
    { category: 'Data', technology: 'Snowflake', source: 'technographics' },
  ],
  technicalContacts: [
    {
      name: 'Mike Lee',
      role: 'Director of Engineering',
      email: 'mike.lee@acme.example',
      technicalLevel: 'high',
      primary: true,
    },
  ],
};

describe('PUT /api/customers/:id/environment', () => {
  it('when a full environment is sent by name, then it is stored and the security setup is audited as an API change', async () => {
    const c = await customer();
    const res = await put(c.name, FULL, { 'x-techhealth-actor': 'ops@vendor.example' });
    expect(res.status).toBe(200);
    const doc = await db.conn.collection('customers').findOne({ _id: new Types.ObjectId(c.id) });
    expect(doc).toMatchObject({ limits: FULL.limits, security: FULL.security, compliance: FULL.compliance });
    expect(doc?.technicalContacts).toEqual(FULL.technicalContacts);
    const audit = await db.conn.collection('security_audit').find({ customerId: c.id }).toArray();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ source: 'api', actor: 'ops@vendor.example', weakening: false });
    expect(JSON.parse(audit[0].after)).toEqual(FULL.security);
  });

  it('when a partial update is sent by external id, then only the given fields change and null removes one', async () => {
    const c = await customer({ externalId: `ext-${new Types.ObjectId().toHexString()}` });
    await put(c.id, FULL);
    const doc0 = await db.conn.collection('customers').findOne({ _id: new Types.ObjectId(c.id) });
    const res = await put(String(doc0?.externalId), {
      security: { mfa: 'off', ipAllowlist: null },
      limits: { webhooks: 20 },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { securityChanges: { field: string; weakens: boolean }[] };
    expect(body.securityChanges).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'mfa', weakens: true })]),
    );
    const doc = await db.conn.collection('customers').findOne({ _id: new Types.ObjectId(c.id) });
    expect(doc?.security).toEqual({ ...FULL.security, mfa: 'off', ipAllowlist: undefined });
    expect(doc?.security).not.toHaveProperty('ipAllowlist');
    expect(doc?.limits).toEqual({ ...FULL.limits, webhooks: 20 });
    expect(doc?.techStack).toEqual(FULL.techStack);
  });

  it('when the body has several problems, then each is listed with its path and nothing is stored', async () => {
    const c = await customer();
    await put(c.id, FULL);
    const before = await db.conn.collection('customers').findOne({ _id: new Types.ObjectId(c.id) });
    const res = await put(c.id, {
      limits: { webhooks: 20 },
      security: { mfa: 'sometimes' },
      technicalContacts: [
        { name: 'A', email: 'not-an-email', primary: true },
        { name: 'B', primary: true },
      ],
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; problems: { path: string; message: string }[] };
    expect(body.error).toBe('environment.invalid');
    expect(body.problems.map((p) => p.path).sort()).toEqual(
      ['security.mfa', 'technicalContacts[0].email', 'technicalContacts[1].primary'].sort(),
    );
    const after = await db.conn.collection('customers').findOne({ _id: new Types.ObjectId(c.id) });
    expect(after?.limits).toEqual(before?.limits);
    expect(after?.environmentRev).toBe(before?.environmentRev);
  });

  it('when the body is not JSON, names no section, or the customer is unknown, then it says so', async () => {
    const c = await customer();
    expect((await put(c.id, '{ nope')).status).toBe(400);
    const empty = await put(c.id, { limts: { webhooks: 1 } });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { problems: { message: string }[] }).problems[0].message).toContain(
      'at least one of',
    );
    const unknown = await put('No Such Customer Inc', FULL);
    expect(unknown.status).toBe(404);
    expect((await fetch(`${h.baseUrl}/api/customers/${c.id}/environment`, { method: 'PUT', body: '{}' })).status).toBe(
      401,
    );
  });
});

describe('GET /api/intelligence/technical/:customerId', () => {
  interface Answer {
    customer: { name: string };
    healthScore?: { score: number | null };
    environment: { dataResidency: string | null; techStack: { reported: boolean } };
    security: { score: { score: number | null } };
    apiUsage: { limits: { key: string; fraction: number | null }[] };
    recommendations: { title: string }[];
    notReported: { section: string }[];
    integrations: { reported: boolean };
  }

  it('when the customer has full data, then every section is filled and the security score is the hand-computed 75', async () => {
    const c = await customer();
    await put(c.id, FULL);
    const res = await call(`/api/intelligence/technical/${c.id}?includeHealth=true`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Answer;
    expect(body.customer.name).toBe(c.name);
    expect(body.security.score.score).toBe(75);
    expect(body.healthScore?.score).toBe(75);
    expect(body.environment.dataResidency).toBe('US-West');
    expect(body.environment.techStack.reported).toBe(true);
    expect(body.recommendations.length).toBeGreaterThan(0);
    expect(body.notReported.map((n) => n.section).sort()).toEqual(['api_health', 'integrations', 'usage']);
  });

  it('when the customer has no data, then nothing is invented and every section says not reported', async () => {
    const c = await customer();
    const body = (await (await call(`/api/intelligence/technical/${encodeURIComponent(c.name)}`)).json()) as Answer;
    expect(body.healthScore).toBeUndefined();
    expect(body.security.score.score).toBeNull();
    expect(body.notReported.map((n) => n.section).sort()).toEqual(
      ['api_health', 'compliance', 'contacts', 'integrations', 'limits', 'security', 'tech_stack', 'usage'].sort(),
    );
  });

  it('when only limits and a usage snapshot are known, then usage is measured against the limits', async () => {
    const c = await customer();
    await put(c.id, { limits: { apiCallsPerMonth: 1000 } });
    await db.conn
      .collection('customer_usage')
      .insertOne({ _id: c.id as never, usage: JSON.stringify({ apiCallsThisMonth: 950 }), at: new Date() });
    const body = (await (await call(`/api/intelligence/technical/${c.id}`)).json()) as Answer;
    expect(body.apiUsage.limits.find((l) => l.key === 'apiCallsPerMonth')?.fraction).toBeCloseTo(0.95);
    expect(body.notReported.map((n) => n.section)).toContain('security');
    expect((await call('/api/intelligence/technical/nobody-at-all')).status).toBe(404);
  });

  it('when usage is on pace for 150% of the monthly limit, then the projection warns with the day the limit is reached and Request Limit Increase is recommended', async () => {
    const c = await customer();
    await put(c.id, { limits: { apiCallsPerMonth: 1_000_000 } });
    const now = new Date();
    const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
    const monthEnd = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
    const elapsed = Math.max(1, (now.getTime() - monthStart) / 86_400_000);
    const days = (monthEnd - monthStart) / 86_400_000;
    const calls = Math.round((1_500_000 * elapsed) / days);
    await db.conn.collection('customer_usage').insertOne({
      _id: c.id as never,
      usage: JSON.stringify({ apiCallsThisMonth: calls, at: now.getTime() }),
      at: now,
    });
    const body = (await (await call(`/api/intelligence/technical/${c.id}`)).json()) as {
      apiUsage: { projection: { warning: boolean; crossesOn: string | null; projectedFraction: number } };
      recommendations: { action: string | null; priority: string }[];
    };
    expect(body.apiUsage.projection.warning).toBe(true);
    expect(body.apiUsage.projection.projectedFraction).toBeGreaterThan(1.4);
    expect(body.apiUsage.projection.crossesOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(body.recommendations).toContainEqual(
      expect.objectContaining({ action: 'request_limit_increase', priority: 'high' }),
    );
  });
});
