/**
 * The technical health score of the environment summary: three components (integrations, API usage,
 * security), each 0–100 or null when not reported, and their weighted mean. Formulas: docs/environment.md.
 */
import type { ApiHealth, LimitUsage, MonthProjection } from './usage.js';

export type IntegrationStatus = 'healthy' | 'degraded' | 'disconnected' | 'unknown';

/** Points per integration status; `unknown` is left out (nothing measured). */
export const STATUS_POINTS: Record<Exclude<IntegrationStatus, 'unknown'>, number> = {
  healthy: 100,
  degraded: 60,
  disconnected: 0,
};

/** Component weights of the technical health score (renormalised over the components that are known). */
export const HEALTH_WEIGHTS = { integrations: 0.5, apiUsage: 0.25, security: 0.25 } as const;

export interface HealthComponents {
  integrations: number | null;
  apiUsage: number | null;
  security: number | null;
}

export interface TechnicalHealthScore {
  score: number | null;
  rating: 'good' | 'fair' | 'poor' | 'not_reported';
  components: HealthComponents;
}

/**
 * Integrations component: mean over integrations with a known status, critical ones counting twice; each
 * scores its last report score when there is one, else healthy 100, degraded 60, disconnected 0. Null when
 * no integration has a known status.
 * @example integrationsComponent([{ status: 'healthy', critical: true }, { status: 'disconnected' }]) // 67 (200 / 3)
 */
export function integrationsComponent(
  integrations: readonly { status: IntegrationStatus; critical?: boolean; score?: number | null }[],
): number | null {
  let sum = 0;
  let weight = 0;
  for (const i of integrations) {
    const points = typeof i.score === 'number' ? i.score : i.status === 'unknown' ? null : STATUS_POINTS[i.status];
    if (points === null) continue;
    const w = i.critical ? 2 : 1;
    sum += points * w;
    weight += w;
  }
  return weight === 0 ? null : Math.round(sum / weight);
}

/**
 * API usage component: 100 minus penalties, floored at 0. The highest share of any limit (the monthly one
 * by its month-end projection): over 100 % −40, over 90 % −25, 80 % or more −10. API health misses: error
 * rate ≥ 1 % −20 (≥ 5 % −40), any rate-limit hit −10, mean response ≥ 200 ms −10. Null when neither a limit
 * share nor API health is known.
 * @example apiUsageComponent(limitsWhoseHighestShareIs085, null, null) // 90
 */
export function apiUsageComponent(
  limits: readonly LimitUsage[],
  projection: MonthProjection | null,
  health: ApiHealth | null,
): number | null {
  const shares = limits
    .map((l) =>
      l.key === 'apiCallsPerMonth' && projection?.projectedFraction != null ? projection.projectedFraction : l.fraction,
    )
    .filter((f): f is number => f !== null);
  if (shares.length === 0 && health === null) return null;
  let score = 100;
  const top = shares.length ? Math.max(...shares) : 0;
  if (top > 1) score -= 40;
  else if (top > 0.9) score -= 25;
  else if (top >= 0.8) score -= 10;
  if (health) {
    const e = health.errorRate.value;
    if (e !== null && e >= 0.05) score -= 40;
    else if (health.errorRate.met === false) score -= 20;
    if (health.rateLimitHits.met === false) score -= 10;
    if (health.responseMs.met === false) score -= 10;
  }
  return Math.max(0, score);
}

/**
 * Weighted mean of the known components (integrations 0.5, API usage 0.25, security 0.25, renormalised),
 * rounded; rating good ≥ 80, fair ≥ 60, poor below; null/not_reported when no component is known.
 * @example technicalHealthScore({ integrations: 80, apiUsage: null, security: 50 }) // score 70 ((0.5·80 + 0.25·50) / 0.75)
 */
export function technicalHealthScore(components: HealthComponents): TechnicalHealthScore {
  let sum = 0;
  let weight = 0;
  for (const key of Object.keys(HEALTH_WEIGHTS) as (keyof HealthComponents)[]) {
    const v = components[key];
    if (v === null) continue;
    sum += v * HEALTH_WEIGHTS[key];
    weight += HEALTH_WEIGHTS[key];
  }
  const score = weight === 0 ? null : Math.round(sum / weight);
  const rating = score === null ? 'not_reported' : score >= 80 ? 'good' : score >= 60 ? 'fair' : 'poor';
  return { score, rating, components };
}
