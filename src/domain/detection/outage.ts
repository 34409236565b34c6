/**
 * Upstream outage folding: when one integration type fails for many customers at once (a vendor outage),
 * each CSM gets one "upstream" alert listing their affected customers instead of one alert per customer.
 * Resolves are never folded: they still arrive per incident, so each original message is updated.
 */
import type { IntegrationType } from '../records.js';

/** An open incident as the folding logic needs it. */
export interface OpenIncidentRef {
  incidentId: string;
  customerId: string;
  customerName?: string;
  integrationType: IntegrationType;
  /** Epoch ms when the incident opened (or reopened). */
  openedAt: number;
  csmId?: string | null;
}

export interface UpstreamOutage {
  integrationType: IntegrationType;
  /** Distinct customers, in first-failure order. */
  customerIds: string[];
  incidentIds: string[];
  /** Epoch ms of the earliest and latest incident in the group. */
  firstAt: number;
  lastAt: number;
}

export interface OutageOptions {
  /** Distinct customers needed to call it upstream (e.g. 5). */
  minCustomers: number;
  /** Look-back window in ms (e.g. 15 min). */
  windowMs: number;
}

/**
 * Groups incidents opened within `(now − windowMs, now]` by integration type and returns the types where at
 * least `minCustomers` distinct customers failed, most customers first. Incidents opened earlier or later
 * are ignored (an old open incident is not evidence of a current outage).
 * @example detectUpstreamOutages(incidents, { minCustomers: 5, windowMs: 900_000 }, now) // [{ integrationType: 'salesforce', customerIds: [...5] , ... }]
 */
export function detectUpstreamOutages(
  incidents: readonly OpenIncidentRef[],
  options: OutageOptions,
  now: number,
): UpstreamOutage[] {
  const from = now - options.windowMs;
  const groups = new Map<IntegrationType, OpenIncidentRef[]>();
  for (const i of incidents) {
    if (i.openedAt <= from || i.openedAt > now) continue;
    const g = groups.get(i.integrationType) ?? [];
    g.push(i);
    groups.set(i.integrationType, g);
  }
  const outages: UpstreamOutage[] = [];
  for (const [integrationType, g] of groups) {
    const sorted = [...g].sort((a, b) => a.openedAt - b.openedAt || a.incidentId.localeCompare(b.incidentId));
    const customerIds = [...new Set(sorted.map((i) => i.customerId))];
    if (customerIds.length < options.minCustomers) continue;
    outages.push({
      integrationType,
      customerIds,
      incidentIds: sorted.map((i) => i.incidentId),
      firstAt: sorted[0].openedAt,
      lastAt: sorted[sorted.length - 1].openedAt,
    });
  }
  return outages.sort(
    (a, b) => b.customerIds.length - a.customerIds.length || a.integrationType.localeCompare(b.integrationType),
  );
}

/** An alert waiting to be sent to a CSM. */
export interface PendingAlert {
  incidentId: string;
  customerId: string;
  customerName?: string;
  integrationType: IntegrationType;
  /** 'open' covers create and reopen; 'update' edits an existing message; 'resolve' closes one. */
  kind: 'open' | 'update' | 'resolve';
}

export interface UpstreamAlert {
  integrationType: IntegrationType;
  /** This CSM's affected customers, in the order their alerts arrived (distinct). */
  customers: { customerId: string; customerName?: string; incidentIds: string[] }[];
  /** Customers affected across all CSMs (for "Salesforce is failing for 14 customers, 3 of yours"). */
  totalCustomers: number;
}

export interface FoldedAlerts {
  upstream: UpstreamAlert[];
  /** Alerts sent as usual: everything not folded, including every resolve. */
  individual: PendingAlert[];
}

/**
 * Folds one CSM's pending alerts: `open` and `update` alerts of a type that is in an upstream outage become
 * one {@link UpstreamAlert} per type; everything else (other types, and all `resolve`s) stays individual.
 * @example foldAlertsForCsm(pending, detectUpstreamOutages(all, opts, now)) // { upstream: [{ integrationType: 'salesforce', customers: [...] }], individual: [...] }
 */
export function foldAlertsForCsm(alerts: readonly PendingAlert[], outages: readonly UpstreamOutage[]): FoldedAlerts {
  const byType = new Map(outages.map((o) => [o.integrationType, o]));
  const upstream = new Map<IntegrationType, UpstreamAlert>();
  const individual: PendingAlert[] = [];
  for (const a of alerts) {
    const outage = byType.get(a.integrationType);
    if (!outage || a.kind === 'resolve') {
      individual.push(a);
      continue;
    }
    let u = upstream.get(a.integrationType);
    if (!u) {
      u = { integrationType: a.integrationType, customers: [], totalCustomers: outage.customerIds.length };
      upstream.set(a.integrationType, u);
    }
    let c = u.customers.find((x) => x.customerId === a.customerId);
    if (!c) {
      c = { customerId: a.customerId, ...(a.customerName ? { customerName: a.customerName } : {}), incidentIds: [] };
      u.customers.push(c);
    }
    if (!c.incidentIds.includes(a.incidentId)) c.incidentIds.push(a.incidentId);
  }
  return { upstream: [...upstream.values()], individual };
}

/**
 * Whether a new incident belongs to an upstream outage rather than to its customer: true when at least
 * `minCustomers` customers (default policy: 3) have an open incident on the same integration type within
 * the outage window. Example: `isUpstreamOutage(3, 3)` → true; `isUpstreamOutage(2, 3)` → false.
 */
export function isUpstreamOutage(customersAffected: number, minCustomers: number): boolean {
  return customersAffected >= minCustomers;
}
