import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import { EVENT_SHARDS, INBOX_COLLECTION } from '../src/db/integration-events.js';
import { resolvePolicy } from '../src/domain/detection/policy.js';
import { INTEGRATION_TYPES, type IntegrationType } from '../src/domain/records.js';
import { signEventBody } from '../src/http/event-signature.js';
import { withDatabase } from '../test/support/e2e-db.js';
import startMongo from '../test/support/global-setup.js';
import stopMongo from '../test/support/global-teardown.js';
import { startGoogleApi } from '../test/support/google-api.js';
import { startSlackApi } from '../test/support/slack-api.js';

/**
 * `npm run bench:alerts [-- options]`: the integration-alert pipeline under load, end to end.
 *
 * The built app (`dist/src/main.js`, jobs in-process as by default) runs as its own process against a
 * MongoDB wire-protocol server resolved like the tests' (MONGODB_URI, a local mongod, else FerretDB) and
 * the local Slack and Google stand-ins. The bench posts signed events to POST /api/integrations/events at
 * a steady rate (one event per request) across many integrations of every type; a few fail part-way
 * (one per customer, at most four customers per integration type so no upstream folding applies): OAuth
 * token expiry, repeated 401s, consecutive webhook failures or SSO failures, each starting with the
 * burst the type's detection policy needs, then more failures; a third of them reconnect later. About
 * 2% of requests resend an earlier event (same idempotency key), as a retrying sender does.
 *
 * It prints:
 *   event-to-DM latency   from sending the event that crosses the detection threshold to the CSM's DM
 *                         arriving at the Slack stand-in (P50/P95/P99/max; target P95 < 2 s)
 *   reconnect-to-edit     from sending `reconnected` to the alert being edited to "resolved"
 *   events lost           accepted events that were not stored, or not processed by the end (must be 0)
 *   duplicate DMs/emails  more than one DM or fix email for one incident (must be 0)
 *   missed/false alerts   failing integrations without a DM; DMs about healthy customers
 *   intake latency        the events endpoint's response times, and the rate actually sent
 * Options: --rate N (events/s, default 200) --seconds N (default 60) --integrations N (default 1000)
 *          --failing N (default 60) --seed N
 * Results: a table on stdout, the figures in bench/results/alerts-latest.json. Exit status 0 whatever
 * the targets, 1 when the run itself failed.
 */

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '60' },
    integrations: { type: 'string', default: '1000' },
    failing: { type: 'string', default: '60' },
    seed: { type: 'string', default: '7' },
  },
});
const wholeNumber = (name: string, v: string, min: number): number => {
  const n = Number(v.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min} (got "${v}")`);
  return n;
};
const RATE = wholeNumber('rate', values.rate, 1);
const SECONDS = wholeNumber('seconds', values.seconds, 10);
const INTEGRATIONS = wholeNumber('integrations', values.integrations, 4);
const PER_CUSTOMER = 4;
const CUSTOMERS = Math.ceil(INTEGRATIONS / PER_CUSTOMER);
// No more than four failing customers per integration type: five would be an upstream outage and fold.
const FAILING = Math.min(wholeNumber('failing', values.failing, 0), CUSTOMERS, INTEGRATION_TYPES.length * 4);
const SEED = wholeNumber('seed', values.seed, 0);
const CSMS = 20;
const DUPLICATE_SHARE = 0.02;
const IN_FLIGHT_MAX = 256;
const DRAIN_MS = 90_000;

const root = resolve(import.meta.dirname, '..', '..');
const mainJs = join(root, 'dist', 'src', 'main.js');
const SECRET = 'bench-events-secret-0123456789abcdef';
const SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';

/** mulberry32: the same run for the same seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = random(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

// ---------------------------------------------------------------------------------------------- plan

interface Integration {
  id: string;
  type: IntegrationType;
  name: string;
  customer: number;
}
type FailureKind = 'token_expired' | 'auth_failure' | 'webhook_failed' | 'sso_failure';
interface Failure {
  integration: Integration;
  kind: FailureKind;
  /** Events in the opening burst: the last one crosses the policy's threshold. */
  burst: number;
  startMs: number;
  reconnectMs: number | null;
}
interface Slot {
  atMs: number;
  body: string;
  /** Failure whose threshold this event crosses / which it reconnects. */
  trigger?: Failure;
  reconnect?: Failure;
}

const customerName = (n: number) => `Bench Customer ${String(n).padStart(4, '0')}`;
const externalId = (n: number) => `bench-${String(n).padStart(4, '0')}`;
const contactEmail = (n: number) => `tech.${String(n).padStart(4, '0')}@customer.example`;
const csmOf = (n: number) => `U0BENCH${String(n % CSMS).padStart(3, '0')}`;

const types = INTEGRATION_TYPES.map((t) => t.type);
const integrations: Integration[] = Array.from({ length: INTEGRATIONS }, (_, i) => {
  const type = types[i % types.length];
  const info = INTEGRATION_TYPES.find((t) => t.type === type);
  return { id: `bench-int-${i}`, type, name: info?.displayName ?? type, customer: Math.floor(i / PER_CUSTOMER) };
});

function failureKind(type: IntegrationType, n: number): { kind: FailureKind; burst: number } {
  const policy = resolvePolicy(type);
  if (['okta', 'azure_ad', 'google_workspace', 'sso'].includes(type)) {
    return { kind: 'sso_failure', burst: policy.sso.degraded };
  }
  if (type === 'webhook') return { kind: 'webhook_failed', burst: policy.webhook.consecutiveDegraded };
  return n % 2 === 0 ? { kind: 'token_expired', burst: 1 } : { kind: 'auth_failure', burst: policy.auth.failures };
}

function planFailures(): Failure[] {
  const perType = new Map<string, number>();
  const usedCustomers = new Set<number>();
  const failures: Failure[] = [];
  const runMs = SECONDS * 1000;
  for (const integration of [...integrations].sort(() => rnd() - 0.5)) {
    if (failures.length >= FAILING) break;
    if (usedCustomers.has(integration.customer) || (perType.get(integration.type) ?? 0) >= 4) continue;
    usedCustomers.add(integration.customer);
    perType.set(integration.type, (perType.get(integration.type) ?? 0) + 1);
    const startMs = Math.floor(runMs * (0.1 + 0.7 * rnd()));
    const reconnects = failures.length % 3 === 0 && startMs + 12_000 < runMs;
    failures.push({
      integration,
      ...failureKind(integration.type, failures.length),
      startMs,
      reconnectMs: reconnects ? startMs + 12_000 : null,
    });
  }
  return failures;
}

function eventBody(integration: Integration, type: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    customer: { externalId: externalId(integration.customer) },
    integration: { id: integration.id, type: integration.type, name: integration.name },
    type,
    occurredAt: new Date().toISOString(),
    idempotencyKey: randomUUID(),
    ...extra,
  });
}

const HEALTHY = ['sync_completed', 'sync_completed', 'api_calls', 'webhook_delivered'] as const;
function healthyEvent(integration: Integration): string {
  const type = integration.type === 'webhook' ? 'webhook_delivered' : pick(HEALTHY);
  return eventBody(integration, type, type === 'api_calls' ? { count: 120, failed: 0 } : {});
}

function failureEvent(f: Failure): string {
  const extra: Record<string, Record<string, unknown>> = {
    token_expired: { errorCode: 'invalid_grant', errorMessage: 'refresh token expired' },
    auth_failure: { errorCode: 401, errorMessage: 'Unauthorized', endpoint: '/api/v1/records' },
    webhook_failed: { errorCode: 503, errorMessage: 'endpoint unavailable', endpoint: '/hooks/events' },
    sso_failure: { errorCode: 'saml_assertion_invalid', errorMessage: 'SAML assertion signature invalid' },
  };
  return eventBody(f.integration, f.kind, extra[f.kind]);
}

/**
 * The whole run as slots at a steady rate. Each slot sends one event: the next of a failure's opening
 * burst when one is due, a reconnect when due, a resend of an earlier event (~2%), else an event of a
 * random integration (a failure event once its failure started and before it reconnected).
 */
function planSlots(failures: Failure[]): Slot[] {
  const total = RATE * SECONDS;
  const gap = 1000 / RATE;
  const byIntegration = new Map(failures.map((f) => [f.integration.id, f]));
  const bursts = failures
    .map((f) => ({ f, left: f.burst, reconnected: false }))
    .sort((a, b) => a.f.startMs - b.f.startMs);
  const sent: string[] = [];
  const slots: Slot[] = [];
  for (let i = 0; i < total; i++) {
    const atMs = i * gap;
    const burst = bursts.find((b) => b.left > 0 && b.f.startMs <= atMs);
    if (burst) {
      burst.left -= 1;
      slots.push({ atMs, body: failureEvent(burst.f), trigger: burst.left === 0 ? burst.f : undefined });
      continue;
    }
    const reconnect = bursts.find((b) => !b.reconnected && b.f.reconnectMs !== null && b.f.reconnectMs <= atMs);
    if (reconnect) {
      reconnect.reconnected = true;
      slots.push({ atMs, body: eventBody(reconnect.f.integration, 'reconnected'), reconnect: reconnect.f });
      continue;
    }
    if (sent.length > 100 && rnd() < DUPLICATE_SHARE) {
      slots.push({ atMs, body: pick(sent) });
      continue;
    }
    // The first pass covers every integration once (they announce themselves), then random ones.
    const integration = i < integrations.length ? integrations[i] : pick(integrations);
    const f = byIntegration.get(integration.id);
    const failing = f && f.startMs <= atMs && (f.reconnectMs === null || atMs < f.reconnectMs);
    const body = failing ? failureEvent(f) : healthyEvent(integration);
    sent.push(body);
    slots.push({ atMs, body });
  }
  return slots;
}

// ------------------------------------------------------------------------------------------- helpers

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function quantile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function summary(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: quantile(s, 0.5), p95: quantile(s, 0.95), p99: quantile(s, 0.99), max: s.at(-1) ?? null };
}

const ms = (v: number | null) => (v === null ? '—' : `${Math.round(v)} ms`);

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number, died: () => string | null) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const reason = died();
    if (reason) throw new Error(`${what}: ${reason}`);
    if (await probe()) return true;
    await sleep(200);
  }
  return false;
}

// ----------------------------------------------------------------------------------------------- run

async function main(): Promise<number> {
  await startMongo({ rootDir: root });
  const serverUri = process.env.MONGODB_URI as string;
  const dbName = `techhealth_bench_${Date.now()}`;
  const uri = withDatabase(serverUri, dbName);
  const mongo = await new MongoClient(uri).connect();
  const db = mongo.db(dbName);
  const slack = await startSlackApi();
  const google = await startGoogleApi();
  let app: ChildProcess | null = null;
  let appOutput = '';
  try {
    for (let c = 0; c < CSMS; c++) {
      slack.addUser({ id: csmOf(c), tz: pick(['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'UTC']) });
    }
    await db.collection('customers').insertMany(
      Array.from({ length: CUSTOMERS }, (_, n) => ({
        name: customerName(n),
        nameKey: customerName(n).toLowerCase(),
        externalId: externalId(n),
        aliases: [],
        aliasKeys: [],
        arr: Math.round(20_000 + rnd() * 980_000),
        csmSlackUserId: csmOf(n),
        technicalContacts: [{ name: `Tech ${n}`, email: contactEmail(n), role: 'IT', level: 'primary' }],
        healthScore: 80,
        healthHistory: [],
      })),
    );

    const port = await freePort();
    app = spawn(process.execPath, [mainJs], {
      env: {
        PATH: process.env.PATH ?? '',
        MONGODB_URI: uri,
        SLACK_BOT_TOKEN: slack.botToken,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        PORT: String(port),
        LOG_LEVEL: 'warn',
        TECHHEALTH_EVENTS_SECRET: SECRET,
        EMAIL_FROM: 'alerts@techhealth.example',
        ...google.env(),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (c: Buffer) => {
      appOutput = (appOutput + c.toString()).slice(-20_000);
    };
    app.stdout?.on('data', keep);
    app.stderr?.on('data', keep);
    const child = app;
    const died = () => (child.exitCode !== null ? `the app exited with ${child.exitCode}:\n${appOutput}` : null);
    const base = `http://127.0.0.1:${port}`;
    const ready = await waitFor(
      'start-up',
      async () => (await fetch(`${base}/readyz`).catch(() => null))?.status === 200,
      60_000,
      died,
    );
    if (!ready) throw new Error(`the app did not become ready within 60 s:\n${appOutput}`);

    const failures = planFailures();
    const slots = planSlots(failures);
    process.stderr.write(
      `${RATE} events/s for ${SECONDS} s: ${slots.length} events, ${INTEGRATIONS} integrations, ` +
        `${failures.length} failing (${failures.filter((f) => f.reconnectMs !== null).length} reconnect)\n`,
    );

    // ------------------------------------------------------------------------------------ send
    const sentAt = new Map<Failure, number>();
    const reconnectSentAt = new Map<Failure, number>();
    const accepted = new Set<string>();
    const intakeMs: number[] = [];
    const rejected: string[] = [];
    let inFlight = 0;
    let maxLagMs = 0;
    const t0 = performance.now() + 200;
    const requests: Promise<void>[] = [];
    const post = async (slot: Slot) => {
      const ts = Math.floor(Date.now() / 1000);
      const started = performance.now();
      const wall = Date.now();
      if (slot.trigger) sentAt.set(slot.trigger, wall);
      if (slot.reconnect) reconnectSentAt.set(slot.reconnect, wall);
      inFlight++;
      try {
        const res = await fetch(`${base}/api/integrations/events`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-techhealth-timestamp': String(ts),
            'x-techhealth-signature': signEventBody(slot.body, SECRET, ts),
          },
          body: slot.body,
        });
        const text = await res.text();
        intakeMs.push(performance.now() - started);
        if (res.status === 202) accepted.add((JSON.parse(slot.body) as { idempotencyKey: string }).idempotencyKey);
        else rejected.push(`${res.status} ${text.slice(0, 200)}`);
      } catch (err) {
        rejected.push(`request failed: ${(err as Error).message}`);
      } finally {
        inFlight--;
      }
    };
    for (const slot of slots) {
      const wait = t0 + slot.atMs - performance.now();
      if (wait > 1) await sleep(wait);
      while (inFlight >= IN_FLIGHT_MAX) await sleep(1);
      maxLagMs = Math.max(maxLagMs, performance.now() - (t0 + slot.atMs));
      requests.push(post(slot));
      if (died()) throw new Error(died() as string);
    }
    await Promise.all(requests);
    const sendSeconds = (performance.now() - t0) / 1000;
    process.stderr.write(`sent in ${sendSeconds.toFixed(1)} s; waiting for the pipeline to drain…\n`);

    // ----------------------------------------------------------------------------------- drain
    const events = db.collection('integration_events');
    const dmsOf = () =>
      slack.calls('chat.postMessage').filter((c) => !c.body.thread_ts && String(c.body.channel).startsWith('U0BENCH'));
    // Cheap probes first: the shard inboxes are small, a count over the whole log is not (on FerretDB it
    // decodes every event), and probing it five times a second slowed the very drain it waits for.
    const inboxes = Array.from({ length: EVENT_SHARDS }, (_, shard) => db.collection(`${INBOX_COLLECTION}_${shard}`));
    const waiting = async () =>
      (await Promise.all(inboxes.map((c) => c.estimatedDocumentCount()))).reduce((a, b) => a + b, 0);
    const drained = await waitFor(
      'drain',
      async () =>
        (await waiting()) === 0 &&
        failures.every((f) =>
          dmsOf().some((c) => String(c.body.text).includes(customerName(f.integration.customer))),
        ) &&
        (await events.countDocuments({ processedAt: null })) === 0,
      DRAIN_MS,
      died,
    );
    await sleep(3000); // late duplicates, if any, would arrive now
    const drainSeconds = (performance.now() - t0) / 1000 - sendSeconds;

    // --------------------------------------------------------------------------------- measure
    const stored = await events.countDocuments({ idempotencyKey: { $in: [...accepted] } });
    const unprocessed = await events.countDocuments({ processedAt: null });
    const dms = dmsOf();
    const dmLatency: number[] = [];
    let missed = 0;
    let duplicateDms = 0;
    for (const f of failures) {
      const mine = dms.filter((c) => String(c.body.text).includes(customerName(f.integration.customer)));
      if (mine.length === 0) missed++;
      duplicateDms += Math.max(0, mine.length - 1);
      const sent = sentAt.get(f);
      if (mine[0] && sent !== undefined) dmLatency.push(mine[0].at - sent);
    }
    const failingNames = new Set(failures.map((f) => customerName(f.integration.customer)));
    const falseAlerts = dms.filter((c) => ![...failingNames].some((n) => String(c.body.text).includes(n))).length;
    const emails = google.calls('gmail.users.messages.send');
    const emailsTo = new Map<string, number>();
    for (const e of emails) {
      const mime = Buffer.from((e.body as { raw: string }).raw, 'base64url').toString('utf8');
      const to = /^To: .*?<?([^<>\s]+@[^<>\s]+)>?\s*$/im.exec(mime)?.[1] ?? '?';
      emailsTo.set(to, (emailsTo.get(to) ?? 0) + 1);
    }
    const duplicateEmails = [...emailsTo.values()].reduce((n, k) => n + Math.max(0, k - 1), 0);
    const missingEmails = failures.filter((f) => !emailsTo.has(contactEmail(f.integration.customer))).length;
    const resolveLatency: number[] = [];
    for (const [f, sent] of reconnectSentAt) {
      const edit = slack
        .calls('chat.update')
        .find(
          (c) =>
            c.at >= sent &&
            String(c.body.text).includes(customerName(f.integration.customer)) &&
            /resolved/i.test(String(c.body.text)),
        );
      if (edit) resolveLatency.push(edit.at - sent);
    }

    const dm = summary(dmLatency);
    const resolved = summary(resolveLatency);
    const intake = summary(intakeMs);
    const lost = accepted.size - stored + unprocessed;
    const results = {
      at: new Date().toISOString(),
      config: { rate: RATE, seconds: SECONDS, integrations: INTEGRATIONS, failing: failures.length, seed: SEED },
      sent: { requests: slots.length, seconds: sendSeconds, ratePerS: slots.length / sendSeconds, maxLagMs },
      accepted: accepted.size,
      rejected: rejected.length,
      stored,
      unprocessed,
      eventsLost: lost,
      drained,
      drainSeconds,
      eventToDm: dm,
      reconnectToResolvedEdit: resolved,
      intake,
      dms: dms.length,
      missedAlerts: missed,
      falseAlerts,
      duplicateDms,
      emails: emails.length,
      missingEmails,
      duplicateEmails,
      slackCalls: Object.fromEntries(
        ['chat.postMessage', 'chat.update', 'users.info'].map((m) => [m, slack.calls(m).length]),
      ),
    };
    mkdirSync(join(root, 'bench', 'results'), { recursive: true });
    writeFileSync(join(root, 'bench', 'results', 'alerts-latest.json'), `${JSON.stringify(results, null, 2)}\n`);

    const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
    const lines = [
      `bench:alerts — ${RATE} events/s × ${SECONDS} s, ${INTEGRATIONS} integrations, ${failures.length} failing`,
      `  sent               ${slots.length} requests in ${sendSeconds.toFixed(1)} s (${results.sent.ratePerS.toFixed(0)}/s, max lag ${ms(maxLagMs)}); ${accepted.size} distinct accepted, ${rejected.length} rejected`,
      `  intake latency     P50 ${ms(intake.p50)}  P95 ${ms(intake.p95)}  P99 ${ms(intake.p99)}  max ${ms(intake.max)}`,
      `  event-to-DM        P50 ${ms(dm.p50)}  P95 ${ms(dm.p95)}  P99 ${ms(dm.p99)}  max ${ms(dm.max)}  (n=${dm.n})  ${verdict(dm.p95 !== null && dm.p95 < 2000)} (P95 < 2 s)`,
      `  reconnect-to-edit  P50 ${ms(resolved.p50)}  P95 ${ms(resolved.p95)}  max ${ms(resolved.max)}  (n=${resolved.n} of ${reconnectSentAt.size})`,
      `  events lost        ${lost} (stored ${stored} of ${accepted.size}, unprocessed ${unprocessed})  ${verdict(lost === 0)}`,
      `  duplicate DMs      ${duplicateDms}  duplicate emails ${duplicateEmails}  ${verdict(duplicateDms + duplicateEmails === 0)}`,
      `  alerts             ${dms.length} DMs, missed ${missed}, false ${falseAlerts}; ${emails.length} emails, missing ${missingEmails}`,
      `  drained            ${drained ? 'yes' : 'NO'} after ${drainSeconds.toFixed(1)} s more`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (rejected.length > 0) process.stderr.write(`first rejections:\n  ${rejected.slice(0, 5).join('\n  ')}\n`);
    return 0;
  } finally {
    if (app && app.exitCode === null) {
      const exited = new Promise((r) => app?.once('exit', r));
      app.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000)]);
      if (app.exitCode === null) app.kill('SIGKILL');
    }
    await db.dropDatabase().catch(() => {});
    await mongo.close();
    await slack.close();
    await google.close();
    await stopMongo();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench:alerts failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
