/**
 * Per customer × integration history: uptime over 30 and 90 days, disconnect count, mean time to resolve,
 * and the chronic flag (≥ 3 disconnects in 30 days) shown in alerts.
 */
import { DAY_MS, type DetectionPolicy } from './policy.js';
import type { HealthStatus } from './types.js';

export interface IncidentSpan {
  /** Epoch ms. */
  openedAt: number;
  /** Epoch ms, or null while open. */
  resolvedAt: number | null;
  /** The worst status the incident reached; only `disconnected` counts as downtime. */
  worstStatus: Exclude<HealthStatus, 'healthy'>;
}

export interface IntegrationHistory {
  /** Fraction of the window the integration was not disconnected, in [0, 1]. */
  uptime30d: number;
  uptime90d: number;
  /** Incidents (any status) opened in the last 30 / 90 days. */
  disconnects30d: number;
  disconnects90d: number;
  /** Mean of (resolvedAt − openedAt) over incidents resolved in the last 90 days, ms; null when none. */
  meanTimeToResolveMs: number | null;
  /** ≥ policy.chronic.disconnects incidents opened within policy.chronic.windowMs. */
  chronic: boolean;
}

/**
 * Fraction of `[from, to)` covered by no `disconnected` span (overlapping spans are merged, open spans run
 * to `to`). Returns 1 for an empty window.
 * @example uptimeBetween([{ openedAt: 0, resolvedAt: 6 * 3_600_000, worstStatus: 'disconnected' }], 0, 86_400_000) // 0.75
 */
export function uptimeBetween(spans: readonly IncidentSpan[], from: number, to: number): number {
  if (to <= from) return 1;
  const clipped = spans
    .filter((s) => s.worstStatus === 'disconnected')
    .map((s) => [Math.max(s.openedAt, from), Math.min(s.resolvedAt ?? to, to)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let down = 0;
  let curStart = Number.NaN;
  let curEnd = Number.NaN;
  for (const [a, b] of clipped) {
    if (Number.isNaN(curStart) || a > curEnd) {
      if (!Number.isNaN(curStart)) down += curEnd - curStart;
      curStart = a;
      curEnd = b;
    } else curEnd = Math.max(curEnd, b);
  }
  if (!Number.isNaN(curStart)) down += curEnd - curStart;
  return 1 - down / (to - from);
}

/**
 * History figures for one integration at `now` (epoch ms). When `connectedAt` is later than a window's
 * start, that window starts at `connectedAt` (a week-old integration is not 100% up for 90 days).
 * Degraded incidents count as disconnects (incidents) but not as downtime.
 * @example computeIntegrationHistory(spans, now, policy).chronic // true with 3 incidents in 30 days
 */
export function computeIntegrationHistory(
  spans: readonly IncidentSpan[],
  now: number,
  policy: Pick<DetectionPolicy, 'chronic'>,
  connectedAt?: number | null,
): IntegrationHistory {
  const start = (days: number) => Math.max(now - days * DAY_MS, connectedAt ?? Number.NEGATIVE_INFINITY);
  const openedSince = (from: number) => spans.filter((s) => s.openedAt >= from && s.openedAt <= now).length;
  const resolved = spans.filter(
    (s) => s.resolvedAt !== null && s.resolvedAt >= now - 90 * DAY_MS && s.resolvedAt <= now,
  );
  return {
    uptime30d: uptimeBetween(spans, start(30), now),
    uptime90d: uptimeBetween(spans, start(90), now),
    disconnects30d: openedSince(now - 30 * DAY_MS),
    disconnects90d: openedSince(now - 90 * DAY_MS),
    meanTimeToResolveMs:
      resolved.length === 0
        ? null
        : resolved.reduce((sum, s) => sum + ((s.resolvedAt as number) - s.openedAt), 0) / resolved.length,
    chronic: openedSince(now - policy.chronic.windowMs) >= policy.chronic.disconnects,
  };
}
