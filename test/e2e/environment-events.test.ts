import { describe, expect, it } from '@jest/globals';
import { API_TOKEN, until, useAlertApp } from '../support/alert-events.js';

// usage_snapshot and security_config_changed through the signed events intake: the customer's latest usage
// and daily series, the security audit entry and the updated environment; no integration alert from them.
const CSM = 'U0CSMENV01';
const app = useAlertApp({ csm: CSM, tz: 'UTC' });
const { post, newCustomer, event, incidentOf } = app.events;
const api = (path: string) => fetch(`${app.h.baseUrl}${path}`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
const customerDoc = (id: string) => app.db.conn.collection('customers').findOne({ externalId: id });

describe('usage_snapshot events', () => {
  it('when snapshots arrive (one twice, one out of order), then the newest is the latest usage and each day keeps its last figures', async () => {
    const { id, externalId } = await newCustomer();
    const today = new Date();
    const at = (hoursAgo: number) => new Date(today.getTime() - hoursAgo * 3_600_000).toISOString();
    const newest = event(externalId, 'usage_snapshot', {
      occurredAt: at(0),
      usage: {
        apiCallsThisMonth: 930_000,
        apiCallsToday: 41_000,
        endpoints: [{ endpoint: '/v2/contacts', calls: 500_000 }],
      },
    });
    const older = event(externalId, 'usage_snapshot', {
      occurredAt: at(1),
      usage: { apiCallsThisMonth: 900_000, apiCallsToday: 39_000 },
    });
    expect((await post({ events: [newest, older] })).status).toBe(202);
    expect((await post(newest)).status).toBe(202);
    // Snapshots are applied before their events are marked processed: wait for that, not for the first write.
    await until('the snapshots processed', async () =>
      (await app.db.conn.collection('integration_events').countDocuments({ customerId: id, processedAt: null })) === 0
        ? app.db.conn.collection('integration_events').countDocuments({ customerId: id })
        : null,
    );
    const latest = await until('usage stored', () =>
      app.db.conn.collection('customer_usage').findOne({ _id: id as never }),
    );
    expect(JSON.parse(latest.usage)).toMatchObject({ apiCallsThisMonth: 930_000 });
    const days = await app.db.conn.collection('usage_daily').find({ customerId: id }).toArray();
    expect(days.find((d) => d.date === at(0).slice(0, 10))?.calls).toBe(41_000);

    await app.db.conn
      .collection('customers')
      .updateOne({ _id: (await customerDoc(externalId))?._id }, { $set: { limits: { apiCallsPerMonth: 1_000_000 } } });
    const summary = (await (await api(`/api/intelligence/technical/${id}`)).json()) as {
      apiUsage: { limits: { key: string; fraction: number | null }[]; topEndpoints: { endpoint: string }[] };
    };
    expect(summary.apiUsage.limits.find((l) => l.key === 'apiCallsPerMonth')?.fraction).toBeCloseTo(0.93);
    expect(summary.apiUsage.topEndpoints[0].endpoint).toBe('/v2/contacts');
    expect(await incidentOf(externalId)).toBeNull();
  });
});

describe('security_config_changed events', () => {
  it('when a change arrives twice, then one audit entry holds before (stored), after (merged), actor and time, and the environment is updated', async () => {
    const { id, externalId } = await newCustomer();
    await app.db.conn
      .collection('customers')
      .updateOne(
        { externalId },
        { $set: { security: { mfa: 'enforced', ipAllowlist: true, auditLogging: true }, environmentRev: 3 } },
      );
    const change = event(externalId, 'security_config_changed', {
      occurredAt: '2026-04-02T10:00:00.000Z',
      security: { ipAllowlist: false, sso: { enabled: true, provider: 'Okta' } },
      actor: 'admin@acme.example',
    });
    expect((await post(change)).status).toBe(202);
    expect((await post(change)).status).toBe(202);
    const entry = await until('audit entry', () =>
      app.db.conn.collection('security_audit').findOne({ customerId: id }),
    );
    expect(entry).toMatchObject({
      changeId: change.idempotencyKey,
      source: 'event',
      actor: 'admin@acme.example',
      weakening: true,
      at: new Date('2026-04-02T10:00:00.000Z'),
    });
    expect(JSON.parse(entry.before)).toEqual({ mfa: 'enforced', ipAllowlist: true, auditLogging: true });
    expect(JSON.parse(entry.after)).toEqual({
      mfa: 'enforced',
      ipAllowlist: false,
      auditLogging: true,
      sso: { enabled: true, provider: 'Okta' },
    });
    await until(
      'both deliveries processed',
      async () =>
        (await app.db.conn
          .collection('integration_events')
          .countDocuments({ idempotencyKey: change.idempotencyKey, processedAt: null })) === 0,
    );
    expect(await app.db.conn.collection('security_audit').countDocuments({ customerId: id })).toBe(1);
    expect((await customerDoc(externalId))?.security).toMatchObject({ ipAllowlist: false, sso: { provider: 'Okta' } });
    expect(await incidentOf(externalId)).toBeNull();
  });
});
