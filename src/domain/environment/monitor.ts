/**
 * Monitoring conditions of the technical environment (the spec's alert table), as pure decide functions.
 * Each takes what is measured now and whether the condition was active (stored under its `key`), and says
 * whether to raise it, clear it, or do nothing: a condition alerts once while it holds and says when it
 * clears. Storing `key` under a unique index is what keeps two workers from both raising it.
 */
import type { SecurityDiff } from './security.js';
import type { MonthProjection } from './usage.js';

export type ConditionKind = 'integration_down' | 'api_usage_high' | 'webhook_errors' | 'security_change';
export type Audience = 'csm' | 'technical_channel';

export interface ConditionDecision {
  /** Identity of the condition, e.g. `integration_down:<integrationId>`. */
  key: string;
  kind: ConditionKind;
  holds: boolean;
  /** raise: newly holds → alert; clear: held and no longer does → say so; none: nothing changes. */
  effect: 'raise' | 'clear' | 'none';
  severity: 'high' | 'medium' | 'low';
  notify: Audience[];
  message: string;
  /** Quick actions to offer with the alert. */
  actions: ('request_limit_increase' | 'send_alert_to_customer')[];
}

const HOUR = 3_600_000;
/** An integration must be down longer than this before it alerts. */
export const DOWN_ALERT_AFTER_MS = HOUR;
/** API usage alert: raised above 90 % of a limit, cleared below 85 % (so it does not flap at the line). */
export const USAGE_RAISE_FRACTION = 0.9;
export const USAGE_CLEAR_FRACTION = 0.85;
/** Webhook error alert: more than 10 % failed deliveries in the window, with at least 20 deliveries. */
export const WEBHOOK_ERROR_FRACTION = 0.1;
export const WEBHOOK_MIN_DELIVERIES = 20;

function effectOf(holds: boolean, wasActive: boolean): ConditionDecision['effect'] {
  if (holds && !wasActive) return 'raise';
  if (!holds && wasActive) return 'clear';
  return 'none';
}

/**
 * Integration down for more than an hour → high, to the CSM and the technical channel. Holds while the
 * integration is disconnected and `now − downSince > 1 h`; clears when it reconnects.
 * @example decideIntegrationDown({ integrationId: 'i1', name: 'Salesforce', customerName: 'Acme', status: 'disconnected', downSince: now - 2 * 3_600_000 }, now, false).effect // 'raise'
 */
export function decideIntegrationDown(
  i: { integrationId: string; name: string; customerName: string; status: string; downSince: number | null },
  now: number,
  wasActive: boolean,
): ConditionDecision {
  const down = i.status === 'disconnected' && i.downSince !== null;
  const holds = down && now - (i.downSince as number) > DOWN_ALERT_AFTER_MS;
  const hours = down ? Math.floor((now - (i.downSince as number)) / HOUR) : 0;
  return {
    key: `integration_down:${i.integrationId}`,
    kind: 'integration_down',
    holds,
    effect: effectOf(holds, wasActive),
    severity: 'high',
    notify: ['csm', 'technical_channel'],
    message: holds
      ? `${i.name} for ${i.customerName} has been disconnected for more than ${hours} h`
      : `${i.name} for ${i.customerName} is no longer down`,
    actions: holds ? ['send_alert_to_customer'] : [],
  };
}

/**
 * API usage above 90 % of a limit → medium, to the CSM, with the month-end projection (for the monthly
 * limit) and Request Limit Increase. Once raised it holds until usage falls below 85 % (or the count
 * resets at month start).
 * @example decideApiUsageHigh({ customerId: 'c1', customerName: 'Acme', limitKey: 'apiCallsPerMonth', label: 'API calls this month', fraction: 0.93 }, null, false).effect // 'raise'
 */
export function decideApiUsageHigh(
  u: { customerId: string; customerName: string; limitKey: string; label: string; fraction: number | null },
  projection: MonthProjection | null,
  wasActive: boolean,
): ConditionDecision {
  const f = u.fraction;
  const holds = f !== null && (wasActive ? f >= USAGE_CLEAR_FRACTION : f > USAGE_RAISE_FRACTION);
  let message = `${u.customerName}: ${u.label} at ${f === null ? 'an unknown share' : `${Math.round(f * 100)}%`} of the limit`;
  if (holds && projection && u.limitKey === 'apiCallsPerMonth') {
    message += projection.crossesOn
      ? `; projected to reach it on ${projection.crossesOn} (${Math.round((projection.projectedFraction ?? 0) * 100)}% by month end)`
      : `; projected ${Math.round((projection.projectedFraction ?? 0) * 100)}% by month end`;
  }
  if (!holds)
    message = `${u.customerName}: ${u.label} is back under ${Math.round(USAGE_CLEAR_FRACTION * 100)}% of the limit`;
  return {
    key: `api_usage_high:${u.customerId}:${u.limitKey}`,
    kind: 'api_usage_high',
    holds,
    effect: effectOf(holds, wasActive),
    severity: 'medium',
    notify: ['csm'],
    message,
    actions: holds ? ['request_limit_increase'] : [],
  };
}

/**
 * Webhook errors above 10 % of deliveries over a window → medium, to the technical channel, naming the
 * endpoint. Needs at least 20 deliveries in the window to hold (one failure of two is not a trend); clears
 * when the rate is back at or under 10 %.
 * @example decideWebhookErrors({ customerId: 'c1', customerName: 'Acme', endpoint: '/hooks/orders', deliveries: 100, failures: 15, windowMs: 3_600_000 }, false).message
 * // 'Acme: 15% of webhook deliveries to /hooks/orders failed in the last 1 h (15 of 100)'
 */
export function decideWebhookErrors(
  w: {
    customerId: string;
    customerName: string;
    endpoint: string;
    deliveries: number;
    failures: number;
    windowMs: number;
  },
  wasActive: boolean,
): ConditionDecision {
  const rate = w.deliveries > 0 ? w.failures / w.deliveries : 0;
  const holds = w.deliveries >= WEBHOOK_MIN_DELIVERIES && rate > WEBHOOK_ERROR_FRACTION;
  const window = w.windowMs % HOUR === 0 ? `${w.windowMs / HOUR} h` : `${Math.round(w.windowMs / 60_000)} min`;
  return {
    key: `webhook_errors:${w.customerId}:${w.endpoint}`,
    kind: 'webhook_errors',
    holds,
    effect: effectOf(holds, wasActive),
    severity: 'medium',
    notify: ['technical_channel'],
    message: holds
      ? `${w.customerName}: ${Math.round(rate * 100)}% of webhook deliveries to ${w.endpoint} failed in the last ${window} (${w.failures} of ${w.deliveries})`
      : `${w.customerName}: webhook deliveries to ${w.endpoint} are back under ${WEBHOOK_ERROR_FRACTION * 100}% errors`,
    actions: [],
  };
}

/**
 * A security configuration change → a low-severity audit entry always; a weakening change (MFA lowered,
 * allowlist removed, SSO off, longer key rotation, audit logging or encryption off) also tells the CSM.
 * It is an event, not a lasting condition: `key` uses the change's own id (the event's idempotency key),
 * so a redelivered event is not told twice, and it never clears. No change → effect 'none'.
 * @example decideSecurityChange({ customerId: 'c1', customerName: 'Acme', changeId: 'evt_9' }, diffSecurity({ mfa: 'enforced' }, { mfa: 'off' })).notify // ['csm']
 */
export function decideSecurityChange(
  c: { customerId: string; customerName: string; changeId: string },
  diff: SecurityDiff,
): ConditionDecision {
  const changed = diff.entries.length > 0;
  const weakening = diff.entries.filter((e) => e.weakens);
  return {
    key: `security_change:${c.customerId}:${c.changeId}`,
    kind: 'security_change',
    holds: changed,
    effect: changed ? 'raise' : 'none',
    severity: 'low',
    notify: weakening.length > 0 ? ['csm'] : [],
    message: weakening.length
      ? `${c.customerName}: security weakened — ${weakening.map((e) => e.description).join('; ')}`
      : `${c.customerName}: security configuration changed — ${diff.entries.map((e) => e.description).join('; ') || 'no change'}`,
    actions: [],
  };
}
