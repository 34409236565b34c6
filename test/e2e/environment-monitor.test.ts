import { describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { ENVIRONMENT_ACTION } from '../../views/ids.js';
import { until, useAlertApp } from '../support/alert-events.js';

// The technical environment monitor against the real app and database: each condition alerts once while it
// holds (also when two runs race), says once when it clears, and goes to the CSM and/or the technical
// channel as the spec's table says. The job itself is run through Agenda once; other passes call the same
// use case the job runs, so the test does not wait a minute per pass.
const CSM = 'U0CSMMON01';
const TECH = 'C0TECHALRT';
const app = useAlertApp({ csm: CSM, tz: 'UTC', env: { TECH_ALERT_CHANNEL_ID: TECH } });
const { post, newCustomer, event } = app.events;
const monitor = () => app.h.app.services.environment.monitor;
const postsMatching = (re: RegExp) => app.h.slack.calls('chat.postMessage').filter((c) => re.test(String(c.body.text)));

async function disconnectedIntegration(customerId: string, name: string, downForMs: number) {
  const { insertedId } = await app.db.conn.collection('integrations').insertOne({
    customerId: new Types.ObjectId(customerId),
    name,
    nameKey: name.toLowerCase(),
    type: 'salesforce',
    category: 'crm',
    status: 'disconnected',
    statusSince: new Date(Date.now() - downForMs),
  });
  return insertedId;
}

describe('integration down for more than an hour', () => {
  it('when it holds, then the CSM and the technical channel hear once (two racing runs included); when it reconnects, once that it cleared', async () => {
    const c = await newCustomer();
    const name = `Salesforce ${c.externalId}`;
    const id = await disconnectedIntegration(c.id, name, 2 * 3_600_000);
    await app.h.app.agenda.now('environment.monitor', {});
    const raised = new RegExp(`${name} for ${c.name} has been disconnected`);
    await until('down alert', async () => postsMatching(raised).length >= 2);
    await Promise.all([monitor().run(), monitor().run()]);
    const alerts = postsMatching(raised);
    expect(alerts.map((a) => a.body.channel).sort()).toEqual([CSM, TECH].sort());
    expect(JSON.stringify(alerts[0].body.blocks)).toContain(ENVIRONMENT_ACTION.sendAlert);

    await app.db.conn.collection('integrations').updateOne({ _id: id }, { $set: { status: 'healthy' } });
    await Promise.all([monitor().run(), monitor().run()]);
    await monitor().run();
    const cleared = postsMatching(new RegExp(`Cleared: ${name} for ${c.name} is no longer down`));
    expect(cleared.map((a) => a.body.channel).sort()).toEqual([CSM, TECH].sort());
    expect(postsMatching(raised)).toHaveLength(2);
  });

  it('when it has been down for less than an hour, then nobody is told yet', async () => {
    const c = await newCustomer();
    await disconnectedIntegration(c.id, `Zendesk ${c.externalId}`, 20 * 60_000);
    await monitor().run();
    expect(postsMatching(new RegExp(`Zendesk ${c.externalId}`))).toHaveLength(0);
  });
});

describe('API usage over 90% of a limit', () => {
  it('when usage crosses 90%, then the CSM hears once with Request Limit Increase; at 88% it holds, under 85% it clears', async () => {
    const c = await newCustomer();
    await app.db.conn
      .collection('customers')
      .updateOne({ externalId: c.externalId }, { $set: { limits: { apiCallsPerMonth: 1000 } } });
    const usage = async (calls: number) =>
      app.db.conn
        .collection('customer_usage')
        .updateOne(
          { _id: c.id as never },
          { $set: { usage: JSON.stringify({ apiCallsThisMonth: calls }), at: new Date() } },
          { upsert: true },
        );
    const raised = new RegExp(`${c.name}: API calls this month at 95% of the limit`);
    await usage(950);
    await monitor().run();
    await monitor().run();
    const alerts = postsMatching(raised);
    expect(alerts).toHaveLength(1);
    expect(alerts[0].body.channel).toBe(CSM);
    expect(JSON.stringify(alerts[0].body.blocks)).toContain(ENVIRONMENT_ACTION.requestLimitIncrease);

    await usage(880);
    await monitor().run();
    const cleared = new RegExp(`Cleared: ${c.name}: API calls this month is back under 85%`);
    expect(postsMatching(cleared)).toHaveLength(0);
    await usage(800);
    await monitor().run();
    await monitor().run();
    expect(postsMatching(cleared)).toHaveLength(1);
  });
});

describe('webhook errors over 10% in the last hour', () => {
  it('when a quarter of 20 deliveries to an endpoint fail, then the technical channel hears once, naming the endpoint', async () => {
    const c = await newCustomer({ csm: null });
    const integration = { id: `hooks-${c.externalId}`, type: 'webhook', name: 'Order webhooks' };
    const endpoint = `/hooks/orders-${c.externalId}`;
    const events = [
      ...Array.from({ length: 5 }, () =>
        event(c.externalId, 'webhook_failed', { integration, endpoint, errorCode: '500' }),
      ),
      ...Array.from({ length: 15 }, () => event(c.externalId, 'webhook_delivered', { integration, endpoint })),
    ];
    expect((await post({ events })).status).toBe(202);
    await monitor().run();
    await monitor().run();
    const alerts = postsMatching(
      new RegExp(`25% of webhook deliveries to ${endpoint} failed in the last 1 h \\(5 of 20\\)`),
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0].body.channel).toBe(TECH);
  });
});

describe('security configuration changes', () => {
  it('when a change weakens security, then the CSM is told once; a strengthening change is only audited', async () => {
    const c = await newCustomer();
    await app.db.conn
      .collection('customers')
      .updateOne({ externalId: c.externalId }, { $set: { security: { mfa: 'enforced' } } });
    const weaken = event(c.externalId, 'security_config_changed', {
      security: { mfa: 'off' },
      actor: 'admin@acme.example',
    });
    await post(weaken);
    await post(weaken);
    const told = new RegExp(`${c.name}: security weakened — MFA changed from enforced to off`);
    await until('weakening told', async () => postsMatching(told).length > 0);
    await post(event(c.externalId, 'security_config_changed', { security: { mfa: 'enforced' } }));
    await until(
      'both changes audited',
      async () => (await app.db.conn.collection('security_audit').countDocuments({ customerId: c.id })) === 2,
    );
    const alerts = postsMatching(told);
    expect(alerts).toHaveLength(1);
    expect(alerts[0].body.channel).toBe(CSM);
    expect(postsMatching(new RegExp(`${c.name}: security configuration changed`))).toHaveLength(0);
  });
});
