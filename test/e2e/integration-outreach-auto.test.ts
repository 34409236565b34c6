import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { postsTo, useAlertApp, wait } from '../support/alert-events.js';
import { checkupClock } from '../support/checkup-clock.js';

// OUTREACH_MODE=auto: the check-ups email the customer without waiting for the CSM, once per integration
// and kind, and tell the CSM what went out. Two sweeps running the same due checks send nothing twice.
const clock = checkupClock();
const app = useAlertApp({
  csm: 'U0CSMAUTO0',
  tz: 'UTC',
  env: { ALERT_EMAIL_MODE: 'off', OUTREACH_MODE: 'auto' },
  overrides: { now: clock.now, agendaProcessEvery: 100 },
});
const day = (n: number) => clock.advanceAndSweep(app.h.app, n);
const mimeOf = (call: { body: unknown }) =>
  Buffer.from(String((call.body as { raw: string }).raw), 'base64url').toString('utf8');

async function connected(type: string, name: string) {
  const csm = `U0A${randomUUID().replace(/-/g, '').slice(0, 7).toUpperCase()}`;
  app.h.slack.addUser({ id: csm, tz: 'UTC' } as Parameters<typeof app.h.slack.addUser>[0]);
  const customer = await app.events.newCustomer({ csm });
  const integration = { type, name, id: `${type}-${customer.externalId}` };
  const send = (t: string, extra: Record<string, unknown> = {}) =>
    app.events.post(app.events.event(customer.externalId, t, { integration, occurredAt: clock.iso(), ...extra }));
  await send('connected');
  const contact = customer.externalId.replace('ext-', 'jane.');
  return {
    ...customer,
    csm,
    send,
    mails: () => app.google.calls('gmail.users.messages.send').filter((m) => mimeOf(m).includes(contact)),
  };
}

describe('customer outreach sent automatically', () => {
  it('when the first sync fails, then setup help is emailed once without approval and the CSM is told', async () => {
    const c = await connected('salesforce', 'Salesforce');
    await c.send('sync_error', { errorCode: 'INVALID_FIELD' });
    await day(1.1);
    await wait('the email', async () => c.mails().length > 0);
    await Promise.all([day(0.01), day(0.01)]);
    await new Promise((r) => setTimeout(r, 500));
    expect(c.mails()).toHaveLength(1);
    expect(mimeOf(c.mails()[0])).toMatch(/^To: .*jane\./im);
    const told = await wait('the CSM note', async () =>
      postsTo(app.h.slack.calls('chat.postMessage'), c.csm).find((m) =>
        /Sent the setup assistance email/.test(String(m.body.text)),
      ),
    );
    expect(String(told.body.text)).toContain(c.name);
    expect(postsTo(app.h.slack.calls('chat.postMessage'), c.csm).some((m) => /^Draft:/.test(String(m.body.text)))).toBe(
      false,
    );
  }, 60_000);

  it('when Gmail takes the email but the answer is lost, then the retry finds it in the sent mail and sends nothing more', async () => {
    const c = await connected('hubspot', 'HubSpot');
    app.google.dropAfterSendNext();
    await day(1.1);
    await wait('the lookup', async () => app.google.calls('gmail.users.messages.list').length > 0);
    await wait('sent', async () =>
      (await app.db.conn.collection('checkup_outreach').find({ status: 'sent' }).toArray()).some((o) =>
        c.mails().some((m) => (m.body as { raw?: string }).raw && o.customerId === c.id),
      ),
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(c.mails()).toHaveLength(1);
  }, 60_000);

  it('when a customer has no technical contact, then the email waits for the CSM as a draft instead of failing', async () => {
    const csm = 'U0NOCONTAC';
    app.h.slack.addUser({ id: csm, tz: 'UTC' } as Parameters<typeof app.h.slack.addUser>[0]);
    const customer = await app.events.newCustomer({ csm, contact: false });
    const integration = { type: 'hubspot', name: 'HubSpot', id: `hs-${customer.externalId}` };
    await app.events.post(app.events.event(customer.externalId, 'connected', { integration, occurredAt: clock.iso() }));
    await wait(
      'the plan',
      async () => (await app.db.conn.collection('health_checks').countDocuments({ customerId: customer.id })) > 0,
    );
    await day(1.1);
    const draft = await wait('the draft', async () =>
      postsTo(app.h.slack.calls('chat.postMessage'), csm).find((m) => /^Draft:/.test(String(m.body.text))),
    );
    expect(JSON.stringify(draft.body.blocks)).toMatch(/no technical contact on file/);
  }, 60_000);
});
