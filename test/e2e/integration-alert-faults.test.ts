import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { alertEvents, EVENTS_SECRET, postsTo, until } from '../support/alert-events.js';
import { type AppHarness, startAppHarness } from '../support/app-harness.js';
import { testDatabase, withDatabase } from '../support/e2e-db.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import type { TestDb } from '../support/test-db.js';

// The database going away under the running app: the app reaches MongoDB through a TCP relay that the
// test cuts (every connection dropped, new ones refused) and restores, as a database restart does.
const CSM = 'U0CSM00004';
let db: TestDb;
let proxy: TcpProxy;
let h: AppHarness;
beforeAll(async () => {
  db = await testDatabase();
  const server = new URL(db.uri.replace(/^mongodb:/, 'http:'));
  proxy = await startTcpProxy(server.hostname, Number(server.port));
  h = await startAppHarness({
    mongodbUri: withDatabase(`mongodb://127.0.0.1:${proxy.port}/`, db.dbName),
    env: { TECHHEALTH_EVENTS_SECRET: EVENTS_SECRET },
  });
  h.slack.addUser({ id: CSM, tz: 'UTC' } as Parameters<AppHarness['slack']['addUser']>[0]);
}, 30_000);
afterAll(async () => {
  await h?.stop();
  await proxy?.close();
  await db?.drop();
});
const events = alertEvents({ baseUrl: () => h.baseUrl, secret: EVENTS_SECRET, db: () => db.conn, csm: CSM });

describe('the database stops and comes back', () => {
  it('then /readyz fails, event posts get 503 with Retry-After at once, and after it returns the app works again without a restart', async () => {
    const { externalId } = await events.newCustomer({ contact: false });
    expect((await events.post(events.event(externalId, 'sync_completed'))).status).toBe(202);

    await proxy.cut();
    await until('readyz failing', async () => (await h.get('/readyz')).status === 503, 15_000);
    const started = performance.now();
    const refused = await events.post(events.event(externalId, 'token_expired', { errorCode: 'invalid_grant' }));
    const elapsedMs = performance.now() - started;
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.json()).toMatchObject({ error: 'database.unavailable' });
    expect(elapsedMs).toBeLessThan(1500);

    await proxy.restore();
    await until('readyz again', async () => (await h.get('/readyz')).status === 200, 20_000);
    const resent = await events.post(events.event(externalId, 'token_expired', { errorCode: 'invalid_grant' }));
    expect(resent.status).toBe(202);
    await until('the DM', async () => postsTo(h.slack.calls('chat.postMessage'), CSM).length > 0, 15_000);
  }, 60_000);
});
