import { describe, expect, it } from '@jest/globals';
import { ACTION } from '../../views/ids.js';
import { API_TOKEN, inboxCount, postsTo, repliesTo, until, useAlertApp } from '../support/alert-events.js';
import { blockActions } from '../support/slack-request.js';

// What happens after the first alert, end to end against the real app: flapping, hysteresis, partial
// failures, the CSM's buttons, vendor outages and maintenance windows.
// Each test uses its own integration type: outage folding counts open incidents of one type across customers.
const CSM = 'U0CSM00002';
const app = useAlertApp({ csm: CSM, tz: 'America/New_York', env: { OUTAGE_MIN_CUSTOMERS: '3' } });
const { post, newCustomer, event, incidentOf } = app.events;
const dms = () => postsTo(app.h.slack.calls('chat.postMessage'), CSM);
const accepted = async (body: unknown) => expect((await post(body)).status).toBe(202);
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const statusOf = async (externalId: string, type: string) => (await incidentOf(externalId, type))?.status;
const press = (actionId: string, value: string, messageTs?: string) =>
  app.h.post(
    '/slack/events',
    blockActions(
      { actionId, value, responseUrl: app.h.slack.responseUrl(), userId: CSM, channelId: CSM, messageTs },
      app.h.signingSecret,
    ),
  );

describe('after the first alert', () => {
  it('when a resolved integration fails again within a day, then the same incident reopens: a thread reply, no second DM or email', async () => {
    const hubspot = { type: 'hubspot', name: 'HubSpot' };
    const { externalId } = await newCustomer();
    await accepted(event(externalId, 'token_expired', { integration: hubspot, errorCode: 'invalid_grant' }));
    await app.google.waitForCall('gmail.users.messages.send', 1, 8000);
    const first = await until('the DM', async () => (await incidentOf(externalId, 'hubspot'))?.slackMessage);

    await accepted(event(externalId, 'reconnected', { integration: hubspot }));
    await until('resolved', async () => (await statusOf(externalId, 'hubspot')) === 'resolved');
    await accepted(event(externalId, 'token_expired', { integration: hubspot, errorCode: 'invalid_grant' }));

    const reopened = await until('reopened', async () => {
      const i = await incidentOf(externalId, 'hubspot');
      return i?.status === 'open' && i.incident.reopenCount === 1 ? i : null;
    });
    const reply = await until('the reply', async () =>
      repliesTo(app.h.slack.calls('chat.postMessage'), first.ts).find((c) => /failed again/.test(String(c.body.text))),
    );
    expect(String(reply.body.text)).toMatch(/HubSpot failed again within 24 h/);
    expect(await app.db.conn.collection('risk_signals').countDocuments({ customerId: reopened.customerId })).toBe(1);
    expect(dms()).toHaveLength(1);
    expect(app.google.calls('gmail.users.messages.send')).toHaveLength(1);
  }, 30_000);

  it('when 401s disconnect an integration, then two good syncs leave it open and the third resolves it', async () => {
    const jira = { type: 'jira', name: 'Jira' };
    const { externalId } = await newCustomer();
    await accepted({
      events: [8, 7, 6].map((m) =>
        event(externalId, 'auth_failure', { integration: jira, errorCode: '401', occurredAt: minutesAgo(m) }),
      ),
    });
    await until('the DM', async () => dms().length === 1);
    expect(await incidentOf(externalId, 'jira')).toMatchObject({ status: 'open', incident: { failureClass: 'auth' } });

    await accepted({ events: [1, 2].map(() => event(externalId, 'sync_completed', { integration: jira })) });
    await until(
      'both syncs processed',
      async () =>
        (await inboxCount(app.db.conn)) === 0 &&
        (await app.db.conn
          .collection('integration_events')
          .countDocuments({ customerId: (await incidentOf(externalId, 'jira'))?.customerId, processedAt: null })) === 0,
    );
    expect(await statusOf(externalId, 'jira')).toBe('open');

    await accepted(event(externalId, 'sync_completed', { integration: jira }));
    await until('resolved', async () => (await statusOf(externalId, 'jira')) === 'resolved');
    expect(dms()).toHaveLength(1);
  }, 30_000);

  it('when one endpoint fails while another succeeds, then the CSM hears of a degraded integration naming that endpoint', async () => {
    const stripe = { type: 'stripe', name: 'Stripe' };
    const { externalId } = await newCustomer();
    await accepted({
      events: [
        event(externalId, 'api_calls', { integration: stripe, endpoint: '/v1/customers', count: 10, failed: 0 }),
        event(externalId, 'api_calls', {
          integration: stripe,
          endpoint: '/v1/charges',
          count: 10,
          failed: 8,
          errorCode: '500',
        }),
      ],
    });
    const [dm] = await until('the DM', async () => (dms().length ? dms() : null));
    const incident = await incidentOf(externalId, 'stripe');
    expect(incident).toMatchObject({ status: 'open', incident: { failureClass: 'partial', healthStatus: 'degraded' } });
    expect(incident?.incident.endpoints).toEqual(['/v1/charges']);
    expect(JSON.stringify(dm.body.blocks)).toContain('/v1/charges');
  }, 30_000);

  it('when the CSM snoozes, opens the status and double-clicks Acknowledge, then the alert is snoozed, the modal opens and one acknowledgement is kept', async () => {
    const intercom = { type: 'intercom', name: 'Intercom' };
    const { externalId } = await newCustomer();
    await accepted(event(externalId, 'token_expired', { integration: intercom, errorCode: 'invalid_grant' }));
    const incident = await until('the DM', async () => {
      const i = await incidentOf(externalId, 'intercom');
      return i?.slackMessage ? i : null;
    });
    const id = String(incident._id);
    const ts = incident.slackMessage.ts;

    expect((await press(ACTION.alertSnooze, `${id}|1h`, ts)).status).toBe(200);
    const snoozed = await until('snoozed', async () => {
      const i = await incidentOf(externalId, 'intercom');
      return i?.status === 'snoozed' ? i : null;
    });
    const until1h = snoozed.incident.snoozedUntil.getTime() - Date.now();
    expect(until1h).toBeGreaterThan(55 * 60_000);
    expect(until1h).toBeLessThanOrEqual(60 * 60_000);

    expect((await press(ACTION.alertViewStatus, id, ts)).status).toBe(200);
    const [modal] = await app.h.slack.waitForCall('views.open', 1, 5000);
    expect(JSON.stringify(modal.body)).toContain('Intercom');

    const clicks = await Promise.all([press(ACTION.alertAcknowledge, id, ts), press(ACTION.alertAcknowledge, id, ts)]);
    expect(clicks.map((r) => r.status)).toEqual([200, 200]);
    await until('acknowledged', async () => (await statusOf(externalId, 'intercom')) === 'acknowledged');
    expect((await incidentOf(externalId, 'intercom'))?.incident.acknowledgedBy).toBe(CSM);
    expect(dms()).toHaveLength(1);
  }, 30_000);
});

describe('outages and maintenance', () => {
  it('when one vendor fails for several customers at once, then the CSM gets one upstream alert, and the resolves still arrive', async () => {
    const zendesk = { type: 'zendesk', name: 'Zendesk' };
    const customers = await Promise.all(Array.from({ length: 5 }, () => newCustomer()));
    await Promise.all(
      customers.map((c) =>
        accepted(event(c.externalId, 'token_expired', { integration: zendesk, errorCode: 'invalid_grant' })),
      ),
    );
    await until('every incident delivered', async () => {
      const all = await Promise.all(customers.map((c) => incidentOf(c.externalId, 'zendesk')));
      return all.every((i) => i?.incident?.delivered);
    });
    const upstream = dms().filter((c) => /Upstream: Zendesk/.test(String(c.body.text)));
    expect(upstream).toHaveLength(1);
    // Below OUTAGE_MIN_CUSTOMERS (3) each customer got its own DM; from then on they were folded.
    expect(dms().length - upstream.length).toBeLessThanOrEqual(2);

    await Promise.all(customers.map((c) => accepted(event(c.externalId, 'reconnected', { integration: zendesk }))));
    await until('all resolved', async () => {
      const all = await Promise.all(customers.map((c) => statusOf(c.externalId, 'zendesk')));
      return all.every((s) => s === 'resolved');
    });
  }, 30_000);

  it('when a customer is in maintenance, then the incident is recorded but not sent, and it is sent when the window ends', async () => {
    const teams = { type: 'teams', name: 'Microsoft Teams' };
    const customer = await newCustomer();
    const endsAt = Date.now() + 4000;
    const created = await fetch(`${app.h.baseUrl}/api/maintenance-windows`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'once', scope: { customerId: customer.id }, startsAt: Date.now() - 60_000, endsAt }),
    });
    expect(created.status).toBe(201);

    await accepted(event(customer.externalId, 'token_expired', { integration: teams, errorCode: 'invalid_grant' }));
    const held = await until('the held incident', () => incidentOf(customer.externalId, 'teams'));
    expect(held.incident).toMatchObject({ delivered: false });
    expect(held.deferredUntil.getTime()).toBe(endsAt);
    expect(dms()).toHaveLength(0);
    expect(app.google.calls('gmail.users.messages.send')).toHaveLength(0);

    await new Promise((r) => setTimeout(r, Math.max(0, endsAt - Date.now()) + 100));
    await app.h.app.agenda.now('alerts.sweep', {});
    const [dm] = await until('the DM after the window', async () => (dms().length ? dms() : null), 10_000);
    expect(String(dm.body.text)).toMatch(/Microsoft Teams/);
    await app.google.waitForCall('gmail.users.messages.send', 1, 8000);
  }, 30_000);
});
