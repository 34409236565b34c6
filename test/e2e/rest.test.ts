import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateDemoCsv } from '../../src/domain/demo/generate.js';
import { type AppHarness, startAppHarness } from '../support/app-harness.js';
import { testDatabase } from '../support/e2e-db.js';
import type { TestDb } from '../support/test-db.js';

// The REST API on the running app: bearer auth, upload → same engine and storage as Slack, the
// customer's health and issues, a ticket from the latest report, and the status endpoint's two shapes.
const TOKEN = 'rest-test-token-0123456789abcdef';
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

const call = (path: string, init: RequestInit & { token?: string | null } = {}) => {
  const headers = new Headers(init.headers);
  const token = init.token === undefined ? TOKEN : init.token;
  if (token) headers.set('authorization', `Bearer ${token}`);
  return fetch(`${h.baseUrl}${path}`, { ...init, headers });
};

describe('REST authentication', () => {
  it('when no token or a wrong token is sent, then every route answers 401 and does nothing', async () => {
    for (const [path, method] of [
      ['/api/integrations/status', 'GET'],
      ['/api/integrations/usage/upload', 'POST'],
      ['/api/integrations/acme/health', 'GET'],
    ]) {
      expect((await call(path, { method, token: null })).status).toBe(401);
      expect((await call(path, { method, token: 'wrong-token-0123456789abcdef00' })).status).toBe(401);
    }
    expect(await db.conn.collection('tech_health_reports').countDocuments()).toBe(0);
  });
});

describe('REST upload and reads', () => {
  const csv = [...generateDemoCsv({ rows: 2000, seed: 5 })].join('');

  it('when a CSV is posted as the raw body, then it is scored and stored once; the same file again creates nothing', async () => {
    const first = await call('/api/integrations/usage/upload?filename=acme.csv', {
      method: 'POST',
      body: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(first.status).toBe(201);
    const body = (await first.json()) as {
      reports: { customer: string; created: boolean; reportId: string; score: number }[];
    };
    expect(body.reports).toHaveLength(1);
    expect(body.reports[0]).toMatchObject({ customer: 'Acme Corp', created: true });

    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'acme.csv');
    const again = await call('/api/integrations/usage/upload', { method: 'POST', body: form });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { reports: { created: boolean }[] }).reports[0].created).toBe(false);
    expect(await db.conn.collection('tech_health_reports').countDocuments()).toBe(1);
  });

  it('when the body is not integration data, then 422 carries the engine message and nothing is stored', async () => {
    const res = await call('/api/integrations/usage/upload?filename=notes.txt', {
      method: 'POST',
      body: '\u0000\u0001\u0002 binary',
    });
    expect(res.status).toBe(422);
    const err = (await res.json()) as { error: string; message: string };
    expect(err.error).toMatch(/^upload\./);
    expect(err.message.length).toBeGreaterThan(10);
    expect(await db.conn.collection('tech_health_reports').countDocuments()).toBe(1);
  });

  it('when the health and issues of the customer are asked for by name, then the latest report answers; an unknown customer is 404', async () => {
    const health = await call('/api/integrations/Acme%20Corp/health');
    expect(health.status).toBe(200);
    const hb = (await health.json()) as {
      customer: { name: string; id: string };
      score: number;
      integrations: unknown[];
    };
    expect(hb.customer.name).toBe('Acme Corp');
    expect(hb.integrations.length).toBeGreaterThan(0);
    const byId = await call(`/api/integrations/${hb.customer.id}/issues`);
    expect(byId.status).toBe(200);
    const ib = (await byId.json()) as { issues: { integration: string; kind: string }[] };
    expect(ib.issues.length).toBeGreaterThan(0);
    expect((await call('/api/integrations/nobody/health')).status).toBe(404);
  });

  it('when a ticket is requested twice for the customer, then one ticket TECH-<year>-NNNN is created and returned both times', async () => {
    const a = await call('/api/integrations/Acme%20Corp/ticket', { method: 'POST' });
    const b = await call('/api/integrations/Acme%20Corp/ticket', { method: 'POST' });
    expect([a.status, b.status]).toEqual([201, 200]);
    const ta = (await a.json()) as { ticketId: string };
    const tb = (await b.json()) as { ticketId: string };
    expect(ta.ticketId).toMatch(/^TECH-\d{4}-\d{4}$/);
    expect(tb.ticketId).toBe(ta.ticketId);
  });
});

describe('GET /api/integrations/status', () => {
  it('when asked, then Slack, MongoDB and the scheduler are connected, Google is not configured, and overall is healthy', async () => {
    const res = await call('/api/integrations/status');
    expect(res.status).toBe(200);
    const s = (await res.json()) as {
      overall_status: string;
      last_checked: string;
      integrations: Record<string, { status: string; message: string; healthy: boolean; details: unknown }>;
    };
    expect(s.overall_status).toBe('healthy');
    expect(Number.isNaN(Date.parse(s.last_checked))).toBe(false);
    expect(Object.fromEntries(Object.entries(s.integrations).map(([k, v]) => [k, v.status]))).toEqual({
      slack: 'connected',
      mongodb: 'connected',
      google: 'not_configured',
      scheduler: 'connected',
    });
    expect(s.integrations.google.message).toContain('GOOGLE_CLIENT_ID');
    expect(Object.keys(s).sort()).toEqual(['integrations', 'last_checked', 'overall_status']);
    expect(s.integrations.slack).toEqual({
      status: 'connected',
      message: expect.stringMatching(/^authenticated as /),
      healthy: true,
      details: expect.objectContaining({ latency_ms: expect.any(Number), team_id: expect.any(String) }),
    });
    expect(s.integrations.google).toMatchObject({ status: 'not_configured', healthy: false });
    expect(h.slack.calls('auth.test').length).toBeGreaterThan(0);
  });

  it('when Slack fails auth.test, then slack is in error with its message and overall is partial (503)', async () => {
    h.slack.failNext('auth.test', 'invalid_auth');
    const res = await call('/api/integrations/status');
    expect(res.status).toBe(503);
    const s = (await res.json()) as {
      overall_status: string;
      integrations: Record<string, { status: string; message: string }>;
    };
    expect(s.overall_status).toBe('partial');
    expect(s.integrations.slack.status).toBe('error');
    expect(s.integrations.slack.message).toContain('invalid_auth');
  });

  it('when application/health+json is accepted, then the draft format answers with pass and per-component checks', async () => {
    const res = await call('/api/integrations/status', { headers: { accept: 'application/health+json' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/health+json');
    const s = (await res.json()) as {
      status: string;
      checks: Record<string, { status: string; componentId: string }[]>;
    };
    expect(s.status).toBe('pass');
    expect(s.checks['mongodb:connection'][0]).toMatchObject({ componentId: 'mongodb', status: 'pass' });
    expect(Object.keys(s.checks).sort()).toEqual([
      'google:connection',
      'mongodb:connection',
      'scheduler:jobs',
      'slack:connection',
    ]);
  });
});
