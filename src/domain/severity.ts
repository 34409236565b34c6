/**
 * Severity, the one scale every part of TechHealth ranks by: report issues, incidents, tickets, digests.
 */

export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** Most severe first. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

/** 0 for critical … 3 for low: sort ascending to put the most severe first. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 0, high: 1, medium: 2, low: 3 };

/**
 * Compares severities for sorting, most severe first.
 * @example ['low', 'critical'].sort(compareSeverity) // ['critical', 'low']
 */
export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITY_RANK[a] - SEVERITY_RANK[b];
}

/**
 * A comparator over anything that has a severity, most severe first.
 * @example issues.sort(bySeverity((i) => i.severity))
 */
export function bySeverity<T>(severityOf: (item: T) => Severity): (a: T, b: T) => number {
  return (a, b) => SEVERITY_RANK[severityOf(a)] - SEVERITY_RANK[severityOf(b)];
}
