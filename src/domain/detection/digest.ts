/**
 * The daily per-CSM digest of open integration issues across their portfolio (one Slack DM at a local
 * time of day instead of repeated pings), and when to send it next.
 */
import { compareSeverity, type Severity } from './severity.js';
import type { FailureClass, FailureStatus } from './types.js';
import { addLocalDays, fromZonedTime, parseHhmm, toZonedParts } from './zoned-time.js';

export interface DigestIncident {
  incidentId: string;
  customerId: string;
  customerName: string;
  /** Used to order customers of equal worst severity (bigger first); null when unknown. */
  customerArrUsd?: number | null;
  integrationLabel: string;
  failureClass: FailureClass;
  status: FailureStatus;
  severity: Severity;
  /** Epoch ms. */
  openedAt: number;
  occurrences: number;
  acknowledged?: boolean;
}

export interface DigestCustomer {
  customerId: string;
  customerName: string;
  worstSeverity: Severity;
  /** Most severe first, then oldest first. */
  incidents: (DigestIncident & { openForMs: number })[];
}

export interface CsmDigest {
  /** Customers with at least one open incident: worst severity first, then ARR (desc), then name. */
  customers: DigestCustomer[];
  totals: { incidents: number; customers: number } & Record<Severity, number>;
}

/**
 * Groups a CSM's open incidents by customer and orders them for the digest.
 * @param now epoch ms, for each incident's `openForMs`
 * @example buildCsmDigest(openIncidents, now).customers[0].worstSeverity // 'critical'
 */
export function buildCsmDigest(incidents: readonly DigestIncident[], now: number): CsmDigest {
  const byCustomer = new Map<string, DigestIncident[]>();
  for (const i of incidents) {
    const list = byCustomer.get(i.customerId) ?? [];
    list.push(i);
    byCustomer.set(i.customerId, list);
  }
  const arrOf = new Map<string, number>();
  const customers: DigestCustomer[] = [];
  for (const [customerId, list] of byCustomer) {
    const sorted = [...list].sort((a, b) => compareSeverity(a.severity, b.severity) || a.openedAt - b.openedAt);
    arrOf.set(customerId, Math.max(...list.map((i) => i.customerArrUsd ?? -1)));
    customers.push({
      customerId,
      customerName: sorted[0].customerName,
      worstSeverity: sorted[0].severity,
      incidents: sorted.map((i) => ({ ...i, openForMs: Math.max(0, now - i.openedAt) })),
    });
  }
  customers.sort(
    (a, b) =>
      compareSeverity(a.worstSeverity, b.worstSeverity) ||
      (arrOf.get(b.customerId) ?? -1) - (arrOf.get(a.customerId) ?? -1) ||
      a.customerName.localeCompare(b.customerName),
  );
  const totals = { incidents: incidents.length, customers: customers.length, critical: 0, high: 0, medium: 0, low: 0 };
  for (const i of incidents) totals[i.severity] += 1;
  return { customers, totals };
}

/**
 * The next instant (epoch ms, strictly after `now`) at which the wall clock in `timeZone` shows `hhmm`.
 * DST-correct: 09:00 in New York is 14:00Z in winter and 13:00Z in summer; a time that does not exist on
 * the spring-forward day (02:30) fires at the first instant after the gap (03:30). Throws RangeError for a
 * malformed `hhmm` or an unknown zone.
 * @example nextDigestAt('America/New_York', '09:00', Date.parse('2026-03-07T15:00:00Z')) // Date.parse('2026-03-08T13:00:00Z')
 */
export function nextDigestAt(timeZone: string, hhmm: string, now: number): number {
  const minutes = parseHhmm(hhmm);
  if (minutes === null) throw new RangeError(`digest time must be HH:mm, got "${hhmm}"`);
  const today = toZonedParts(now, timeZone);
  for (let d = 0; d <= 2; d += 1) {
    const date = addLocalDays(today, d);
    const at = fromZonedTime({ ...date, hour: Math.floor(minutes / 60), minute: minutes % 60 }, timeZone);
    if (at > now) return at;
  }
  /* c8 ignore next */
  throw new RangeError('unreachable: no digest time within two days');
}
