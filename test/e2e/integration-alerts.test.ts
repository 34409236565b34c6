import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { describe, expect, it } from '@jest/globals';
import { signEventBody } from '../../src/http/event-signature.js';
import { ACTION } from '../../views/ids.js';
import { API_TOKEN, EVENTS_SECRET, postsTo, until, useAlertApp } from '../support/alert-events.js';
import { blockActions } from '../support/slack-request.js';

// Integration disconnected, end to end: signed events in over HTTP → stored → Agenda job → detector →
// risk signal → the CSM's DM (Slack stand-in), the fix email (Google stand-in), the task, the health score;
// then the CSM's buttons and the resolution, all against the real app and a real MongoDB wire server.
const CSM = 'U0CSM00001';
const app = useAlertApp({
  csm: CSM,
  tz: 'Europe/Berlin',
  env: { RECONNECT_URL_PATTERN: 'https://app.example.com/reconnect/{integrationType}?customer={customerExternalId}' },
});
const { post: postEvents, newCustomer, event, incidentOf } = app.events;
const dmsTo = (channel: string) => postsTo(app.h.slack.calls('chat.postMessage'), channel);

/** A signed event post through `agent` (node:http, to control connection reuse). */
function signedRequest(agent: http.Agent, raw: string): Promise<{ status: number; reusedSocket: boolean }> {
  const ts = Math.floor(Date.now() / 1000);
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${app.h.baseUrl}/api/integrations/events`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'x-techhealth-timestamp': String(ts),
          'x-techhealth-signature': signEventBody(raw, EVENTS_SECRET, ts),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, reusedSocket: req.reusedSocket }));
      },
    );
    req.on('error', reject);
    req.end(raw);
  });
}

describe('POST /api/integrations/events: authentication and validation', () => {
  it('when the signature is wrong or the timestamp is stale, then 401 and nothing is stored', async () => {
    const { externalId } = await newCustomer();
    const body = event(externalId, 'token_expired');
    expect((await postEvents(body, { secret: 'another-secret-0123456789abcdef' })).status).toBe(401);
    const stale = await postEvents(body, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(stale.status).toBe(401);
    expect(((await stale.json()) as { message: string }).message).toMatch(/5 minutes/);
    expect(
      await app.db.conn.collection('integration_events').countDocuments({ idempotencyKey: body.idempotencyKey }),
    ).toBe(0);
  });

  it('when a batch has invalid events or unreadable JSON or is too large, then 400/413 list the problems and nothing is stored', async () => {
    const { externalId } = await newCustomer();
    const good = event(externalId, 'sync_completed');
    const res = await postEvents({ events: [good, { ...event(externalId, 'nope'), occurredAt: 'yesterday' }] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { index: number; path: string }[] };
    expect(body.errors.map((e) => [e.index, e.path])).toEqual(
      expect.arrayContaining([
        [1, 'type'],
        [1, 'occurredAt'],
      ]),
    );
    expect(
      await app.db.conn.collection('integration_events').countDocuments({ idempotencyKey: good.idempotencyKey }),
    ).toBe(0);

    expect((await postEvents(null, { raw: '{"events": [' })).status).toBe(400);
    expect((await postEvents(null, { raw: `{"pad":"${'x'.repeat(1024 * 1024)}"}` })).status).toBe(413);
  });

  it('when the body has bytes that are not UTF-8, then 400 says so and nothing is stored', async () => {
    const { externalId } = await newCustomer();
    const good = event(externalId, 'sync_error', { errorMessage: 'caf\u00e9' });
    // "café" with a lone continuation byte instead of the two-byte é.
    const raw = Buffer.from(JSON.stringify(good).replace('café', 'caf\u0000'), 'utf8');
    raw[raw.indexOf(0)] = 0xa9;
    const res = await postEvents(null, { raw });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'request.invalid_utf8' });
    expect(
      await app.db.conn.collection('integration_events').countDocuments({ idempotencyKey: good.idempotencyKey }),
    ).toBe(0);
  });

  it('when a body over 1 MB is answered 413, then the next request on the same keep-alive connection is served', async () => {
    const { externalId } = await newCustomer();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const big = await signedRequest(agent, `{"pad":"${'x'.repeat(3 * 1024 * 1024)}"}`);
      expect(big.status).toBe(413);
      const next = await signedRequest(agent, JSON.stringify(event(externalId, 'sync_completed')));
      expect(next.status).toBe(202);
      expect(next.reusedSocket).toBe(true);
    } finally {
      agent.destroy();
    }
  });

  it('when a batch names a new customer and an unknown external id, then 422 and the new customer is not created', async () => {
    const { externalId } = await newCustomer();
    const newName = `Brand New ${randomUUID().slice(0, 8)}`;
    const res = await postEvents({
      events: [
        { ...event(externalId, 'sync_completed'), customer: { name: newName } },
        event('no-such-external-id', 'sync_completed'),
      ],
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: { index: number }[] }).errors.map((e) => e.index)).toEqual([1]);
    expect(await app.db.conn.collection('customers').countDocuments({ name: newName })).toBe(0);
  });

  it('when an event names an unknown customer id, then 422 says which event', async () => {
    const res = await postEvents(event('no-such-customer', 'token_expired'));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: { index: number; path: string }[] }).errors[0]).toMatchObject({
      index: 0,
      path: 'customer',
    });
  });
});

describe('a Salesforce OAuth token expires', () => {
  it('then the CSM gets one DM, the contact one email, a task is due in 4 h and the score drops 10; a resend, a concurrent duplicate and new failures do not send again', async () => {
    const { name, externalId } = await newCustomer({ healthScore: 80 });
    const first = event(externalId, 'token_expired', {
      errorCode: 'invalid_grant',
      errorMessage: 'expired access/refresh token',
    });
    const res = await postEvents(first);
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ accepted: 1, duplicates: 0 });

    await app.h.slack.waitForCall('chat.postMessage', 1, 8000);
    const dm = dmsTo(CSM);
    expect(dm).toHaveLength(1);
    expect(String(dm[0].body.text)).toMatch(new RegExp(`Salesforce.*disconnected.*${name}`, 'i'));
    expect(JSON.stringify(dm[0].body.blocks)).toContain(ACTION.alertAcknowledge);
    expect(JSON.stringify(dm[0].body.blocks)).toContain('invalid_grant');

    const [mail] = await app.google.waitForCall('gmail.users.messages.send', 1, 8000);
    const mime = Buffer.from((mail.body as { raw: string }).raw, 'base64url').toString('utf8');
    expect(mime).toMatch(/^To: .*jane\./im);
    expect(mime).toContain('https://app.example.com/reconnect/salesforce?customer=');

    const incident = await until('incident', () => incidentOf(externalId));
    expect(incident).toMatchObject({ status: 'open', severity: 'critical', kind: 'access' });
    const task = await app.db.conn.collection('tasks').findOne({ key: `incident:${String(incident._id)}` });
    expect(task).toMatchObject({
      status: 'open',
      priority: 'critical',
      title: `Integration disconnected: Salesforce for ${name}`,
    });
    expect(task?.dueAt.getTime() - incident.openedAt.getTime()).toBe(4 * 3_600_000);
    expect((await app.db.conn.collection('customers').findOne({ externalId }))?.healthScore).toBe(70);

    // The same event again, five copies at once, and two new failures: the incident counts them, the DM is edited.
    const again = await Promise.all(Array.from({ length: 5 }, () => postEvents(first)));
    expect(again.map((r) => r.status)).toEqual(Array(5).fill(202));
    await postEvents({
      events: [
        event(externalId, 'auth_failure', { errorCode: '401' }),
        event(externalId, 'token_refresh_failed', { errorCode: 'invalid_grant' }),
      ],
    });
    await until(
      'the updated incident',
      async () =>
        ((await incidentOf(externalId))?.occurrences ?? 0) >= 2 && app.h.slack.calls('chat.update').length > 0,
    );
    expect(dmsTo(CSM)).toHaveLength(1);
    expect(app.google.calls('gmail.users.messages.send')).toHaveLength(1);
    expect(
      await app.db.conn.collection('integration_events').countDocuments({ idempotencyKey: first.idempotencyKey }),
    ).toBe(1);

    // Acknowledge from the DM: the message shows it.
    const ack = await app.h.post(
      '/slack/events',
      blockActions(
        {
          actionId: ACTION.alertAcknowledge,
          value: String(incident._id),
          responseUrl: app.h.slack.responseUrl(),
          userId: CSM,
          channelId: String(dm[0].body.channel),
        },
        app.h.signingSecret,
      ),
    );
    expect(ack.status).toBe(200);
    await until('acknowledged', async () => (await incidentOf(externalId))?.status === 'acknowledged');

    // Reconnected: resolved at once, message edited, thread reply, task closed, points back.
    app.h.slack.reset();
    await postEvents(event(externalId, 'reconnected'));
    const resolved = await until('resolution', async () => {
      const i = await incidentOf(externalId);
      return i?.status === 'resolved' ? i : null;
    });
    expect(resolved.resolvedAt).toBeInstanceOf(Date);
    const reply = await until('thread reply', async () =>
      app.h.slack.calls('chat.postMessage').find((c) => c.body.thread_ts),
    );
    expect(String(reply.body.text)).toMatch(/resolved|healthy/i);
    expect((await app.db.conn.collection('tasks').findOne({ key: `incident:${String(incident._id)}` }))?.status).toBe(
      'done',
    );
    expect((await app.db.conn.collection('customers').findOne({ externalId }))?.healthScore).toBe(80);

    // The status API shows the history.
    const status = await fetch(`${app.h.baseUrl}/api/integrations/${resolved.integrationId}/status`, {
      headers: { authorization: `Bearer ${API_TOKEN}` },
    });
    expect(status.status).toBe(200);
    const s = (await status.json()) as {
      integration: { status: string };
      openSignals: unknown[];
      recentEvents: unknown[];
    };
    expect(s.integration.status).toBe('healthy');
    expect(s.openSignals).toHaveLength(0);
    expect(s.recentEvents.length).toBeGreaterThanOrEqual(4);
  }, 30_000);

  it('when events keep arriving while the integration is being processed, then each is processed in seconds, not at the next sweep', async () => {
    const { externalId } = await newCustomer();
    // Twenty batches a few ms apart: most land while the previous run of the integration's job is still
    // going. The 30 s sweep takes over only after 10 s, so a lost re-arm shows as a timeout here.
    const keys: string[] = [];
    for (let n = 0; n < 20; n++) {
      const e = event(externalId, 'sync_completed');
      keys.push(e.idempotencyKey);
      expect((await postEvents(e)).status).toBe(202);
      await new Promise((r) => setTimeout(r, n % 3));
    }
    await until(
      'every event processed',
      async () =>
        (await app.db.conn
          .collection('integration_events')
          .countDocuments({ idempotencyKey: { $in: keys }, processedAt: { $ne: null } })) === keys.length,
      6000,
    );
  }, 30_000);

  it('when the customer has no technical contact, then no email is sent and the DM says so', async () => {
    const { externalId } = await newCustomer({ contact: false });
    await postEvents(event(externalId, 'token_expired', { errorCode: 'invalid_grant' }));
    await app.h.slack.waitForCall('chat.postMessage', 1, 8000);
    await until(
      'no_contact recorded',
      async () => (await incidentOf(externalId))?.incident?.email?.state === 'no_contact',
    );
    const blocks = JSON.stringify(
      (await until('the DM edit or post', async () => [...app.h.slack.calls('chat.update'), ...dmsTo(CSM)].at(-1))).body
        .blocks,
    );
    expect(blocks).toMatch(/no technical contact/i);
    expect(blocks).not.toContain(ACTION.alertSendFix);
    expect(app.google.calls('gmail.users.messages.send')).toHaveLength(0);
  }, 30_000);

  it('when Gmail accepts the send but the connection drops before the answer, then the retry finds it in the sent mail and sends nothing more', async () => {
    const { externalId } = await newCustomer();
    app.google.dropAfterSendNext();
    await postEvents(event(externalId, 'token_expired', { errorCode: 'invalid_grant' }));
    const [lookup] = await app.google.waitForCall('gmail.users.messages.list', 1, 15000);
    const [mail] = app.google.sent();
    expect(lookup.query.q).toBe(`rfc822msgid:${mail.messageId?.slice(1, -1)}`);
    await until('email sent', async () => (await incidentOf(externalId))?.incident?.email?.state === 'sent', 5000);
    expect(
      await app.db.conn.collection('outreach').findOne({ signalId: String((await incidentOf(externalId))?._id) }),
    ).toMatchObject({ status: 'sent', providerMessageId: mail.id, attempts: 2 });
    await new Promise((r) => setTimeout(r, 300));
    expect(app.google.calls('gmail.users.messages.send')).toHaveLength(1);
    expect(app.google.sent()).toHaveLength(1);
  }, 30_000);

  it('when Gmail fails once with a 500, then the email is retried with backoff and sent once', async () => {
    const { externalId } = await newCustomer();
    app.google.failNext('gmail.users.messages.send', 500);
    await postEvents(event(externalId, 'token_expired', { errorCode: 'invalid_grant' }));
    const sends = await app.google.waitForCall('gmail.users.messages.send', 2, 15000);
    expect(sends).toHaveLength(2);
    await until('email sent', async () => (await incidentOf(externalId))?.incident?.email?.state === 'sent', 5000);
    expect(
      await app.db.conn.collection('outreach').findOne({ signalId: String((await incidentOf(externalId))?._id) }),
    ).toMatchObject({
      status: 'sent',
      attempts: 2,
    });
  }, 30_000);
});
