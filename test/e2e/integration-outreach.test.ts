import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { ONBOARDING_ACTION, ONBOARDING_CALLBACK, ONBOARDING_INPUT } from '../../views/ids.js';
import { type IntegrationRef, postsTo, useAlertApp, wait } from '../support/alert-events.js';
import { checkupClock } from '../support/checkup-clock.js';
import type { RecordedCall } from '../support/slack-api.js';
import { blockActions, viewSubmission } from '../support/slack-request.js';

// What the CSM and the customer hear from the check-ups: the check DM with the type's steps and its
// buttons, the snooze and its reminder, and each outreach email through the CSM's approval (Send, Edit,
// Skip), sent once whatever is clicked twice. 30 days pass on an injected clock through the real Agenda.
const clock = checkupClock();
const app = useAlertApp({
  csm: 'U0CSMOUT00',
  tz: 'UTC',
  env: { ALERT_EMAIL_MODE: 'off' },
  overrides: { now: clock.now, agendaProcessEvery: 100 },
});
const { post, event } = app.events;
const day = (n: number) => clock.advanceAndSweep(app.h.app, n);

/**
 * A new customer with its own CSM (so other tests' check-ups never DM this one) and a connected
 * integration; `id` is the integration's id.
 */
async function connectedCustomer(integration: IntegrationRef = { type: 'salesforce', name: 'Salesforce' }) {
  const csm = `U0C${randomUUID().replace(/-/g, '').slice(0, 7).toUpperCase()}`;
  app.h.slack.addUser({ id: csm, tz: 'UTC', realName: 'Sam Lee' } as Parameters<typeof app.h.slack.addUser>[0]);
  const customer = await app.events.newCustomer({ csm });
  const ref = { ...integration, id: `${integration.type}-${customer.externalId}` };
  const send = (type: string, extra: Record<string, unknown> = {}) =>
    post(event(customer.externalId, type, { integration: ref, occurredAt: clock.iso(), ...extra }));
  expect((await send('connected')).status).toBe(202);
  const found = await wait('the integration', async () => {
    const c = await app.db.conn.collection('customers').findOne({ externalId: customer.externalId });
    return app.db.conn.collection('integrations').findOne({ customerId: c?._id });
  });
  const id = String(found._id);
  await wait('the connection check', async () =>
    app.db.conn.collection('health_checks').findOne({ _id: `${id}:connection` as never, completedAt: { $ne: null } }),
  );
  return { ...customer, customerId: customer.id, csm, id, send };
}

/** A Salesforce customer that synced, at day 7 with this usage snapshot, its usage check just run again. */
async function atDaySeven(usage: Record<string, number>) {
  const c = await connectedCustomer();
  await c.send('sync_completed');
  await day(1.1);
  await day(6);
  await c.send('sync_completed');
  await c.send('usage_snapshot', { usage: { ...usage, lastDataAt: clock.iso() } });
  await click(c.csm, ONBOARDING_ACTION.runCheckAgain, c.id);
  return c;
}

const dms = (csm: string) => postsTo(app.h.slack.calls('chat.postMessage'), csm);
const actionIds = (call: RecordedCall) =>
  JSON.stringify(call.body.blocks)
    .match(/"action_id":"[^"]+"/g)
    ?.map((s) => s.slice(13, -1)) ?? [];
const previewOf = (csm: string, kind: RegExp) =>
  dms(csm).find((d) => /^Draft:/.test(String(d.body.text)) && kind.test(String(d.body.text)));
const outreachOf = (id: string) => app.db.conn.collection('checkup_outreach').find({ integrationId: id }).toArray();
const gmailSends = () => app.google.calls('gmail.users.messages.send');
const mimeOf = (call: { body: unknown }) =>
  Buffer.from(String((call.body as { raw: string }).raw), 'base64url').toString('utf8');
/** The Subject header, RFC 2047 encoded words decoded. */
const subjectOf = (call: { body: unknown }) =>
  (/^Subject: (.*(?:\r?\n[ \t].*)*)$/m.exec(mimeOf(call))?.[1] ?? '')
    .replace(/\r?\n[ \t]/g, ' ')
    .replace(/=\?utf-8\?B\?([^?]*)\?=\s*/gi, (_m, b64: string) => Buffer.from(b64, 'base64').toString('utf8'))
    .trim();
/** Emails to this customer's technical contact. */
const sendsTo = (externalId: string) =>
  gmailSends().filter((s) => mimeOf(s).includes(externalId.replace('ext-', 'jane.')));
const click = (csm: string, actionId: string, value: string, o: { select?: boolean } = {}) =>
  app.h.post(
    '/slack/events',
    blockActions(
      {
        actionId,
        value,
        responseUrl: app.h.slack.responseUrl(),
        userId: csm,
        channelId: `D${csm.slice(1)}`,
        select: o.select,
      },
      app.h.signingSecret,
    ),
  );
const ephemeralsTo = (csm: string) => app.h.slack.calls('chat.postEphemeral').filter((c) => c.body.user === csm);

describe('check-up DMs', () => {
  it('when the first Salesforce sync never completes, then the CSM gets one DM with Salesforce steps and the four controls, and Run check again answers with the result', async () => {
    const c = await connectedCustomer();
    await day(1.1);
    const alert = await wait('the day-1 DM', async () =>
      dms(c.csm).find((d) => /first sync not completed/.test(String(d.body.text))),
    );
    expect(String(alert.body.text)).toContain(c.name);
    expect(JSON.stringify(alert.body.blocks)).toMatch(/field-level security/);
    expect(actionIds(alert)).toEqual([
      ONBOARDING_ACTION.runCheckAgain,
      ONBOARDING_ACTION.draftOutreach,
      ONBOARDING_ACTION.viewIntegration,
      ONBOARDING_ACTION.snoozeCheck,
    ]);

    // A sync arrives; running the check again now passes it, and the CSM is told so.
    await c.send('sync_completed');
    await click(c.csm, ONBOARDING_ACTION.runCheckAgain, c.id);
    const answer = await wait('the ephemeral result', async () => ephemeralsTo(c.csm).at(-1));
    expect(String(answer.body.text)).toMatch(/first.sync check again: \*(pass|warning)\*/i);

    await click(c.csm, ONBOARDING_ACTION.viewIntegration, c.id);
    const [modal] = await app.h.slack.waitForCall('views.open');
    expect(JSON.stringify(modal.body.view)).toContain('Check-ups');
  }, 60_000);

  it('when the CSM snoozes an integration, then a new problem found meanwhile waits, and one reminder of what is still open comes when the snooze ends', async () => {
    const c = await connectedCustomer({ type: 'hubspot', name: 'HubSpot' });
    await day(1.1);
    await wait('the day-1 DMs', async () => dms(c.csm).length > 0);
    await click(c.csm, ONBOARDING_ACTION.snoozeCheck, `${c.id}|4h`, { select: true });
    await wait('the snooze', async () =>
      app.db.conn.collection('integration_onboarding').findOne({ _id: c.id as never, snoozedUntil: { $ne: null } }),
    );
    const before = dms(c.csm).length;
    await c.send('auth_failure', { errorCode: '401' });
    await click(c.csm, ONBOARDING_ACTION.runCheckAgain, c.id);
    await wait('the re-run answer', async () =>
      ephemeralsTo(c.csm).some((e) => /check again/.test(String(e.body.text))),
    );
    expect(dms(c.csm).length).toBe(before);

    await day(0.25);
    const reminder = await wait('the reminder', async () => (dms(c.csm).length > before ? dms(c.csm).at(-1) : null));
    expect(String(reminder.body.text)).toMatch(/connection failed/);
    await day(0.01);
    expect(dms(c.csm).length).toBe(before + 1);
  }, 60_000);
});

describe('check-ups and disconnect alerts together', () => {
  it('when the integration already has an open disconnect alert, then the failing check replies in its thread instead of a second DM', async () => {
    const c = await connectedCustomer({ type: 'hubspot', name: 'HubSpot' });
    await c.send('token_expired', { errorCode: 'invalid_grant' });
    const alert = await wait(
      'the disconnect DM',
      async () => dms(c.csm).find((d) => /HubSpot/.test(String(d.body.text))),
      10_000,
    );
    const incident = await wait('the incident message', async () =>
      (await app.db.conn.collection('risk_signals').find({ integrationId: c.id }).toArray()).find(
        (r) => r.slackMessage?.ts,
      ),
    );
    await day(1.1);
    const replies = await wait('the thread reply', async () => {
      const r = app.h.slack.calls('chat.postMessage').filter((m) => m.body.thread_ts === incident.slackMessage.ts);
      return r.some((m) => /check/i.test(String(m.body.text))) ? r : null;
    });
    expect(replies.length).toBeGreaterThan(0);
    expect(dms(c.csm).filter((d) => d !== alert && /Day 1/.test(String(d.body.text)))).toHaveLength(0);
  }, 60_000);
});

describe('customer outreach through approval', () => {
  it('when day 1 finds the setup unfinished, then a setup-assistance draft awaits approval and two Send clicks send one email', async () => {
    const c = await connectedCustomer();
    await day(1.1);
    const preview = await wait('the draft', async () => previewOf(c.csm, /Setup assistance/i));
    expect(actionIds(preview)).toEqual([
      ONBOARDING_ACTION.sendOutreach,
      ONBOARDING_ACTION.editOutreach,
      ONBOARDING_ACTION.skipOutreach,
    ]);
    const [draft] = await outreachOf(c.id);
    expect(draft).toMatchObject({ kind: 'setup_assistance', status: 'awaiting_approval' });
    expect(draft.text).toContain('Sam Lee');

    await Promise.all([
      click(c.csm, ONBOARDING_ACTION.sendOutreach, String(draft._id)),
      click(c.csm, ONBOARDING_ACTION.sendOutreach, String(draft._id)),
    ]);
    await wait('sent', async () => (await outreachOf(c.id))[0].status === 'sent');
    await new Promise((r) => setTimeout(r, 500));
    expect(sendsTo(c.externalId)).toHaveLength(1);
    const updated = await wait('the preview shows it', async () =>
      app.h.slack.calls('chat.update').find((u) => /Sent to/.test(JSON.stringify(u.body.blocks))),
    );
    expect(actionIds(updated)).toEqual([]);
  }, 60_000);

  it('when day 7 shows one active user, then a best-practices draft is edited and sent with the CSM’s subject', async () => {
    const c = await atDaySeven({ activeUsers: 1, featuresUsed: 5, featuresAvailable: 8 });
    const preview = await wait('the draft', async () => previewOf(c.csm, /Best practices/i));
    const id = (await outreachOf(c.id)).find((o) => o.kind === 'best_practices')?._id as unknown as string;
    expect(preview).toBeTruthy();

    await click(c.csm, ONBOARDING_ACTION.editOutreach, id);
    const [modal] = await app.h.slack.waitForCall('views.open');
    expect((modal.body.view as { callback_id: string }).callback_id).toBe(ONBOARDING_CALLBACK.editOutreachSubmit);
    const submit = (subject: string) =>
      app.h.post(
        '/slack/events',
        viewSubmission(
          {
            callbackId: ONBOARDING_CALLBACK.editOutreachSubmit,
            privateMetadata: id,
            userId: c.csm,
            values: {
              [ONBOARDING_INPUT.subject]: { [ONBOARDING_INPUT.subject]: { type: 'plain_text_input', value: subject } },
              [ONBOARDING_INPUT.body]: {
                [ONBOARDING_INPUT.body]: { type: 'plain_text_input', value: 'Hi Jane,\n\nTwo tips for your team.' },
              },
            },
          },
          app.h.signingSecret,
        ),
      );
    expect((await submit('   ')).json<{ response_action: string }>().response_action).toBe('errors');
    expect((await submit(`Two tips for ${c.name}`)).status).toBe(200);
    await click(c.csm, ONBOARDING_ACTION.sendOutreach, id);
    const sent = await wait('the email', async () =>
      gmailSends().find((s) => subjectOf(s) === `Two tips for ${c.name}`),
    );
    expect(mimeOf(sent)).toContain('Two tips for your team.');
  }, 60_000);

  it('when day 7 shows few features used, then a training draft is offered, and Skip sends nothing', async () => {
    const c = await atDaySeven({ activeUsers: 12, featuresUsed: 1, featuresAvailable: 10 });
    await wait('the draft', async () => previewOf(c.csm, /Training/i));
    const id = (await outreachOf(c.id)).find((o) => o.kind === 'training')?._id as unknown as string;
    await click(c.csm, ONBOARDING_ACTION.skipOutreach, id);
    await wait('skipped', async () => (await outreachOf(c.id)).find((o) => String(o._id) === id)?.status === 'skipped');
    await click(c.csm, ONBOARDING_ACTION.sendOutreach, id);
    await wait('the refusal', async () => ephemeralsTo(c.csm).find((e) => /skipped/.test(String(e.body.text))));
    expect(sendsTo(c.externalId)).toHaveLength(0);
  }, 60_000);

  it('when the integration is healthy and used at day 30, then the CSM gets the healthy note once and a success-story draft', async () => {
    const c = await connectedCustomer({ type: 'slack', name: 'Slack' });
    const traffic = async () => {
      await c.send('api_calls', { count: 200, failed: 1 });
      await c.send('usage_snapshot', {
        usage: { activeUsers: 40, featuresUsed: 7, featuresAvailable: 9, workflowsActive: 3, lastDataAt: clock.iso() },
      });
    };
    await traffic();
    await day(1.1);
    await traffic();
    await day(6);
    await traffic();
    await day(23);
    await wait('the value check', async () =>
      app.db.conn.collection('health_checks').findOne({ _id: `${c.id}:value` as never, completedAt: { $ne: null } }),
    );
    const value = await app.db.conn.collection('health_checks').findOne({ _id: `${c.id}:value` as never });
    expect(value?.result).toBe('pass');
    await wait('the healthy note', async () =>
      dms(c.csm).find((d) => /healthy and in use at day 30/.test(String(d.body.text))),
    );
    await wait('the draft', async () => previewOf(c.csm, /Success story/i));
    await day(0.01);
    expect(dms(c.csm).filter((d) => /healthy and in use/.test(String(d.body.text)))).toHaveLength(1);
    expect(dms(c.csm).filter((d) => /^Draft:/.test(String(d.body.text)))).toHaveLength(1);
  }, 60_000);
});
