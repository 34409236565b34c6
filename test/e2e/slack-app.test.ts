import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ACTION } from '../../views/ids.js';
import { type AppHarness, startAppHarness } from '../support/app-harness.js';
import { checkBlocks } from '../support/block-kit-rules.js';
import { testDatabase } from '../support/e2e-db.js';
import { buildIntegration, buildIssue, buildReport } from '../support/report-builder.js';
import { appHomeOpened, blockActions, slashCommand, TEST_IDS } from '../support/slack-request.js';
import type { TestDb } from '../support/test-db.js';

// The assembled app in HTTP mode, driven the way Slack drives it, against the Web API stand-in and the
// test MongoDB.
let h: AppHarness;
let db: TestDb;

beforeAll(async () => {
  db = await testDatabase();
  h = await startAppHarness({ mongodbUri: db.uri });
});

afterAll(async () => {
  await h?.stop();
  await db?.drop();
});

beforeEach(() => h.slack.reset());

describe('request verification', () => {
  it('when the signature was made with another secret, then the app answers 401 and runs nothing', async () => {
    const signed = slashCommand({ text: 'help', responseUrl: h.slack.responseUrl() }, h.signingSecret, {
      wrongSecret: 'forged',
    });
    const res = await h.post('/slack/events', signed);
    expect(res.status).toBe(401);
  });

  it('when the timestamp is more than five minutes old, then the app answers 401 even with a valid signature', async () => {
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const signed = slashCommand({ text: 'help', responseUrl: h.slack.responseUrl() }, h.signingSecret, {
      timestamp: stale,
    });
    const res = await h.post('/slack/events', signed);
    expect(res.status).toBe(401);
  });
});

describe('/techhealth', () => {
  it('when the CSM asks for help, then the ack itself carries the ephemeral usage within 3 s', async () => {
    const res = await h.post(
      '/slack/events',
      slashCommand({ text: 'help', responseUrl: h.slack.responseUrl() }, h.signingSecret),
    );
    expect(res.status).toBe(200);
    expect(res.elapsedMs).toBeLessThan(3000);
    const body = res.json<{ response_type: string; text: string; blocks: unknown[] }>();
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('/techhealth <customer>');
    expect(checkBlocks(body.blocks, 'message')).toBeNull();
  });

  it('when the name matches no customer, then the ack is empty and an ephemeral "no match" follows on the response_url', async () => {
    const responseUrl = h.slack.responseUrl();
    const res = await h.post(
      '/slack/events',
      slashCommand({ text: 'Nonexistent Industries', responseUrl }, h.signingSecret),
    );
    expect(res.status).toBe(200);
    expect(res.elapsedMs).toBeLessThan(3000);
    expect(res.text).toBe('');
    const [call] = await h.slack.waitForCall('response_url');
    expect(call.path).toBe(new URL(responseUrl).pathname);
    expect(call.body).toMatchObject({
      response_type: 'ephemeral',
      text: 'No customer matches "Nonexistent Industries".',
    });
  });

  it('when Slack retries a command (x-slack-retry-num), then it is acknowledged and not run a second time', async () => {
    const responseUrl = h.slack.responseUrl();
    const first = await h.post('/slack/events', slashCommand({ text: 'Globex', responseUrl }, h.signingSecret));
    expect(first.status).toBe(200);
    await h.slack.waitForCall('response_url', 1);
    const retry = await h.post(
      '/slack/events',
      slashCommand({ text: 'Globex', responseUrl }, h.signingSecret, { retryNum: 1 }),
    );
    expect(retry.status).toBe(200);
    // The skip is logged before the ack; the /healthz round trip gives a wrong second run time to show.
    await h.get('/healthz');
    expect(h.slack.calls('response_url')).toHaveLength(1);
    expect(h.logs.some((l) => l.msg === 'Slack retry skipped' && l.retryNum === 1)).toBe(true);
  });

  it('when a suggested customer id no longer exists, then the button answers that nothing matches', async () => {
    const responseUrl = h.slack.responseUrl();
    const signed = blockActions(
      { actionId: `${ACTION.commandPickCustomer}:0`, value: 'missing-id', responseUrl },
      h.signingSecret,
    );
    const res = await h.post('/slack/events', signed);
    expect(res.status).toBe(200);
    const [call] = await h.slack.waitForCall('response_url');
    expect(call.body).toMatchObject({ replace_original: true, text: 'No customer matches "missing-id".' });
  });
});

describe('/techhealth with stored customers and reports', () => {
  const suffix = Date.now().toString(36);
  const csm = `U0CSM${suffix.toUpperCase()}`;
  let acme: { id: string; name: string };

  beforeAll(async () => {
    const { customers, reports } = h.app.db.repos;
    acme = await customers.upsertByName(`Acme ${suffix}`);
    await customers.setCsm(acme.id, csm);
    await customers.upsertByName(`Globex ${suffix}`);
    const report = buildReport({
      customer: acme.name,
      score: 48,
      status: 'critical',
      integrations: [
        buildIntegration({
          name: 'Salesforce',
          issues: [buildIssue({ severity: 'critical', title: '429 rate limiting since Jan 12' })],
        }),
      ],
    });
    await reports.insertIfAbsent({
      customerId: acme.id,
      customerName: acme.name,
      fileHash: `hash-${suffix}`,
      fileNames: ['acme.csv'],
      report,
    });
  });

  it('when /techhealth health names a stored customer, then the ephemeral summary shows the latest score and open issues', async () => {
    const responseUrl = h.slack.responseUrl();
    const res = await h.post(
      '/slack/events',
      slashCommand({ text: `health acme ${suffix}`, responseUrl }, h.signingSecret),
    );
    expect(res.status).toBe(200);
    const [call] = await h.slack.waitForCall('response_url');
    expect(call.body).toMatchObject({
      response_type: 'ephemeral',
      text: `${acme.name}: technical health 48/100, 1 open issue`,
    });
    expect(JSON.stringify(call.body.blocks)).toContain('429 rate limiting since Jan 12');
  });

  it('when the name is misspelt, then the closest customers come back as buttons and a click shows the summary', async () => {
    const responseUrl = h.slack.responseUrl();
    await h.post('/slack/events', slashCommand({ text: `health acmee ${suffix}`, responseUrl }, h.signingSecret));
    const [call] = await h.slack.waitForCall('response_url');
    const actions = (call.body.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).find(
      (b) => b.type === 'actions',
    );
    const first = actions?.elements?.[0];
    expect(first?.value).toBe(acme.id);
    const click = blockActions(
      { actionId: first?.action_id ?? '', value: first?.value ?? '', responseUrl },
      h.signingSecret,
    );
    expect((await h.post('/slack/events', click)).status).toBe(200);
    const calls = await h.slack.waitForCall('response_url', 2);
    expect(calls[1].body).toMatchObject({
      replace_original: true,
      text: `${acme.name}: technical health 48/100, 1 open issue`,
    });
  });

  it('when the customer has no report yet, then the summary says how to get one', async () => {
    await h.post(
      '/slack/events',
      slashCommand({ text: `health globex ${suffix}`, responseUrl: h.slack.responseUrl() }, h.signingSecret),
    );
    const [call] = await h.slack.waitForCall('response_url');
    expect(call.body.text).toBe(`Globex ${suffix} has no technical health report yet.`);
  });

  it('when the CSM opens the Home tab, then their customers are listed with the latest score', async () => {
    await h.post('/slack/events', appHomeOpened(h.signingSecret, { userId: csm }));
    const [call] = await h.slack.waitForCall('views.publish');
    expect(call.body.user_id).toBe(csm);
    const view = call.body.view as { blocks: unknown[] };
    expect(JSON.stringify(view.blocks)).toContain(`*${acme.name}* — 48/100`);
    expect(JSON.stringify(view.blocks)).not.toContain('Globex');
    expect(checkBlocks(view.blocks, 'view')).toBeNull();
  });
});

describe('Home tab', () => {
  it('when a CSM without customers opens the Home tab, then views.publish gets the onboarding view within limits', async () => {
    const res = await h.post('/slack/events', appHomeOpened(h.signingSecret));
    expect(res.status).toBe(200);
    const [call] = await h.slack.waitForCall('views.publish');
    expect(call.body.user_id).toBe(TEST_IDS.userId);
    const view = call.body.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    expect(JSON.stringify(view.blocks)).toContain('You have no customers assigned yet');
    expect(checkBlocks(view.blocks, 'view')).toBeNull();
  });

  it('when the same event is redelivered as a retry, then the Home tab is published once', async () => {
    const eventId = 'Ev0RETRY0001';
    await h.post('/slack/events', appHomeOpened(h.signingSecret, { eventId }));
    await h.slack.waitForCall('views.publish', 1);
    const retry = await h.post(
      '/slack/events',
      appHomeOpened(h.signingSecret, { eventId, retryNum: 1, retryReason: 'http_timeout' }),
    );
    expect(retry.status).toBe(200);
    await h.get('/healthz');
    expect(h.slack.calls('views.publish')).toHaveLength(1);
    expect(h.logs.some((l) => l.msg === 'Slack retry skipped' && l.action === 'app_home_opened')).toBe(true);
  });

  it('when a byte-identical event is delivered again without the retry header, then the Home tab is published once', async () => {
    const signed = appHomeOpened(h.signingSecret, { eventId: 'Ev0REPLAY001' });
    expect((await h.post('/slack/events', signed)).status).toBe(200);
    await h.slack.waitForCall('views.publish', 1);
    expect((await h.post('/slack/events', signed)).status).toBe(200);
    await h.get('/healthz');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.calls('views.publish')).toHaveLength(1);
    expect(h.logs.some((l) => l.msg === 'Slack event seen before skipped' && l.eventId === 'Ev0REPLAY001')).toBe(true);
  });

  it('when publishing fails at Slack, then app.error logs the failure with team, user and event', async () => {
    h.slack.failNext('views.publish', 'internal_error');
    await h.post('/slack/events', appHomeOpened(h.signingSecret));
    await h.slack.waitForCall('views.publish', 1);
    const line = await h.waitForLog((l) => l.msg === 'Slack listener failed' && l.action === 'app_home_opened');
    expect(line).toMatchObject({ team: TEST_IDS.teamId, user: TEST_IDS.userId, kind: 'event_callback' });
    expect(JSON.stringify(h.logs)).not.toContain(h.slack.botToken);
  });

  it('when the Refresh button is pressed, then the Home tab is published again', async () => {
    const signed = blockActions(
      { actionId: ACTION.homeRefresh, value: 'refresh', responseUrl: h.slack.responseUrl() },
      h.signingSecret,
    );
    expect((await h.post('/slack/events', signed)).status).toBe(200);
    await h.slack.waitForCall('views.publish', 1);
  });
});

describe('health endpoints', () => {
  it('when /healthz is asked, then it answers 200 ok', async () => {
    const res = await h.get('/healthz');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('when MongoDB answers ping, then /readyz answers 200 ready', async () => {
    const res = await h.get('/readyz');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', checks: { mongodb: 'ok' } });
  });

  it('when an unknown path is asked, then the app answers 404', async () => {
    expect((await h.get('/nope')).status).toBe(404);
  });
});

describe('readiness without MongoDB', () => {
  it('when the MongoDB connection is gone, then /readyz answers 503 with the reason and /healthz still 200', async () => {
    const other = await startAppHarness({ mongodbUri: db.uri });
    try {
      await other.app.db.close();
      const res = await other.get('/readyz');
      expect(res.status).toBe(503);
      const body = res.json<{ status: string; checks: { mongodb: string } }>();
      expect(body.status).toBe('unavailable');
      expect(body.checks.mongodb).toMatch(/^error: /);
      expect((await other.get('/healthz')).status).toBe(200);
    } finally {
      await other.stop();
    }
  });
});
