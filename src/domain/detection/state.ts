/**
 * The per-integration detector: a plain, JSON/BSON-serialisable state object (stored with the integration)
 * and pure reducers. `applyEvent` folds one integration event into the state and returns the incident
 * transitions it causes; `sweepSilent` is called by the periodic sweep to find integrations that went quiet.
 *
 * Hysteresis: an incident opens once per family and further failures only `update` it (occurrences,
 * escalation degraded → disconnected, never back down while open); it resolves only after
 * `policy.hysteresis.successesToResolve` consecutive successes of that family AND
 * `minTimeInStateMs` since it opened — or at once on `reconnected`/`connected`/`oauth_completed`/`api_key_created`.
 * A failure in the family resets the success streak, so a flapping integration stays open with one message.
 */

import { INFORMATIONAL_EVENTS, type IntegrationEvent } from './events.js';
import type { DetectionPolicy } from './policy.js';
import {
  compareStatus,
  FAILURE_FAMILIES,
  type FailureClass,
  type FailureFamily,
  type FailureStatus,
  familyOf,
  type HealthStatus,
  type Transition,
} from './types.js';

/** Idempotency keys remembered in the state. The durable guarantee is the unique index on stored events. */
export const SEEN_KEYS_LIMIT = 256;

export interface OpenIncidentState {
  failureClass: FailureClass;
  status: FailureStatus;
  openedAt: number;
  lastSeenAt: number;
  occurrences: number;
  /** Consecutive successes of this family since the last failure. */
  successStreak: number;
  reason: string;
  errorCode: string | null;
  endpoints?: string[];
}

/** Calls to one endpoint: `[epochMs, okCount, failedCount]` samples, oldest first. */
export interface EndpointSamples {
  endpoint: string;
  samples: [number, number, number][];
}

export interface DetectorState {
  version: 1;
  status: HealthStatus;
  /** Epoch ms when `status` last changed. */
  since: number;
  /** Epoch ms when detection started (the silent-failure baseline before any success). */
  createdAt: number;
  lastEventAt: number | null;
  /** Last sync_completed / api_calls with successes / (re)connection. */
  lastSuccessAt: number | null;
  lastFailureAt: number | null;
  /**
   * Time of the last `connected`/`reconnected`/`oauth_completed`/`api_key_created`. Failures that occurred
   * before it refer to replaced credentials and are ignored when they arrive late (out of order).
   */
  credentialsSince: number | null;
  /** Failure timestamps per counted class, oldest first, at most `policy.ringSize` each. */
  failures: { auth: number[]; sso: number[]; sync: number[] };
  /** Webhook deliveries: consecutive failures, and `[epochMs, 1 ok | 0 failed]` samples (ring). */
  webhook: { consecutiveFailures: number; samples: [number, 0 | 1][] };
  /** Per-endpoint samples within the partial window (array, not a map: endpoints contain '.' and '$'). */
  endpoints: EndpointSamples[];
  consecutiveSuccesses: number;
  consecutiveFailures: number;
  /** The open incident of each family, if any. */
  open: Partial<Record<FailureFamily, OpenIncidentState>>;
  /** Recently applied idempotency keys (ring of {@link SEEN_KEYS_LIMIT}). */
  seenKeys: string[];
}

export interface ApplyResult {
  state: DetectorState;
  transitions: Transition[];
}

/**
 * A fresh, healthy state. `createdAt` (epoch ms) is when the integration was connected or detection began.
 * @example createDetectorState(Date.parse('2026-11-01T00:00:00Z')).status // 'healthy'
 */
export function createDetectorState(createdAt: number): DetectorState {
  return {
    version: 1,
    status: 'healthy',
    since: createdAt,
    createdAt,
    lastEventAt: null,
    lastSuccessAt: null,
    lastFailureAt: null,
    credentialsSince: null,
    failures: { auth: [], sso: [], sync: [] },
    webhook: { consecutiveFailures: 0, samples: [] },
    endpoints: [],
    consecutiveSuccesses: 0,
    consecutiveFailures: 0,
    open: {},
    seenKeys: [],
  };
}

const OAUTH_CODES = new Set([
  'invalid_grant',
  'token_expired',
  'expired_token',
  'invalid_token',
  'token_revoked',
  'unauthorized_client',
  'invalid_client',
  'refresh_token_expired',
]);
const AUTH_CODES = new Set(['401', '403', 'unauthorized', 'forbidden', 'invalid_auth', 'not_authed']);

/**
 * Classifies an error code: `oauth` (credentials dead: disconnect at once), `auth` (401/403: count),
 * or null (anything else). Case-insensitive.
 * @example classifyErrorCode('invalid_grant') // 'oauth'
 * @example classifyErrorCode('403') // 'auth'
 */
export function classifyErrorCode(code: string | undefined | null): 'oauth' | 'auth' | null {
  if (!code) return null;
  const c = code.trim().toLowerCase();
  if (OAUTH_CODES.has(c)) return 'oauth';
  if (AUTH_CODES.has(c)) return 'auth';
  return null;
}

/** "10 min", "2 h", "1 h 30 min", "3 d" — durations in CSM-readable form. */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m === 0 ? `${h} h` : `${h} h ${m} min`;
  }
  return `${Math.round(minutes / 1440)} d`;
}

function pushRing<T>(ring: T[], value: T, size: number): void {
  ring.push(value);
  if (ring.length > size) ring.splice(0, ring.length - size);
}

function countSince(ring: number[], from: number, to: number): number {
  let n = 0;
  for (const t of ring) if (t > from && t <= to) n += 1;
  return n;
}

/** Mutable working context for one reduction; the caller's state is never mutated. */
class Reducer {
  readonly transitions: Transition[] = [];
  constructor(
    readonly s: DetectorState,
    readonly p: DetectionPolicy,
    readonly t: number,
  ) {}

  raise(cls: FailureClass, status: FailureStatus, reason: string, errorCode: string | null, endpoints?: string[]) {
    const family = familyOf(cls);
    const open = this.s.open[family];
    if (!open) {
      const incident: OpenIncidentState = {
        failureClass: cls,
        status,
        openedAt: this.t,
        lastSeenAt: this.t,
        occurrences: 1,
        successStreak: 0,
        reason,
        errorCode,
        ...(endpoints ? { endpoints } : {}),
      };
      this.s.open[family] = incident;
      this.emit('open', family, incident);
      return;
    }
    open.occurrences += 1;
    open.lastSeenAt = Math.max(open.lastSeenAt, this.t);
    open.successStreak = 0;
    if (compareStatus(status, open.status) >= 0) {
      open.status = status;
      open.failureClass = cls;
      open.reason = reason;
      if (endpoints) open.endpoints = endpoints;
    }
    if (errorCode) open.errorCode = errorCode;
    this.emit('update', family, open);
  }

  /** A failure below its threshold: it counts as an occurrence only when its family is already open. */
  touch(cls: FailureClass, errorCode: string | null, reason: string) {
    const open = this.s.open[familyOf(cls)];
    if (open) this.raise(cls, open.status, open.status === 'disconnected' ? open.reason : reason, errorCode);
  }

  success(families: FailureFamily[], what: string, endpoint?: string) {
    for (const family of families) {
      const open = this.s.open[family];
      if (!open) continue;
      // A healthy endpoint says nothing about the failing ones of a partial incident.
      if (endpoint && open.failureClass === 'partial' && open.endpoints && !open.endpoints.includes(endpoint)) continue;
      open.successStreak += 1;
      const silent = open.failureClass === 'silent';
      const needed = silent ? 1 : this.p.hysteresis.successesToResolve;
      const longEnough = silent || this.t - open.openedAt >= this.p.hysteresis.minTimeInStateMs;
      if (open.successStreak >= needed && longEnough) {
        this.resolve(family, `${open.successStreak} consecutive ${what}`);
      }
    }
  }

  resolve(family: FailureFamily, reason: string) {
    const open = this.s.open[family];
    if (!open) return;
    delete this.s.open[family];
    // Old failures must not reopen a just-resolved incident on the next single failure.
    if (family === 'access') {
      this.s.failures.auth = [];
      this.s.failures.sso = [];
    } else if (family === 'delivery') {
      this.s.webhook = { consecutiveFailures: 0, samples: [] };
    } else {
      this.s.failures.sync = [];
      this.s.endpoints = [];
    }
    this.transitions.push({
      kind: 'resolve',
      family,
      failureClass: open.failureClass,
      status: 'healthy',
      reason,
      errorCode: open.errorCode,
      ...(open.endpoints ? { endpoints: open.endpoints } : {}),
      at: this.t,
      openedAt: open.openedAt,
      occurrences: open.occurrences,
    });
  }

  emit(kind: 'open' | 'update', family: FailureFamily, o: OpenIncidentState) {
    this.transitions.push({
      kind,
      family,
      failureClass: o.failureClass,
      status: o.status,
      reason: o.reason,
      errorCode: o.errorCode,
      ...(o.endpoints ? { endpoints: [...o.endpoints] } : {}),
      at: this.t,
      openedAt: o.openedAt,
      occurrences: o.occurrences,
    });
  }

  finish(): ApplyResult {
    let worst: HealthStatus = 'healthy';
    for (const f of FAILURE_FAMILIES) {
      const o = this.s.open[f];
      if (o && compareStatus(o.status, worst) > 0) worst = o.status;
    }
    if (worst !== this.s.status) {
      this.s.status = worst;
      this.s.since = this.t;
    }
    return { state: this.s, transitions: this.transitions };
  }
}

function cloneState(s: DetectorState): DetectorState {
  return {
    ...s,
    failures: { auth: [...s.failures.auth], sso: [...s.failures.sso], sync: [...s.failures.sync] },
    webhook: {
      consecutiveFailures: s.webhook.consecutiveFailures,
      samples: s.webhook.samples.map((x) => [x[0], x[1]]),
    },
    endpoints: s.endpoints.map((e) => ({ endpoint: e.endpoint, samples: e.samples.map((x) => [x[0], x[1], x[2]]) })),
    open: Object.fromEntries(
      Object.entries(s.open).map(([k, v]) => [k, { ...v, ...(v.endpoints ? { endpoints: [...v.endpoints] } : {}) }]),
    ),
    seenKeys: [...s.seenKeys],
  };
}

const WHOLE = '*';

/** Event types that report a failure (an `api_calls` summary does when `failed > 0`). */
export const FAILURE_EVENTS: ReadonlySet<IntegrationEvent['type']> = new Set<IntegrationEvent['type']>([
  'auth_failure',
  'token_refresh_failed',
  'token_expired',
  'webhook_failed',
  'sync_error',
  'sso_failure',
  'disconnected',
]);

function recordEndpoint(r: Reducer, endpoint: string | undefined, ok: number, failed: number) {
  const { s, p, t } = r;
  const name = endpoint ?? WHOLE;
  let entry = s.endpoints.find((e) => e.endpoint === name);
  if (!entry) {
    if (s.endpoints.length >= p.partial.maxEndpoints) {
      // Evict the endpoint seen least recently.
      let oldest = 0;
      s.endpoints.forEach((e, i) => {
        if ((e.samples.at(-1)?.[0] ?? 0) < (s.endpoints[oldest].samples.at(-1)?.[0] ?? 0)) oldest = i;
      });
      s.endpoints.splice(oldest, 1);
    }
    entry = { endpoint: name, samples: [] };
    s.endpoints.push(entry);
  }
  pushRing(entry.samples, [t, ok, failed], p.ringSize);
  const from = t - p.partial.windowMs;
  for (const e of s.endpoints) e.samples = e.samples.filter((x) => x[0] > from);
  s.endpoints = s.endpoints.filter((e) => e.samples.length > 0);
}

/** Partial-failure evaluation over the endpoint window. Returns true when it raised or touched an incident. */
function evaluateEndpoints(r: Reducer, errorCode: string | null): boolean {
  const { p } = r;
  const failing: string[] = [];
  let succeeding = 0;
  for (const e of r.s.endpoints) {
    let ok = 0;
    let failed = 0;
    for (const [, o, f] of e.samples) {
      ok += o;
      failed += f;
    }
    const n = ok + failed;
    if (n < p.partial.minSamplesPerEndpoint) continue;
    if (failed / n >= p.partial.failureRate) failing.push(e.endpoint);
    else succeeding += 1;
  }
  if (failing.length === 0) return false;
  failing.sort();
  const window = formatDuration(p.partial.windowMs);
  if (succeeding > 0) {
    const named = failing.filter((e) => e !== WHOLE);
    r.raise(
      'partial',
      'degraded',
      `${named.length} endpoint${named.length === 1 ? '' : 's'} failing while others succeed (last ${window}): ${named.join(', ')}`,
      errorCode,
      named,
    );
  } else {
    const named = failing.filter((e) => e !== WHOLE);
    r.raise(
      'sync',
      'degraded',
      named.length > 0
        ? `All measured endpoints failing (last ${window}): ${named.join(', ')}`
        : `API calls failing (last ${window})`,
      errorCode,
      named.length > 0 ? named : undefined,
    );
  }
  return true;
}

function authFailure(r: Reducer, code: string | null, count = 1) {
  const { s, p, t } = r;
  for (let i = 0; i < Math.min(count, p.ringSize); i += 1) pushRing(s.failures.auth, t, p.ringSize);
  const n = countSince(s.failures.auth, t - p.auth.windowMs, t);
  const reason = `${n} authentication failure${n === 1 ? '' : 's'} (401/403) within ${formatDuration(p.auth.windowMs)}`;
  if (n >= p.auth.failures) r.raise('auth', 'disconnected', reason, code);
  else r.touch('auth', code, reason);
}

function oauthFailure(r: Reducer, code: string | null, reason: string) {
  r.raise('oauth', 'disconnected', reason, code);
}

/**
 * Folds one event into the detector state. Pure: returns a new state (the input is not mutated) and the
 * transitions to act on (create/update/resolve incidents). An event whose `idempotencyKey` is among the
 * state's recent keys returns the SAME state object and no transitions.
 *
 * Time: failure windows are measured on `event.occurredAt` clamped to `now` (epoch ms), so a backlog
 * processed late still sees bursts as bursts, and a sender clock in the future cannot push windows ahead.
 *
 * Rules (thresholds from `policy`, see docs/alerting.md):
 * - `token_refresh_failed`, `token_expired`, or an OAuth error code (`invalid_grant`, …) on any failure → oauth, disconnected at once.
 * - `auth_failure` / sync error with 401/403 → auth; `policy.auth.failures` within `policy.auth.windowMs` → disconnected.
 * - `disconnected` → disconnected at once (class oauth for OAuth codes, else auth).
 * - `webhook_failed` → webhook; consecutive count or failure rate over the window → degraded / disconnected.
 * - `sso_failure` → sso; counts within the window → degraded / disconnected.
 * - `sync_error` → sync; counts within the window → degraded / disconnected; with an endpoint, also partial.
 * - `api_calls` with failures → per-endpoint rates → partial (some endpoints failing) or sync (all failing).
 * - `sync_completed`, `api_calls` without failures → success for access and availability; `webhook_delivered` → delivery;
 *   `sso_login` → success for access (SSO's usage is counted in logins).
 * - `reconnected`, `connected`, `oauth_completed`, `api_key_created` → resolve every open family at once.
 * - A failure event that occurred before the last of those (delivered late, out of order) is ignored: it is
 *   about credentials that have since been replaced. Its key is still remembered.
 *
 * @example
 * const { state, transitions } = applyEvent(createDetectorState(0), tokenExpiredEvent, resolvePolicy('salesforce'), now);
 * // transitions: [{ kind: 'open', failureClass: 'oauth', status: 'disconnected', ... }]
 */
export function applyEvent(
  state: DetectorState,
  event: IntegrationEvent,
  policy: DetectionPolicy,
  now: number,
): ApplyResult {
  if (state.seenKeys.includes(event.idempotencyKey)) return { state, transitions: [] };
  const s = cloneState(state);
  const t = Math.min(event.occurredAt, now);
  pushRing(s.seenKeys, event.idempotencyKey, SEEN_KEYS_LIMIT);
  if (INFORMATIONAL_EVENTS.has(event.type)) return { state: s, transitions: [] };
  s.lastEventAt = Math.max(s.lastEventAt ?? t, t);
  const r = new Reducer(s, policy, t);
  const code = event.errorCode ?? null;
  const codeClass = classifyErrorCode(code);
  const isFailure = FAILURE_EVENTS.has(event.type) || (event.type === 'api_calls' && (event.failed ?? 0) > 0);
  if (s.credentialsSince !== null && t < s.credentialsSince && isFailure) {
    return { state: s, transitions: [] };
  }

  const failed = () => {
    s.lastFailureAt = Math.max(s.lastFailureAt ?? t, t);
    s.consecutiveFailures += 1;
    s.consecutiveSuccesses = 0;
  };
  const succeeded = () => {
    s.lastSuccessAt = Math.max(s.lastSuccessAt ?? t, t);
    s.consecutiveSuccesses += 1;
    s.consecutiveFailures = 0;
  };
  const ctx: EventContext = { r, s, policy, t, code, codeClass, event, failed, succeeded };

  switch (event.type) {
    case 'connected':
    case 'oauth_completed':
    case 'api_key_created':
    case 'reconnected':
      onNewCredentials(ctx);
      break;
    case 'disconnected':
      failed();
      r.raise(
        codeClass === 'oauth' ? 'oauth' : 'auth',
        'disconnected',
        'The product reported the integration as disconnected',
        code,
      );
      break;
    case 'token_refresh_failed':
      failed();
      oauthFailure(r, code, 'OAuth token refresh failed');
      break;
    case 'token_expired':
      failed();
      oauthFailure(r, code ?? 'token_expired', 'OAuth token expired');
      break;
    case 'auth_failure':
      failed();
      if (codeClass === 'oauth') oauthFailure(r, code, `OAuth grant rejected (${code})`);
      else authFailure(r, code);
      break;
    case 'sso_failure':
      onSsoFailure(ctx);
      break;
    case 'sso_login':
      succeeded();
      r.success(['access'], 'successful SSO logins');
      break;
    case 'webhook_failed':
      onWebhookFailed(ctx);
      break;
    case 'webhook_delivered':
      s.webhook.consecutiveFailures = 0;
      pushRing(s.webhook.samples, [t, 1], policy.ringSize);
      succeeded();
      r.success(['delivery'], 'webhook deliveries');
      break;
    case 'sync_error':
      onSyncError(ctx);
      break;
    case 'sync_completed':
      if (event.endpoint) recordEndpoint(r, event.endpoint, 1, 0);
      succeeded();
      r.success(['access', 'availability'], 'successful syncs', event.endpoint);
      break;
    case 'api_calls':
      onApiCalls(ctx);
      break;
  }
  return r.finish();
}

/** What one event's handling needs: the reducer, the state, the policy, the event and its classified code. */
interface EventContext {
  r: Reducer;
  s: DetectorState;
  policy: DetectionPolicy;
  t: number;
  code: string | null;
  codeClass: 'oauth' | 'auth' | null;
  event: IntegrationEvent;
  failed(): void;
  succeeded(): void;
}

/** Connected again (or new credentials): every open family resolves and the failure history starts over. */
function onNewCredentials(c: EventContext): void {
  const { r, s, t, event, succeeded } = c;
  succeeded();
  s.credentialsSince = Math.max(s.credentialsSince ?? t, t);
  const why = event.type === 'reconnected' ? 'Reconnected' : `New credentials (${event.type})`;
  for (const f of FAILURE_FAMILIES) r.resolve(f, why);
  s.failures = { auth: [], sso: [], sync: [] };
  s.webhook = { consecutiveFailures: 0, samples: [] };
  s.endpoints = [];
}

function onSsoFailure(c: EventContext): void {
  const { r, s, policy, t, code, codeClass, failed } = c;
  failed();
  if (codeClass === 'oauth') {
    oauthFailure(r, code, `SSO token rejected (${code})`);
    return;
  }
  pushRing(s.failures.sso, t, policy.ringSize);
  const n = countSince(s.failures.sso, t - policy.sso.windowMs, t);
  const reason = `${n} SSO failure${n === 1 ? '' : 's'} within ${formatDuration(policy.sso.windowMs)}`;
  if (n >= policy.sso.disconnected) r.raise('sso', 'disconnected', reason, code);
  else if (n >= policy.sso.degraded) r.raise('sso', 'degraded', reason, code);
  else r.touch('sso', code, reason);
}

function onWebhookFailed(c: EventContext): void {
  const { r, s, policy, t, code, codeClass, failed } = c;
  failed();
  if (codeClass === 'oauth') {
    oauthFailure(r, code, `Webhook rejected our credentials (${code})`);
    return;
  }
  const w = s.webhook;
  w.consecutiveFailures += 1;
  pushRing(w.samples, [t, 0], policy.ringSize);
  const wp = policy.webhook;
  const inWindow = w.samples.filter((x) => x[0] > t - wp.windowMs && x[0] <= t);
  const fails = inWindow.filter((x) => x[1] === 0).length;
  const rate = inWindow.length >= wp.minSamples ? fails / inWindow.length : 0;
  const pct = Math.round(rate * 100);
  const win = formatDuration(wp.windowMs);
  if (w.consecutiveFailures >= wp.consecutiveDisconnected) {
    r.raise('webhook', 'disconnected', `${w.consecutiveFailures} consecutive webhook deliveries failed`, code);
  } else if (rate >= wp.rateDisconnected) {
    r.raise('webhook', 'disconnected', `${pct}% of webhook deliveries failed (last ${win})`, code);
  } else if (w.consecutiveFailures >= wp.consecutiveDegraded) {
    r.raise('webhook', 'degraded', `${w.consecutiveFailures} consecutive webhook deliveries failed`, code);
  } else if (rate >= wp.rateDegraded) {
    r.raise('webhook', 'degraded', `${pct}% of webhook deliveries failed (last ${win})`, code);
  } else {
    r.touch('webhook', code, 'Webhook delivery failed');
  }
}

function onSyncError(c: EventContext): void {
  const { r, s, policy, t, code, codeClass, event, failed } = c;
  failed();
  if (codeClass === 'oauth') {
    oauthFailure(r, code, `Sync rejected: OAuth grant invalid (${code})`);
    return;
  }
  if (codeClass === 'auth') {
    authFailure(r, code);
    return;
  }
  if (event.endpoint) {
    recordEndpoint(r, event.endpoint, 0, 1);
  }
  pushRing(s.failures.sync, t, policy.ringSize);
  const n = countSince(s.failures.sync, t - policy.sync.windowMs, t);
  const reason = `${n} sync error${n === 1 ? '' : 's'} within ${formatDuration(policy.sync.windowMs)}`;
  if (n >= policy.sync.disconnected) r.raise('sync', 'disconnected', reason, code);
  else if (n >= policy.sync.degraded) r.raise('sync', 'degraded', reason, code);
  else if (!(event.endpoint && evaluateEndpoints(r, code))) r.touch('sync', code, reason);
}

function onApiCalls(c: EventContext): void {
  const { r, s, t, code, codeClass, event, failed, succeeded } = c;
  const count = event.count ?? 0;
  const bad = Math.min(event.failed ?? 0, count);
  if (count === 0) return;
  recordEndpoint(r, event.endpoint, count - bad, bad);
  if (bad === 0) {
    succeeded();
    r.success(['access', 'availability'], 'successful API call summaries', event.endpoint);
    return;
  }
  failed();
  if (count - bad > 0) s.lastSuccessAt = Math.max(s.lastSuccessAt ?? t, t);
  if (codeClass === 'oauth') oauthFailure(r, code, `API calls rejected: OAuth grant invalid (${code})`);
  else if (codeClass === 'auth') authFailure(r, code, bad);
  else if (!evaluateEndpoints(r, code)) r.touch('partial', code, `${bad} of ${count} API calls failed`);
}

/**
 * The silent-failure check, run by the periodic sweep (every ≤ 15 min) for each integration.
 * No success for longer than `expectedIntervalMs × factor` → a `silent` incident (degraded); for twice as
 * long → escalated to disconnected. Does nothing when the type has no expected interval, when an
 * access incident is open (the silence is explained by it), or when nothing changes (repeated sweeps do not
 * spam). The baseline is the last success, or `createdAt` before any.
 *
 * @param now epoch ms
 * @example sweepSilent(state, resolvePolicy('salesforce'), now) // 45 min after the last sync: one 'open' silent/degraded
 */
export function sweepSilent(state: DetectorState, policy: DetectionPolicy, now: number): ApplyResult {
  const interval = policy.silent.expectedIntervalMs;
  if (interval === null || state.open.access) return { state, transitions: [] };
  const baseline = state.lastSuccessAt ?? state.createdAt;
  const quietFor = now - baseline;
  const limit = interval * policy.silent.factor;
  if (quietFor <= limit) return { state, transitions: [] };
  const status: FailureStatus = quietFor > 2 * limit ? 'disconnected' : 'degraded';
  const open = state.open.availability;
  if (open && compareStatus(open.status, status) >= 0) return { state, transitions: [] };
  const s = cloneState(state);
  const r = new Reducer(s, policy, now);
  r.raise(
    'silent',
    status,
    `No successful sync for ${formatDuration(quietFor)} (expected every ${formatDuration(interval)})`,
    null,
  );
  return r.finish();
}
