/**
 * Alert severity from integration criticality × customer ARR band, the task it creates, and the health-score
 * penalty. The matrix is documented in docs/alerting.md; keep them identical.
 */
import { type IntegrationType, integrationTypeInfo } from '../records.js';
import type { HealthStatus } from './types.js';

export type Criticality = 'critical' | 'important' | 'standard';
export type ArrBand = 'enterprise' | 'large' | 'mid' | 'small';

import { compareSeverity, SEVERITIES, type Severity } from '../severity.js';

export { compareSeverity, type Severity };
export type TaskPriority = 'critical' | 'high';

/** Lower bounds of the ARR bands, in US dollars per year. */
export const ARR_BANDS: readonly { band: ArrBand; minUsd: number; label: string }[] = [
  { band: 'enterprise', minUsd: 500_000, label: '≥ $500k' },
  { band: 'large', minUsd: 100_000, label: '$100k–$500k' },
  { band: 'mid', minUsd: 25_000, label: '$25k–$100k' },
  { band: 'small', minUsd: 0, label: '< $25k' },
];

/**
 * Severity of a *disconnected* integration. Rows: criticality; columns: ARR band (enterprise, large, mid, small).
 * A degraded integration is one step lower (never below low).
 */
export const SEVERITY_MATRIX: Record<Criticality, Record<ArrBand, Severity>> = {
  critical: { enterprise: 'critical', large: 'critical', mid: 'high', small: 'medium' },
  important: { enterprise: 'high', large: 'high', mid: 'medium', small: 'low' },
  standard: { enterprise: 'medium', large: 'medium', mid: 'low', small: 'low' },
};

/** Hours until the task is due. */
export const TASK_DUE_MS = 4 * 3_600_000;
/** Health-score points a critical integration's disconnect takes off (restored on resolve). */
export const CRITICAL_DISCONNECT_PENALTY = 10;

/**
 * The ARR band of a customer. Unknown ARR (null/NaN) is treated as `mid`, so a missing CRM field neither
 * hides nor inflates an alert.
 * @example arrBand(250_000) // 'large'
 */
export function arrBand(arrUsd: number | null | undefined): ArrBand {
  if (arrUsd === null || arrUsd === undefined || !Number.isFinite(arrUsd)) return 'mid';
  for (const b of ARR_BANDS) if (arrUsd >= b.minUsd) return b.band;
  return 'small';
}

/**
 * Criticality of an integration: the record's explicit `critical` flag wins; otherwise the catalogue
 * (critical types → critical; CRM, support and messaging → important; webhook, custom API → standard).
 * @example integrationCriticality('salesforce') // 'critical'
 * @example integrationCriticality('zendesk') // 'important'
 */
export function integrationCriticality(type: IntegrationType, critical?: boolean | null): Criticality {
  if (critical === true) return 'critical';
  const info = integrationTypeInfo(type);
  if (critical !== false && info.critical) return 'critical';
  return info.category === 'webhook' || info.category === 'api' ? 'standard' : 'important';
}

/**
 * Severity of an incident from the matrix. Status `degraded` lowers it one step; `healthy` gives `low`.
 * @example severityFor('critical', 600_000, 'disconnected') // 'critical'
 * @example severityFor('critical', 600_000, 'degraded') // 'high'
 */
export function severityFor(
  criticality: Criticality,
  arrUsd: number | null | undefined,
  status: HealthStatus,
): Severity {
  const base = SEVERITY_MATRIX[criticality][arrBand(arrUsd)];
  if (status === 'disconnected') return base;
  if (status === 'healthy') return 'low';
  return SEVERITIES[Math.min(SEVERITIES.indexOf(base) + 1, SEVERITIES.length - 1)];
}

export interface TaskPlan {
  /** "Integration disconnected: {type} for {customer}". */
  title: string;
  priority: TaskPriority;
  /** Epoch ms: openedAt + 4 h. */
  dueAt: number;
}

/**
 * The follow-up task for an incident: priority `critical` for critical severity, `high` otherwise; due 4 h
 * after the incident opened.
 * @example planTask('Salesforce', 'Acme', 'high', 0) // { title: 'Integration disconnected: Salesforce for Acme', priority: 'high', dueAt: 14400000 }
 */
export function planTask(
  integrationLabel: string,
  customerName: string,
  severity: Severity,
  openedAt: number,
): TaskPlan {
  return {
    title: `Integration disconnected: ${integrationLabel} for ${customerName}`,
    priority: severity === 'critical' ? 'critical' : 'high',
    dueAt: openedAt + TASK_DUE_MS,
  };
}

/** Whether a task due at `dueAt` is overdue at `now` (both epoch ms) and still open. */
export function isTaskOverdue(dueAt: number, now: number, done: boolean): boolean {
  return !done && now > dueAt;
}

/**
 * The health-score change to apply now, given what was already applied for this incident (0 or −10):
 * −10 once when a critical integration is (or escalates to) disconnected; +applied back on resolve;
 * otherwise 0. Returning the delta (not the total) makes it safe to call on every transition.
 * @example healthScoreDelta('critical', 'disconnected', 'open', 0) // -10
 * @example healthScoreDelta('critical', 'healthy', 'resolve', -10) // 10
 */
export function healthScoreDelta(
  criticality: Criticality,
  status: HealthStatus,
  kind: 'open' | 'update' | 'resolve',
  alreadyApplied: number,
): number {
  if (kind === 'resolve') return alreadyApplied === 0 ? 0 : -alreadyApplied;
  if (criticality === 'critical' && status === 'disconnected' && alreadyApplied === 0) {
    return -CRITICAL_DISCONNECT_PENALTY;
  }
  return 0;
}
