/**
 * Incident identity and lifecycle decisions: which stored risk signal a detector transition belongs to,
 * and whether it creates, updates, reopens or resolves it. The repository enforces "one open signal per
 * dedup key" with a unique index; these functions decide what to ask it for.
 */
import type { DetectionPolicy } from './policy.js';
import { type Criticality, type Severity, severityFor } from './severity.js';
import {
  compareStatus,
  type FailureClass,
  type FailureFamily,
  type FailureStatus,
  familyOf,
  type Transition,
} from './types.js';

export { type FailureClass, type FailureFamily, familyOf } from './types.js';

/** Risk-signal type written for every incident of this feature. */
export const RISK_SIGNAL_TYPE = 'integration_disconnected';

/** How an integration is identified inside a customer. */
export interface IntegrationRef {
  id?: string;
  type: string;
  name?: string;
}

/**
 * A stable key for an integration within a customer: its id when the sender has one, otherwise
 * `type:normalised name` (lower-case, spaces collapsed), otherwise the bare type.
 * @example integrationKey({ type: 'salesforce', name: 'Salesforce  EU' }) // 'salesforce:salesforce eu'
 */
export function integrationKey(ref: IntegrationRef): string {
  if (ref.id) return `id:${ref.id}`;
  const name = ref.name?.trim().toLowerCase().replace(/\s+/g, ' ');
  return name ? `${ref.type}:${name}` : ref.type;
}

/**
 * The dedup key of an incident: `integration_disconnected|<customerId>|<integrationKey>|<family>`.
 * Every failure class of one family (e.g. oauth, 401s and SSO → access) shares it, so whichever signal
 * reports the problem first, later ones update the same incident.
 * @example dedupKey('c1', 'id:int-9', 'oauth') // 'integration_disconnected|c1|id:int-9|access'
 */
export function dedupKey(
  customerId: string,
  integrationKeyValue: string,
  failure: FailureClass | FailureFamily,
): string {
  const family: FailureFamily =
    failure === 'access' || failure === 'delivery' || failure === 'availability' ? failure : familyOf(failure);
  return `${RISK_SIGNAL_TYPE}|${customerId}|${integrationKeyValue}|${family}`;
}

export type StoredIncidentStatus = 'open' | 'acknowledged' | 'snoozed' | 'resolved';

export interface ExistingIncident {
  status: StoredIncidentStatus;
  /** Epoch ms; null unless resolved. */
  resolvedAt: number | null;
}

export type IncidentAction = 'create' | 'update' | 'reopen' | 'resolve' | 'ignore';

/**
 * What to do with the stored incident (the latest one for the transition's dedup key, or null) given a
 * detector transition:
 * - open/update, nothing stored → `create`;
 * - open/update, stored and not resolved (open, acknowledged, snoozed) → `update` (occurrences, last seen,
 *   status; edit the Slack message, no new DM);
 * - open/update, stored resolved less than `policy.reopenWindowMs` (24 h) before `now` → `reopen`;
 *   resolved longer ago → `create` (a new incident; the old one stays in history);
 * - resolve, stored and not resolved → `resolve`; otherwise `ignore` (nothing to close; a late duplicate).
 *
 * @param now epoch ms (normally `transition.at`)
 * @example decideIncidentAction({ status: 'resolved', resolvedAt: now - 3_600_000 }, openTransition, now, policy) // 'reopen'
 */
export function decideIncidentAction(
  existing: ExistingIncident | null,
  transition: Pick<Transition, 'kind'>,
  now: number,
  policy: Pick<DetectionPolicy, 'reopenWindowMs'>,
): IncidentAction {
  if (transition.kind === 'resolve') {
    return existing && existing.status !== 'resolved' ? 'resolve' : 'ignore';
  }
  if (!existing) return 'create';
  if (existing.status !== 'resolved') return 'update';
  if (existing.resolvedAt !== null && now - existing.resolvedAt < policy.reopenWindowMs) return 'reopen';
  return 'create';
}

/** The fields an open/update/reopen writes on the stored incident. */
export interface IncidentChange {
  severity: Severity;
  title: string;
  at: Date;
  occurrences: number;
  failureClass: FailureClass;
  healthStatus: FailureStatus;
  worstStatus: FailureStatus;
  reason: string;
  errorCode: string | null;
  errorMessage: string | null;
  endpoints: string[];
}

/**
 * What a failing transition writes on its incident:
 * - severity from the integration's criticality × the customer's ARR band × the status;
 * - `worstStatus` keeps the worst status seen while the incident stays open (a reopen starts afresh);
 * - occurrences: a reopen adds to the count it had; an update adds to `occurrenceBase` (the count the
 *   detector's current run started from), so a replayed step never counts twice.
 *
 * @example planIncidentChange('create', null, transition, { integrationName: 'Salesforce', customerName: 'Acme',
 *   arrUsd: 250_000, criticality: 'critical', errorMessage: null }).severity // 'critical'
 */
export function planIncidentChange(
  action: 'create' | 'update' | 'reopen',
  existing: {
    status: StoredIncidentStatus;
    worstStatus: FailureStatus;
    occurrences: number;
    occurrenceBase: number;
  } | null,
  t: Transition,
  ctx: {
    integrationName: string;
    customerName: string | null;
    arrUsd: number | null;
    criticality: Criticality;
    errorMessage: string | null;
  },
): IncidentChange {
  const status = t.status as FailureStatus;
  const worst =
    existing && existing.status !== 'resolved' && compareStatus(existing.worstStatus, status) > 0
      ? existing.worstStatus
      : status;
  return {
    severity: severityFor(ctx.criticality, ctx.arrUsd, status),
    title: `${ctx.integrationName} ${status} for ${ctx.customerName ?? 'customer'}`,
    at: new Date(t.at),
    occurrences: (action === 'reopen' ? (existing?.occurrences ?? 0) : (existing?.occurrenceBase ?? 0)) + t.occurrences,
    failureClass: t.failureClass,
    healthStatus: status,
    worstStatus: worst,
    reason: t.reason,
    errorCode: t.errorCode,
    errorMessage: ctx.errorMessage,
    endpoints: t.endpoints ?? [],
  };
}
