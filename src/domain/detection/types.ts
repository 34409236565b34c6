/**
 * Shared vocabulary of integration-disconnect detection: statuses, failure classes and the incident
 * families that group them for deduplication (see docs/alerting.md "Incident families").
 */

export type HealthStatus = 'healthy' | 'degraded' | 'disconnected';
export type FailureStatus = Exclude<HealthStatus, 'healthy'>;

/** What kind of signal reported a failure. */
export type FailureClass = 'auth' | 'oauth' | 'webhook' | 'sso' | 'partial' | 'silent' | 'sync';

/**
 * Dedup family: one incident per customer × integration × family, whichever signal in the family reported it.
 * - `access`: credentials or sign-in broken (OAuth refresh/invalid_grant/token expiry, repeated 401/403, SSO).
 *   The fix is the same for all of them: someone re-authorises.
 * - `delivery`: webhooks we push to the customer fail (their endpoint, not their credentials).
 * - `availability`: data stops flowing although nothing says "unauthorised": sync errors, some endpoints
 *   failing (partial), or silence found by the sweep.
 */
export type FailureFamily = 'access' | 'delivery' | 'availability';

export const FAILURE_FAMILIES: readonly FailureFamily[] = ['access', 'delivery', 'availability'];

const FAMILY_OF: Record<FailureClass, FailureFamily> = {
  oauth: 'access',
  auth: 'access',
  sso: 'access',
  webhook: 'delivery',
  sync: 'availability',
  partial: 'availability',
  silent: 'availability',
};

/**
 * The dedup family of a failure class.
 * @example familyOf('oauth') // 'access'
 */
export function familyOf(failureClass: FailureClass): FailureFamily {
  return FAMILY_OF[failureClass];
}

const STATUS_RANK: Record<HealthStatus, number> = { healthy: 0, degraded: 1, disconnected: 2 };

/** Orders statuses: healthy < degraded < disconnected. Returns a negative, zero or positive number. */
export function compareStatus(a: HealthStatus, b: HealthStatus): number {
  return STATUS_RANK[a] - STATUS_RANK[b];
}

/** A detector's output: an incident opens, changes (new occurrence or escalation) or resolves. */
export interface Transition {
  kind: 'open' | 'update' | 'resolve';
  family: FailureFamily;
  failureClass: FailureClass;
  /** Status after the transition: the incident's status, or 'healthy' for a resolve. */
  status: HealthStatus;
  /** One plain-English sentence for the CSM, e.g. "3 authentication failures (401/403) within 10 min". */
  reason: string;
  errorCode: string | null;
  /** Failing endpoints, for partial failures. */
  endpoints?: string[];
  /** Epoch ms: the event's time (clamped to now) or the sweep's now. */
  at: number;
  /** When the incident opened (equals `at` for 'open'). */
  openedAt: number;
  /** Failures counted into the incident so far (1 on open; unchanged on resolve). */
  occurrences: number;
}
