import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach } from '@jest/globals';
import type { Connection } from 'mongoose';
import { EVENT_SHARDS, INBOX_COLLECTION } from '../../src/db/integration-events.js';
import { signEventBody } from '../../src/http/event-signature.js';
import { type AppHarness, startAppHarness } from './app-harness.js';
import { testDatabase } from './e2e-db.js';
import { type GoogleApiStandIn, startGoogleApi } from './google-api.js';
import type { RecordedCall } from './slack-api.js';
import type { TestDb } from './test-db.js';

/**
 * What the integration-alert e2e suites share: signed posts to POST /api/integrations/events, a customer
 * with a CSM and a technical contact, events in the product backend's shape, and polling MongoDB.
 *
 *   const events = alertEvents({ baseUrl: () => h.baseUrl, secret: SECRET, db: () => db.conn, csm: CSM });
 *   const { externalId } = await events.newCustomer();
 *   await events.post(events.event(externalId, 'token_expired'));
 *   const incident = await until('incident', () => events.incidentOf(externalId));
 */

export async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 8000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Waits on work done by background jobs: generous, since a loaded CI machine runs them late. */
export const wait: typeof until = (what, probe, timeoutMs = 20_000) => until(what, probe, timeoutMs);

export interface IntegrationRef {
  id?: string;
  type: string;
  name: string;
}

export function alertEvents(opts: { baseUrl: () => string; secret: string; db: () => Connection; csm: string }) {
  const post = (body: unknown, o: { secret?: string; timestamp?: number; raw?: string | Buffer } = {}) => {
    const raw = o.raw ?? JSON.stringify(body);
    const ts = o.timestamp ?? Math.floor(Date.now() / 1000);
    return fetch(`${opts.baseUrl()}/api/integrations/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-techhealth-timestamp': String(ts),
        'x-techhealth-signature': signEventBody(raw, o.secret ?? opts.secret, ts),
      },
      body: raw,
    });
  };

  async function newCustomer(o: { contact?: boolean; healthScore?: number; csm?: string | null; arr?: number } = {}) {
    const suffix = randomUUID().slice(0, 8);
    const name = `Acme ${suffix}`;
    const externalId = `ext-${suffix}`;
    const { insertedId } = await opts
      .db()
      .collection('customers')
      .insertOne({
        name,
        nameKey: name.toLowerCase(),
        externalId,
        aliases: [],
        aliasKeys: [],
        arr: o.arr ?? 620_000,
        csmSlackUserId: o.csm === undefined ? opts.csm : o.csm,
        technicalContacts:
          o.contact === false
            ? []
            : [{ name: 'Jane Doe', email: `jane.${suffix}@acme.example`, role: 'IT', level: 'primary' }],
        healthScore: o.healthScore ?? 80,
        healthHistory: [],
      });
    return { id: String(insertedId), name, externalId };
  }

  /** An event of the customer's Salesforce integration (or `integration`), happening now (or `occurredAt`). */
  const event = (
    externalId: string,
    type: string,
    extra: Record<string, unknown> & { integration?: IntegrationRef } = {},
  ) => {
    const { integration, ...rest } = extra;
    const ref = integration ?? { type: 'salesforce', name: 'Salesforce' };
    return {
      customer: { externalId },
      integration: { id: ref.id ?? `${ref.type}-${externalId}`, type: ref.type, name: ref.name },
      type,
      occurredAt: new Date().toISOString(),
      idempotencyKey: randomUUID(),
      ...rest,
    };
  };

  /** The customer's integration_disconnected risk signal (the newest, or the one of `integrationType`). */
  async function incidentOf(externalId: string, integrationType?: string) {
    const customer = await opts.db().collection('customers').findOne({ externalId });
    const signals = await opts
      .db()
      .collection('risk_signals')
      .find({ type: 'integration_disconnected', customerId: String(customer?._id) })
      .toArray();
    return signals.filter((s) => !integrationType || s.integrationType === integrationType).at(-1) ?? null;
  }

  return { post, newCustomer, event, incidentOf };
}

/** Events waiting to be processed (in every shard's inbox), optionally of one integration. */
export async function inboxCount(db: Connection, integrationId?: string): Promise<number> {
  const counts = await Promise.all(
    Array.from({ length: EVENT_SHARDS }, (_, shard) =>
      db.collection(`${INBOX_COLLECTION}_${shard}`).countDocuments(integrationId ? { integrationId } : {}),
    ),
  );
  return counts.reduce((a, b) => a + b, 0);
}

/** Top-level chat.postMessage calls to `channel` (not thread replies): the alerts it received. */
export const postsTo = (calls: RecordedCall[], channel: string) =>
  calls.filter((c) => c.body.channel === channel && !c.body.thread_ts);

/** Thread replies under the message `ts`. */
export const repliesTo = (calls: RecordedCall[], ts: string) => calls.filter((c) => c.body.thread_ts === ts);

export const EVENTS_SECRET = 'events-secret-0123456789abcdef';
export const API_TOKEN = 'rest-test-token-0123456789abcdef';

/**
 * An integration-alert suite's app: its own database, the Google stand-in and the app with the events
 * secret and API token, one CSM in `tz`; both stand-ins are reset before each test. Registers the Jest
 * hooks, so call it at the top level of the file; `h`, `google` and `db` are set once `beforeAll` ran.
 */
export function useAlertApp(opts: {
  csm: string;
  tz: string;
  env?: Record<string, string>;
  overrides?: Parameters<typeof startAppHarness>[0]['overrides'];
}) {
  const app = { csm: opts.csm } as { csm: string; h: AppHarness; google: GoogleApiStandIn; db: TestDb };
  beforeAll(async () => {
    app.db = await testDatabase();
    app.google = await startGoogleApi();
    app.h = await startAppHarness({
      mongodbUri: app.db.uri,
      env: {
        ...app.google.env(),
        EMAIL_FROM: 'alerts@techhealth.example',
        TECHHEALTH_EVENTS_SECRET: EVENTS_SECRET,
        TECHHEALTH_API_TOKEN: API_TOKEN,
        ...opts.env,
      },
      overrides: opts.overrides,
    });
    app.h.slack.addUser({ id: opts.csm, tz: opts.tz } as Parameters<AppHarness['slack']['addUser']>[0]);
  });
  afterAll(async () => {
    await app.h?.stop();
    await app.google?.close();
    await app.db?.drop();
  });
  beforeEach(() => {
    app.h.slack.reset();
    app.google.reset();
  });
  const events = alertEvents({
    baseUrl: () => app.h.baseUrl,
    secret: EVENTS_SECRET,
    db: () => app.db.conn,
    csm: opts.csm,
  });
  return Object.assign(app, { events });
}
