/**
 * Detection policy: the thresholds the detectors in `state.ts` apply, with defaults per integration type
 * and layered overrides (global config → per type → per integration). All durations are milliseconds.
 * The defaults and their reasons are documented in docs/alerting.md; change both together.
 */
import { type IntegrationType, integrationTypeInfo } from '../records.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export interface DetectionPolicy {
  /** Repeated 401/403 (`auth_failure`, or a sync error with code 401/403): `failures` within `windowMs` → disconnected. */
  auth: { failures: number; windowMs: number };
  /**
   * Webhook deliveries. Consecutive failures ≥ `consecutiveDegraded` → degraded, ≥ `consecutiveDisconnected`
   * → disconnected. Or, over the last `windowMs` with at least `minSamples` deliveries, failure rate ≥
   * `rateDegraded` → degraded, ≥ `rateDisconnected` → disconnected (rates in [0, 1]).
   */
  webhook: {
    consecutiveDegraded: number;
    consecutiveDisconnected: number;
    windowMs: number;
    minSamples: number;
    rateDegraded: number;
    rateDisconnected: number;
  };
  /** SSO failures within `windowMs`: ≥ `degraded` → degraded, ≥ `disconnected` → disconnected. */
  sso: { degraded: number; disconnected: number; windowMs: number };
  /** Sync errors (not auth-coded) within `windowMs`: ≥ `degraded` → degraded, ≥ `disconnected` → disconnected. */
  sync: { degraded: number; disconnected: number; windowMs: number };
  /**
   * Partial failure: within `windowMs`, an endpoint with ≥ `minSamplesPerEndpoint` calls is failing when its
   * failure rate ≥ `failureRate`, and succeeding when below. Some failing and some succeeding → degraded,
   * naming the failing endpoints. All measured endpoints failing → a `sync` failure (degraded).
   */
  partial: { windowMs: number; minSamplesPerEndpoint: number; failureRate: number; maxEndpoints: number };
  /**
   * Silent failure, found by the periodic sweep: no success for `expectedIntervalMs × factor` → degraded,
   * for twice that → disconnected. `expectedIntervalMs: null` disables it (event-driven integrations).
   */
  silent: { expectedIntervalMs: number | null; factor: number };
  /**
   * Resolution by successes: `successesToResolve` consecutive successes of the incident's family and at least
   * `minTimeInStateMs` since it opened. Silent incidents resolve on the first success (silence is disproved).
   * `reconnected`/`connected`/`oauth_completed`/`api_key_created` resolve at once.
   */
  hysteresis: { successesToResolve: number; minTimeInStateMs: number };
  /** Chronic: ≥ `disconnects` incidents opened within `windowMs`. */
  chronic: { disconnects: number; windowMs: number };
  /** A resolved incident that fails again within this time is reopened instead of duplicated. */
  reopenWindowMs: number;
  /** Ring size for per-class failure timestamps and webhook samples (bounds the stored state). */
  ringSize: number;
}

/** Recursive partial used for overrides. */
export type PolicyOverrides = { [K in keyof DetectionPolicy]?: Partial<DetectionPolicy[K]> | DetectionPolicy[K] };

export const DEFAULT_POLICY: DetectionPolicy = {
  auth: { failures: 3, windowMs: 10 * MINUTE_MS },
  webhook: {
    consecutiveDegraded: 5,
    consecutiveDisconnected: 20,
    windowMs: 15 * MINUTE_MS,
    minSamples: 10,
    rateDegraded: 0.25,
    rateDisconnected: 0.9,
  },
  sso: { degraded: 3, disconnected: 10, windowMs: 15 * MINUTE_MS },
  sync: { degraded: 3, disconnected: 10, windowMs: HOUR_MS },
  partial: { windowMs: 15 * MINUTE_MS, minSamplesPerEndpoint: 5, failureRate: 0.5, maxEndpoints: 50 },
  silent: { expectedIntervalMs: null, factor: 3 },
  hysteresis: { successesToResolve: 3, minTimeInStateMs: 5 * MINUTE_MS },
  chronic: { disconnects: 3, windowMs: 30 * DAY_MS },
  reopenWindowMs: DAY_MS,
  ringSize: 64,
};

/**
 * Per-type differences from {@link DEFAULT_POLICY}. Expected sync intervals: CRMs and support tools sync
 * every 15 min by default in the product (so 45 min of silence alerts); billing hourly; chat, SSO, webhooks
 * and custom APIs are event-driven, so silence there means nothing and the sweep skips them.
 */
export const TYPE_POLICY_DEFAULTS: Partial<Record<IntegrationType, PolicyOverrides>> = {
  salesforce: { silent: { expectedIntervalMs: 15 * MINUTE_MS } },
  hubspot: { silent: { expectedIntervalMs: 15 * MINUTE_MS } },
  dynamics: { silent: { expectedIntervalMs: 15 * MINUTE_MS } },
  zendesk: { silent: { expectedIntervalMs: 15 * MINUTE_MS } },
  intercom: { silent: { expectedIntervalMs: 15 * MINUTE_MS } },
  jira: { silent: { expectedIntervalMs: 30 * MINUTE_MS } },
  stripe: { silent: { expectedIntervalMs: HOUR_MS } },
  // Identity providers: one failed sign-in is a user typo; a burst is an outage or a broken certificate.
  okta: { sso: { degraded: 5, disconnected: 20, windowMs: 10 * MINUTE_MS } },
  azure_ad: { sso: { degraded: 5, disconnected: 20, windowMs: 10 * MINUTE_MS } },
  google_workspace: { sso: { degraded: 5, disconnected: 20, windowMs: 10 * MINUTE_MS } },
  sso: { sso: { degraded: 5, disconnected: 20, windowMs: 10 * MINUTE_MS } },
  // A webhook-only integration has nothing else to judge by: degrade sooner.
  webhook: { webhook: { consecutiveDegraded: 3, consecutiveDisconnected: 10 } },
};

function merge(base: DetectionPolicy, over: PolicyOverrides | undefined): DetectionPolicy {
  if (!over) return base;
  const out = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] =
      current !== null && typeof current === 'object' && typeof value === 'object'
        ? { ...(current as object), ...(value as object) }
        : value;
  }
  return out as unknown as DetectionPolicy;
}

/**
 * The effective policy for an integration: defaults, then the type's defaults, then each override in order
 * (e.g. the deployment's per-type config, then the integration record's own settings). Pure; never mutates.
 * Also fills `silent.expectedIntervalMs` from nothing: a type without an interval stays event-driven.
 *
 * @example resolvePolicy('salesforce').silent // { expectedIntervalMs: 900000, factor: 3 }
 * @example resolvePolicy('webhook', { webhook: { consecutiveDegraded: 2 } }).webhook.consecutiveDegraded // 2
 */
export function resolvePolicy(type: IntegrationType, ...overrides: (PolicyOverrides | undefined)[]): DetectionPolicy {
  let policy = merge(DEFAULT_POLICY, TYPE_POLICY_DEFAULTS[type]);
  for (const o of overrides) policy = merge(policy, o);
  return policy;
}

/**
 * Checks a policy for values that would make detection meaningless (zero thresholds, rates outside [0,1],
 * disconnect thresholds below degrade thresholds). Returns one message per problem; empty when valid.
 * The config loader should refuse to start on a non-empty list.
 */
export function validatePolicy(p: DetectionPolicy): string[] {
  const problems: string[] = [];
  const positive = (v: number, name: string) => {
    if (!(Number.isFinite(v) && v > 0)) problems.push(`${name} must be a positive number (got ${v})`);
  };
  positive(p.auth.failures, 'auth.failures');
  positive(p.auth.windowMs, 'auth.windowMs');
  positive(p.webhook.consecutiveDegraded, 'webhook.consecutiveDegraded');
  positive(p.webhook.windowMs, 'webhook.windowMs');
  positive(p.webhook.minSamples, 'webhook.minSamples');
  positive(p.sso.degraded, 'sso.degraded');
  positive(p.sso.windowMs, 'sso.windowMs');
  positive(p.sync.degraded, 'sync.degraded');
  positive(p.sync.windowMs, 'sync.windowMs');
  positive(p.partial.windowMs, 'partial.windowMs');
  positive(p.partial.minSamplesPerEndpoint, 'partial.minSamplesPerEndpoint');
  positive(p.silent.factor, 'silent.factor');
  positive(p.hysteresis.successesToResolve, 'hysteresis.successesToResolve');
  positive(p.chronic.disconnects, 'chronic.disconnects');
  positive(p.reopenWindowMs, 'reopenWindowMs');
  positive(p.ringSize, 'ringSize');
  if (p.silent.expectedIntervalMs !== null) positive(p.silent.expectedIntervalMs, 'silent.expectedIntervalMs');
  if (p.hysteresis.minTimeInStateMs < 0) problems.push('hysteresis.minTimeInStateMs must be ≥ 0');
  for (const [name, v] of [
    ['webhook.rateDegraded', p.webhook.rateDegraded],
    ['webhook.rateDisconnected', p.webhook.rateDisconnected],
    ['partial.failureRate', p.partial.failureRate],
  ] as const) {
    if (!(v > 0 && v <= 1)) problems.push(`${name} must be in (0, 1] (got ${v})`);
  }
  if (p.webhook.consecutiveDisconnected < p.webhook.consecutiveDegraded)
    problems.push('webhook.consecutiveDisconnected must be ≥ webhook.consecutiveDegraded');
  if (p.webhook.rateDisconnected < p.webhook.rateDegraded)
    problems.push('webhook.rateDisconnected must be ≥ webhook.rateDegraded');
  if (p.sso.disconnected < p.sso.degraded) problems.push('sso.disconnected must be ≥ sso.degraded');
  if (p.sync.disconnected < p.sync.degraded) problems.push('sync.disconnected must be ≥ sync.degraded');
  if (p.ringSize < Math.max(p.auth.failures, p.sso.disconnected, p.sync.disconnected, p.webhook.minSamples))
    problems.push('ringSize must hold at least the largest count threshold');
  return problems;
}

/** Whether the integration type is critical in the catalogue (used when the integration record says nothing). */
export function isCriticalType(type: IntegrationType): boolean {
  return integrationTypeInfo(type).critical;
}
