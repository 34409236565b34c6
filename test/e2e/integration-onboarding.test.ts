import { describe, expect, it } from '@jest/globals';
import { ONBOARDING_ACTION, ONBOARDING_CALLBACK, ONBOARDING_INPUT } from '../../views/ids.js';
import { API_TOKEN, useAlertApp, wait } from '../support/alert-events.js';
import { checkBlocks } from '../support/block-kit-rules.js';
import { appHomeOpened, blockActions, slashCommand, viewSubmission } from '../support/slack-request.js';

// Integration added, the ways it is found (events, REST, the Slack modal and command), the Home tab
// dashboard, and the REST routes around them, on the real app with MongoDB and the Slack stand-in.
const CSM = 'U0CSMONB01';
const app = useAlertApp({ csm: CSM, tz: 'Europe/Berlin', env: { ALERT_EMAIL_MODE: 'off' } });
const { post, newCustomer, event } = app.events;
const db = () => app.db.conn;
const api = (path: string, init: { method?: string; body?: unknown; token?: string | null } = {}) =>
  fetch(`${app.h.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.token === null ? {} : { authorization: `Bearer ${init.token ?? API_TOKEN}` }),
      'content-type': 'application/json',
    },
    ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
  });
const integrationsOf = async (externalId: string) => {
  const customer = await db().collection('customers').findOne({ externalId });
  return db().collection('integrations').find({ customerId: customer?._id }).toArray();
};
const checksOf = (integrationId: string) =>
  db().collection('health_checks').find({ integrationId }).sort({ scheduledFor: 1 }).toArray();
const checkJobs = (integrationId: string) =>
  db().collection('agenda_jobs').find({ name: 'checkup.run', 'data.integrationId': integrationId }).toArray();
const published = () => app.h.slack.calls('views.publish').filter((c) => c.body.user_id === CSM);
const lastHome = () => published().at(-1)?.body.view as { blocks: Record<string, unknown>[] };
const homeText = () => JSON.stringify(lastHome().blocks);

describe('integration added: detection', () => {
  it('when two connected events for a new integration arrive at once, then one integration exists with one plan of four check-ups', async () => {
    const { externalId } = await newCustomer();
    const integration = { type: 'hubspot', name: 'HubSpot', id: `hs-${externalId}` };
    const [a, b] = await Promise.all([
      post(event(externalId, 'connected', { integration })),
      post(event(externalId, 'connected', { integration })),
    ]);
    expect([a.status, b.status]).toEqual([202, 202]);
    const [found] = await wait('the integration', async () => {
      const list = await integrationsOf(externalId);
      return list.length > 0 ? list : null;
    });
    expect(await integrationsOf(externalId)).toHaveLength(1);
    const id = String(found._id);
    const checks = await wait('four check-ups', async () => ((await checksOf(id)).length === 4 ? checksOf(id) : null));
    expect(checks.map((c) => c.stage)).toEqual(['connection', 'sync', 'usage', 'value']);
    expect((await checkJobs(id)).map((j) => j.data.stage).sort()).toEqual(['connection', 'sync', 'usage', 'value']);
  });

  it('when OAuth completes or an API key is created, then each finds a new integration; a whole key is refused', async () => {
    const { externalId } = await newCustomer();
    const okta = { type: 'okta', name: 'Okta', id: `okta-${externalId}` };
    const hook = { type: 'webhook', name: 'Order webhooks', id: `wh-${externalId}` };
    expect(
      (await post(event(externalId, 'oauth_completed', { integration: okta, scopes: ['okta.users.read'] }))).status,
    ).toBe(202);
    expect(
      (await post(event(externalId, 'api_key_created', { integration: hook, keyPrefix: 'th_live_9f' }))).status,
    ).toBe(202);
    const list = await wait('two integrations', async () => {
      const l = await integrationsOf(externalId);
      return l.length === 2 ? l : null;
    });
    const webhook = list.find((i) => i.name === 'Order webhooks');
    // Per type: a webhook has no sync stage.
    const stages = (
      await wait('webhook plan', async () => {
        const c = await checksOf(String(webhook?._id));
        return c.length > 0 ? c : null;
      })
    ).map((c) => c.stage);
    expect(stages).toEqual(['connection', 'usage', 'value']);

    const leaked = await post(
      event(externalId, 'api_key_created', { integration: hook, apiKey: 'th_live_9f2c7a1b0e' }),
    );
    expect(leaked.status).toBe(400);
    expect(JSON.stringify(await leaked.json())).toMatch(/keyPrefix/);
    const stored = await db()
      .collection('integration_events')
      .find({ integrationId: String(webhook?._id) })
      .toArray();
    expect(JSON.stringify(stored)).not.toContain('th_live_9f2c7a1b0e');
  });
});

describe('integration added: by hand', () => {
  it('when a CSM adds an unknown type over REST, then it is created once, classified, checked, and bad input is refused', async () => {
    const { externalId, name } = await newCustomer();
    const body = { customer: externalId, type: 'NetSuite', name: 'NetSuite (finance)', expectedSyncIntervalHours: 6 };
    const first = await api('/api/integrations', { method: 'POST', body });
    expect(first.status).toBe(201);
    const created = (await first.json()) as {
      created: boolean;
      customer: { name: string };
      integration: { id: string; category: string; type: string };
      checks: { type: string }[];
      status: string;
    };
    expect(created).toMatchObject({ created: true, customer: { name }, status: 'unknown' });
    expect(created.integration.category).toBe('erp');
    expect(created.checks.map((c) => c.type)).toEqual(['connection', 'sync', 'usage', 'value']);
    const again = await api('/api/integrations', {
      method: 'POST',
      body: { ...body, name: 'netsuite  (FINANCE)'.replace('  ', ' ') },
    });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { integration: { id: string } }).integration.id).toBe(created.integration.id);
    expect(await integrationsOf(externalId)).toHaveLength(1);

    const bad = await api('/api/integrations', {
      method: 'POST',
      body: { customer: externalId, type: '', colour: 'red' },
    });
    expect(bad.status).toBe(400);
    const errors = ((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path);
    expect(errors).toEqual(expect.arrayContaining(['type', '(body)']));
    expect((await api('/api/integrations', { method: 'POST', body: '{"customer":' })).status).toBe(400);
    expect(
      (await api('/api/integrations', { method: 'POST', body: { customer: 'nobody-at-all', type: 'slack' } })).status,
    ).toBe(404);
    expect((await api('/api/integrations', { method: 'POST', body, token: null })).status).toBe(401);
  });

  it('when a CSM types /techhealth add <customer> and submits the modal, then the integration is added, the CSM told and the Home tab refreshed', async () => {
    const { id, name } = await newCustomer();
    const res = await app.h.post(
      '/slack/events',
      slashCommand({ text: `add ${name}`, responseUrl: app.h.slack.responseUrl(), userId: CSM }, app.h.signingSecret),
    );
    expect(res.status).toBe(200);
    const [open] = await app.h.slack.waitForCall('views.open');
    const modal = open.body.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    expect(modal.callback_id).toBe(ONBOARDING_CALLBACK.addIntegrationSubmit);
    expect(modal.private_metadata).toBe(id);
    expect(checkBlocks(modal.blocks, 'view')).toBeNull();

    // "Other" without a typed type is refused in the modal itself.
    const values = (type: string, other: string | null, integrationName: string) => ({
      [ONBOARDING_INPUT.customer]: {
        [ONBOARDING_INPUT.customer]: { type: 'static_select', selected_option: { value: id } },
      },
      [ONBOARDING_INPUT.type]: { [ONBOARDING_INPUT.type]: { type: 'static_select', selected_option: { value: type } } },
      [ONBOARDING_INPUT.otherType]: { [ONBOARDING_INPUT.otherType]: { type: 'plain_text_input', value: other } },
      [ONBOARDING_INPUT.name]: { [ONBOARDING_INPUT.name]: { type: 'plain_text_input', value: integrationName } },
    });
    const refused = await app.h.post(
      '/slack/events',
      viewSubmission(
        {
          callbackId: ONBOARDING_CALLBACK.addIntegrationSubmit,
          values: values('__other__', null, 'Tableau'),
          privateMetadata: id,
          userId: CSM,
        },
        app.h.signingSecret,
      ),
    );
    expect(refused.json<{ response_action: string; errors: Record<string, string> }>()).toMatchObject({
      response_action: 'errors',
      errors: { [ONBOARDING_INPUT.otherType]: expect.any(String) },
    });

    const ok = await app.h.post(
      '/slack/events',
      viewSubmission(
        {
          callbackId: ONBOARDING_CALLBACK.addIntegrationSubmit,
          values: values('__other__', 'tableau', 'Tableau Cloud'),
          privateMetadata: id,
          userId: CSM,
        },
        app.h.signingSecret,
      ),
    );
    expect(ok.status).toBe(200);
    const dm = await wait('the confirmation DM', async () =>
      app.h.slack
        .calls('chat.postMessage')
        .find((c) => c.body.channel === CSM && /Tableau Cloud/.test(String(c.body.text))),
    );
    expect(String(dm.body.text)).toMatch(/analytics/);
    await wait('the Home tab', async () => published().length > 0);
    expect(homeText()).toContain('Tableau Cloud');
    const added = await db().collection('integrations').findOne({ name: 'Tableau Cloud' });
    expect(added?.source).toBe('manual');
    expect(await checksOf(String(added?._id))).toHaveLength(4);
  });
});

describe('the integration dashboard on the Home tab', () => {
  it('when a CSM with no customers opens the Home tab, then the dashboard explains how integrations appear', async () => {
    const lonely = 'U0LONELY01';
    app.h.slack.addUser({ id: lonely, tz: 'UTC' } as Parameters<typeof app.h.slack.addUser>[0]);
    await app.h.post('/slack/events', appHomeOpened(app.h.signingSecret, { userId: lonely }));
    const [call] = await app.h.slack.waitForCall('views.publish');
    const text = JSON.stringify(call.body.view);
    expect(text).toContain('No integrations yet');
    expect(text).toContain(ONBOARDING_ACTION.addIntegration);
  });

  it('when a CSM has 300 integrations, then every page stays inside Block Kit limits, worst first, and paging keeps the filter', async () => {
    const csm = 'U0BIGBOOK1';
    app.h.slack.addUser({ id: csm, tz: 'UTC' } as Parameters<typeof app.h.slack.addUser>[0]);
    const customers = await Promise.all(Array.from({ length: 6 }, () => app.events.newCustomer({ csm })));
    const docs = customers.flatMap((c, ci) =>
      Array.from({ length: 50 }, (_, i) => ({
        customerId: new (db().base.Types.ObjectId)(c.id),
        name: `Integration ${ci}-${String(i).padStart(2, '0')}`,
        nameKey: `integration ${ci}-${String(i).padStart(2, '0')}`,
        type: 'custom_api',
        declaredType: i % 2 ? 'tableau' : 'netsuite',
        category: 'custom',
        source: 'import',
        status: 'unknown',
        createdAt: new Date(),
      })),
    );
    const { insertedIds } = await db().collection('integrations').insertMany(docs);
    // One failing check makes one integration critical: it must lead the first page.
    const failing = String(insertedIds[137]);
    await db()
      .collection('health_checks')
      .insertOne({
        _id: `${failing}:connection` as never,
        integrationId: failing,
        customerId: customers[2].id,
        stage: 'connection',
        scheduledFor: new Date(),
        completedAt: new Date(),
        result: 'fail',
        findings: [{ kind: 'connection_failed', severity: 'critical', message: 'Auth failed twice', evidence: {} }],
        details: { evaluated: ['connection_failed'], measured: {} },
      });

    await app.h.post('/slack/events', appHomeOpened(app.h.signingSecret, { userId: csm }));
    const first = (await app.h.slack.waitForCall('views.publish'))[0].body.view as {
      blocks: Record<string, unknown>[];
    };
    expect(checkBlocks(first.blocks, 'view')).toBeNull();
    expect(first.blocks.length).toBeLessThanOrEqual(100);
    const text = JSON.stringify(first.blocks);
    expect(text).toContain('300 integrations');
    expect(text.indexOf('Integration 2-37')).toBeGreaterThan(-1);
    expect(text.indexOf('Integration 2-37')).toBeLessThan(
      text.indexOf('Integration 0-00') === -1 ? Infinity : text.indexOf('Integration 0-00'),
    );

    const click = (actionId: string, value: string, select = false) =>
      app.h.post(
        '/slack/events',
        blockActions(
          { actionId, value, responseUrl: app.h.slack.responseUrl(), userId: csm, container: 'view', select },
          app.h.signingSecret,
        ),
      );
    app.h.slack.reset();
    await click(ONBOARDING_ACTION.dashboardFilter, 'unknown', true);
    const filtered = (await app.h.slack.waitForCall('views.publish'))[0].body.view as { blocks: unknown[] };
    expect(JSON.stringify(filtered)).not.toContain('Integration 2-37');
    app.h.slack.reset();
    await click(ONBOARDING_ACTION.dashboardNext, 'unknown|14');
    const last = (await app.h.slack.waitForCall('views.publish'))[0].body.view as { blocks: unknown[] };
    expect(checkBlocks(last.blocks, 'view')).toBeNull();
    expect(JSON.stringify(last)).toMatch(/page 15 of 15/);
    expect(JSON.stringify(last)).toContain('Showing 281–299 of 299');
  }, 60_000);
});

describe('REST around check-ups', () => {
  it('when an integration is checked, then its status includes the check-up record and the metrics count it; the OpenAPI document lists every route', async () => {
    const { externalId } = await newCustomer();
    const integration = { type: 'slack', name: 'Slack', id: `slack-${externalId}` };
    await post(event(externalId, 'connected', { integration }));
    await post(event(externalId, 'api_calls', { integration, count: 40, failed: 0 }));
    const [found] = await wait('the integration', async () => {
      const l = await integrationsOf(externalId);
      return l.length ? l : null;
    });
    const id = String(found._id);
    await wait('the connection check to run', async () => (await checksOf(id))[0]?.completedAt);
    const status = await api(`/api/integrations/${id}/status`);
    expect(status.status).toBe(200);
    const s = (await status.json()) as { healthCheck: { status: string; checks: { type: string; result: string }[] } };
    expect(s.healthCheck.checks[0]).toMatchObject({ type: 'connection', result: 'pass' });
    expect(s.healthCheck.status).toBe('healthy');

    const metrics = (await (await api('/api/integrations/metrics')).json()) as {
      integrations: number;
      checkCoverage: number | null;
      targets: Record<string, number>;
    };
    expect(metrics.integrations).toBeGreaterThan(0);
    expect(metrics.checkCoverage).toBeGreaterThan(0);
    expect(metrics.targets).toEqual({ checkCoverage: 1, issueDetectionRate: 0.9, healthyAtDay30: 0.8 });

    const doc = (await (await api('/api/openapi.json')).json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: { required?: string[] } }> } }>
      >;
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const path of [
      '/api/integrations',
      '/api/integrations/{integrationId}/health-check',
      '/api/integrations/{integrationId}/outreach',
      '/api/integrations/{integrationId}/status',
      '/api/integrations/customer/{customerId}',
      '/api/integrations/metrics',
      '/api/integrations/events',
      '/api/integrations/status',
      '/api/integrations/usage/upload',
      '/api/customers/import',
      '/api/maintenance-windows',
      '/api/openapi.json',
    ])
      expect(Object.keys(doc.paths)).toContain(path);
    const add = doc.paths['/api/integrations'].post.requestBody?.content['application/json'].schema;
    expect(add?.required).toEqual(expect.arrayContaining(['customer', 'type']));
    expect((await api('/api/openapi.json', { token: null })).status).toBe(401);
  });

  it('when the outreach route gets bad input, then it answers 400 with the problem, 404 for an unknown integration', async () => {
    const { externalId } = await newCustomer();
    const made = (await (
      await api('/api/integrations', { method: 'POST', body: { customer: externalId, type: 'zendesk' } })
    ).json()) as { integration: { id: string } };
    const id = made.integration.id;
    const bad = await api(`/api/integrations/${id}/outreach`, { method: 'POST', body: { type: 'newsletter' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors[0].path).toBe('type');
    expect(
      (await api('/api/integrations/000000000000000000000000/outreach', { method: 'POST', body: { type: 'training' } }))
        .status,
    ).toBe(404);
  });
});
