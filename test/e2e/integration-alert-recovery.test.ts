import { describe, expect, it } from '@jest/globals';
import { inboxCount, postsTo, repliesTo, until, useAlertApp } from '../support/alert-events.js';

// What survives a failure part-way through an alert, end to end against the real app: a step that stopped
// after the incident was written, a first DM that Slack refused, and a failed email before the DM existed.
// The sweep is run on demand here (in production it runs every 30 s).
const CSM = 'U0CSM00003';
const app = useAlertApp({ csm: CSM, tz: 'Europe/London' });
const { post, newCustomer, event, incidentOf } = app.events;
// Alerts only: the sweep also sends the CSM's daily digest once a day.
const dms = () =>
  postsTo(app.h.slack.calls('chat.postMessage'), CSM).filter((c) => !/digest/i.test(String(c.body.text)));
const accepted = async (body: unknown) => expect((await post(body)).status).toBe(202);
const sweep = () => app.h.app.agenda.now('alerts.sweep', {});
const customers = () => app.db.conn.collection('customers');

describe('an alert step that failed part-way', () => {
  it('when the step stopped after the incident was written, then the sweep finishes it: one task, one email, −10 once, one DM', async () => {
    const { id, externalId } = await newCustomer({ healthScore: 80 });
    // The customer's record refuses the health change (as a crash there would): the step stops right
    // after the incident insert, before the task, the email and the DM.
    await customers().updateOne({ externalId }, { $set: { healthHistory: 'not a list' } });
    await accepted(event(externalId, 'token_expired', { errorCode: 'invalid_grant' }));
    const incident = await until('the incident', () => incidentOf(externalId));
    await app.h.waitForLog((l) => /failed/i.test(String(l.msg)) && JSON.stringify(l).includes('healthHistory'), 8000);
    const taskOf = () => app.db.conn.collection('tasks').findOne({ key: `incident:${String(incident._id)}` });
    expect(await taskOf()).toBeNull();
    expect(dms()).toHaveLength(0);

    await customers().updateOne({ externalId }, { $set: { healthHistory: [] } });
    await sweep();
    await until('the DM', async () => dms().length === 1);
    await until('the task', taskOf);
    await app.google.waitForCall('gmail.users.messages.send', 1, 8000);
    expect((await customers().findOne({ externalId }))?.healthScore).toBe(70);

    // Another sweep and another failure change nothing of that.
    await sweep();
    await accepted(event(externalId, 'auth_failure', { errorCode: '401' }));
    await until('the second failure counted', async () => ((await incidentOf(externalId))?.occurrences ?? 0) >= 2);
    await sweep();
    await new Promise((r) => setTimeout(r, 500));
    expect(dms()).toHaveLength(1);
    expect(app.google.calls('gmail.users.messages.send')).toHaveLength(1);
    expect(await app.db.conn.collection('tasks').countDocuments({ customerId: id })).toBe(1);
    expect((await customers().findOne({ externalId }))?.healthScore).toBe(70);
  }, 40_000);

  it('when Slack refuses the first DM, then the sweep posts it, once', async () => {
    // No technical contact, so no email whose outcome would edit (and so deliver) the alert.
    const { externalId } = await newCustomer({ contact: false });
    app.h.slack.failNext('chat.postMessage', 'internal_error');
    await accepted(event(externalId, 'token_expired', { errorCode: 'invalid_grant' }));
    await app.h.slack.waitForCall('chat.postMessage', 1, 8000);
    await until('the step done', async () => (await incidentOf(externalId))?.incident?.email?.state === 'no_contact');
    expect((await incidentOf(externalId))?.incident?.delivered).toBe(false);

    await sweep();
    const dm = await until('the DM', async () => (dms().length === 2 ? dms()[1] : null));
    expect(String(dm.body.text)).toMatch(/Salesforce/);
    await until('delivered', async () => (await incidentOf(externalId))?.slackMessage);
    await sweep();
    await new Promise((r) => setTimeout(r, 500));
    // The refused call and the one that arrived.
    expect(dms()).toHaveLength(2);
  }, 30_000);

  it('when the fix email fails before the DM exists, then the "could not be sent" reply is posted in the DM thread once it exists', async () => {
    const { externalId } = await newCustomer();
    app.h.slack.failNext('chat.postMessage', 'internal_error');
    app.google.failNext('gmail.users.messages.send', 403, 'Delegation denied for alerts@techhealth.example');
    await accepted(event(externalId, 'token_expired', { errorCode: 'invalid_grant' }));
    await until('the email failed', async () => (await incidentOf(externalId))?.incident?.email?.state === 'failed');

    await sweep();
    const message = await until('the DM', async () => (await incidentOf(externalId))?.slackMessage);
    const reply = await until('the reply', async () => repliesTo(app.h.slack.calls('chat.postMessage'), message.ts)[0]);
    expect(String(reply.body.text)).toMatch(/could not be sent: .*Delegation denied/);
    await sweep();
    await new Promise((r) => setTimeout(r, 500));
    expect(repliesTo(app.h.slack.calls('chat.postMessage'), message.ts)).toHaveLength(1);
  }, 30_000);
});

describe('Slack pushes back', () => {
  it('when Slack answers 429 with Retry-After, then the DM arrives once after the wait', async () => {
    const { externalId } = await newCustomer({ contact: false });
    app.h.slack.rateLimitNext('chat.postMessage', 1);
    await accepted(event(externalId, 'token_expired', { errorCode: 'invalid_grant' }));
    const limited = await app.h.slack.waitForCall('chat.postMessage', 1, 8000);
    const dm = await until('the DM', async () => (dms().length === 2 ? dms()[1] : null), 10_000);
    // The refused call and the one after Retry-After (1 s).
    expect(dm.at - limited[0].at).toBeGreaterThanOrEqual(900);
    await app.h.waitForLog((l) => l.msg === 'Slack rate limit; waiting Retry-After');
    await sweep();
    await new Promise((r) => setTimeout(r, 500));
    expect(dms()).toHaveLength(2);
    expect((await incidentOf(externalId))?.incident?.delivered).toBe(true);
  }, 30_000);
});

describe('a long history on one integration', () => {
  it('when an integration flaps 30 times, then its outbox empties and a sweep edits nothing', async () => {
    const { externalId } = await newCustomer();
    const hubspot = { type: 'hubspot', name: 'HubSpot' };
    for (let i = 0; i < 30; i++) {
      await accepted({
        events: [
          event(externalId, 'token_expired', { integration: hubspot, errorCode: 'invalid_grant' }),
          event(externalId, 'reconnected', { integration: hubspot }),
        ],
      });
    }
    const integration = await until(
      'all processed',
      async () => {
        const i = await app.db.conn.collection('integrations').findOne({ externalId: `hubspot-${externalId}` });
        const waiting = await inboxCount(app.db.conn, String(i?._id));
        return i && waiting === 0 && i.outboxCount === 0 ? i : null;
      },
      20_000,
    );
    expect(integration.outbox).toEqual([]);

    const edits = app.h.slack.calls('chat.update').length;
    await sweep();
    await new Promise((r) => setTimeout(r, 500));
    expect(app.h.slack.calls('chat.update')).toHaveLength(edits);
  }, 60_000);
});
