import { describe, expect, it } from '@jest/globals';
import { API_TOKEN, postsTo, useAlertApp, wait } from '../support/alert-events.js';
import { checkupClock } from '../support/checkup-clock.js';

// Integration added → check-ups, end to end: a signed `connected` event plans the check-ups, the real Agenda
// runs them, and the CSM hears once per problem. The app's clock is injected so 30 days pass in seconds: the
// test moves the clock and runs the coverage sweep job (the same job that runs every minute in production).
const CSM = 'U0CSMCHK01';
const DAY = 86_400_000;
const clock = checkupClock();
const app = useAlertApp({
  csm: CSM,
  tz: 'UTC',
  env: { ALERT_EMAIL_MODE: 'off' },
  overrides: { now: clock.now, agendaProcessEvery: 100 },
});
const { post, newCustomer, event } = app.events;
const checks = (integrationId: string) =>
  app.db.conn.collection('health_checks').find({ integrationId }).sort({ scheduledFor: 1 }).toArray();
const integrationOf = async (externalId: string) => {
  const customer = await app.db.conn.collection('customers').findOne({ externalId });
  return app.db.conn.collection('integrations').findOne({ customerId: customer?._id });
};
const advanceAndSweep = (days: number) => clock.advanceAndSweep(app.h.app, days);

describe('new integration check-ups', () => {
  it('when a Salesforce integration connects and never syncs, then day 0 passes quietly, day 1 fails with one DM, and later days add no repeat', async () => {
    const { externalId } = await newCustomer();
    const integration = { type: 'salesforce', name: 'Salesforce' };
    expect((await post(event(externalId, 'connected', { integration }))).status).toBe(202);

    const found = await wait('the integration', () => integrationOf(externalId));
    const integrationId = String(found._id);
    const planned = await wait('four planned check-ups', async () => {
      const c = await checks(integrationId);
      return c.length === 4 ? c : null;
    });
    expect(planned.map((c) => c.stage)).toEqual(['connection', 'sync', 'usage', 'value']);
    const offsets = planned.map((c) => Math.round((+c.scheduledFor - +planned[0].scheduledFor) / DAY));
    expect(offsets).toEqual([0, 1, 7, 30]);

    // Day 0 runs at once (its Agenda job is due) and is quiet: the integration just connected.
    const day0 = await wait('the connection check to run', async () => {
      const c = (await checks(integrationId))[0];
      return c.completedAt ? c : null;
    });
    expect(day0.result).not.toBe('fail');
    expect(postsTo(app.h.slack.calls('chat.postMessage'), CSM)).toHaveLength(0);

    // Day 1: no sync ever completed.
    await advanceAndSweep(1.1);
    const day1 = (await checks(integrationId)).find((c) => c.stage === 'sync');
    expect(day1?.completedAt).toBeTruthy();
    expect(day1?.result).toBe('fail');
    const dms = postsTo(app.h.slack.calls('chat.postMessage'), CSM);
    expect(dms.length).toBeGreaterThanOrEqual(1);
    expect(dms.map((d) => String(d.body.text)).join('\n')).toMatch(/Salesforce/);
    const afterDay1 = dms.length;

    // Running the sweep again the same day changes nothing and sends nothing.
    await advanceAndSweep(0);
    expect(postsTo(app.h.slack.calls('chat.postMessage'), CSM)).toHaveLength(afterDay1);

    // Days 7 and 30: still nothing arrives; each stage runs once and reports no usage instead of passing.
    await advanceAndSweep(6);
    await advanceAndSweep(23.5);
    const all = await checks(integrationId);
    expect(all.every((c) => c.completedAt)).toBe(true);
    expect(all.find((c) => c.stage === 'value')?.result).not.toBe('pass');
    const kinds = postsTo(app.h.slack.calls('chat.postMessage'), CSM).map((d) => String(d.body.text));
    expect(new Set(kinds).size).toBe(kinds.length);
  }, 60_000);

  it('when an integration was imported long before check-ups existed, then the coverage sweep plans it with its cycle starting now', async () => {
    const { externalId } = await newCustomer();
    const customer = await app.db.conn.collection('customers').findOne({ externalId });
    const { insertedId } = await app.db.conn.collection('integrations').insertOne({
      customerId: customer?._id,
      name: 'Tableau Cloud',
      nameKey: 'tableau cloud',
      type: 'custom_api',
      declaredType: 'tableau',
      category: 'analytics',
      source: 'import',
      status: 'unknown',
      createdAt: new Date(clock.now() - 200 * DAY),
    });
    await advanceAndSweep(0);
    const planned = await checks(String(insertedId));
    expect(planned.length).toBeGreaterThan(0);
    expect(planned[0].stage).toBe('connection');
    // Two hundred days old: its cycle starts now instead of every stage falling due at once.
    expect(Math.abs(+planned[0].scheduledFor - clock.now())).toBeLessThan(DAY);
    expect(+planned.at(-1)!.scheduledFor).toBeGreaterThan(clock.now() + 20 * DAY);
  }, 30_000);

  it('when the REST API asks, then a check runs on demand and the customer lists its integrations with their checks; bad input is refused', async () => {
    const { externalId } = await newCustomer();
    const integration = { type: 'hubspot', name: 'HubSpot' };
    await post(event(externalId, 'connected', { integration }));
    await post(event(externalId, 'sync_completed', { integration }));
    const found = await wait('the integration', () => integrationOf(externalId));
    const id = String(found._id);
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${app.h.baseUrl}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
      });

    const ran = await api(`/api/integrations/${id}/health-check`, { method: 'POST', body: '{"type":"sync"}' });
    expect(ran.status).toBe(200);
    const body = (await ran.json()) as { ran: string[]; checks: { type: string; completedAt: string | null }[] };
    expect(body.ran).toEqual(['sync']);
    expect(body.checks.find((c) => c.type === 'sync')?.completedAt).not.toBeNull();

    expect(
      (await api(`/api/integrations/${id}/health-check`, { method: 'POST', body: '{"type":"weekly"}' })).status,
    ).toBe(400);
    expect((await api(`/api/integrations/${id}/health-check`, { method: 'POST', body: '{' })).status).toBe(400);
    expect((await api('/api/integrations/000000000000000000000000/health-check', { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${app.h.baseUrl}/api/integrations/${id}/health-check`, { method: 'POST' })).status).toBe(401);

    const listed = await api(`/api/integrations/customer/${externalId}`);
    expect(listed.status).toBe(200);
    const list = (await listed.json()) as { integrations: { id: string; type: string; checks: unknown[] }[] };
    expect(list.integrations).toEqual([expect.objectContaining({ id, type: 'hubspot' })]);
    expect(list.integrations[0].checks).toHaveLength(4);
    expect((await api('/api/integrations/customer/no-such-customer')).status).toBe(404);
  }, 30_000);

  it('when no usage snapshot came but an uploaded log names its users, then the usage check counts those users', async () => {
    const { externalId, name } = await newCustomer();
    const integration = { type: 'salesforce', name: 'Salesforce' };
    await post(event(externalId, 'connected', { integration, occurredAt: clock.iso() }));
    const found = await wait('the integration', () => integrationOf(externalId));
    const id = String(found._id);
    await wait('the plan', async () => (await checks(id)).length === 4);
    // Two users made 40 calls in the log, after the integration connected.
    const rows = Array.from({ length: 40 }, (_, i) =>
      [
        new Date(clock.now() + i * 60_000).toISOString(),
        name,
        'Salesforce',
        '/services/data/v59.0/query',
        200,
        120,
        `u-${i % 2}`,
      ].join(','),
    );
    const csv = ['timestamp,customer,integration,endpoint,status,latency_ms,user_id', ...rows].join('\n');
    const upload = await fetch(`${app.h.baseUrl}/api/integrations/usage/upload?filename=sf.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(upload.status).toBe(201);
    const ran = await fetch(`${app.h.baseUrl}/api/integrations/${id}/health-check`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
      body: '{"type":"usage"}',
    });
    const record = (await ran.json()) as {
      checks: { type: string; findings: { kind: string; evidence: Record<string, unknown> }[] }[];
    };
    const usage = record.checks.find((c) => c.type === 'usage');
    expect(usage?.findings.find((f) => f.kind === 'low_usage')?.evidence).toMatchObject({ value: 2 });
    expect(usage?.findings.map((f) => f.kind)).not.toContain('no_usage_reported');
  }, 30_000);
});
