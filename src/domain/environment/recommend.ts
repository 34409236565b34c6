/**
 * Ranked recommendations of the technical environment summary, drawn from integrations that need
 * attention, limit warnings, API health misses, the security checklist, compliance gaps and integration
 * opportunities.
 */
import type { TechnicalEnvironment } from './summary.js';

/** Quick actions a recommendation can offer (views map them to buttons). */
export type EnvironmentAction =
  | 'send_alert_to_customer'
  | 'request_limit_increase'
  | 'create_integration_proposal'
  | 'schedule_technical_review';

export interface EnvironmentRecommendation {
  priority: 'high' | 'medium' | 'low';
  area: 'integrations' | 'api_usage' | 'security' | 'compliance' | 'tech_stack';
  text: string;
  /** Larger first within a priority (points at stake, or share of a limit). */
  impact: number;
  action: EnvironmentAction | null;
  /** What it is about: integration id, limit key, check key, catalog type. */
  subject: string | null;
}

const PRIORITY = { high: 0, medium: 1, low: 2 } as const;

/**
 * Recommendations, ranked by priority then impact:
 * - high: a critical integration needing attention; a limit projected/used past 100 % or crossed before month end;
 * - medium: other integrations needing attention; a limit over 90 %; error rate ≥ 1 %; security items worth ≥ 15 points;
 *   compliance not met;
 * - low: rate-limit hits, slow responses, smaller security items, compliance in progress, integration opportunities.
 * @example buildRecommendations(env)[0] // { priority: 'high', area: 'integrations', text: 'Salesforce: Re-authenticate …', … }
 */
export function buildRecommendations(env: TechnicalEnvironment): EnvironmentRecommendation[] {
  const out: EnvironmentRecommendation[] = [];
  for (const i of env.integrations.items) {
    if (!i.attention) continue;
    out.push({
      priority: i.critical ? 'high' : 'medium',
      area: 'integrations',
      text: `${i.name}: ${i.attention.recommendedAction}`,
      impact: i.critical ? 2 : 1,
      action: 'send_alert_to_customer',
      subject: i.id,
    });
  }
  out.push(...usageRecommendations(env));
  for (const r of env.security.score.recommendations) {
    out.push({
      priority: r.impact >= 15 ? 'medium' : 'low',
      area: 'security',
      text: r.text,
      impact: r.impact,
      action: 'schedule_technical_review',
      subject: r.key,
    });
  }
  for (const c of env.compliance.items) {
    if (c.status !== 'not_met' && c.status !== 'in_progress') continue;
    out.push({
      priority: c.status === 'not_met' ? 'medium' : 'low',
      area: 'compliance',
      text: `${c.label} is ${c.status === 'not_met' ? 'not met' : 'in progress'}: confirm the plan and dates with the customer`,
      impact: 1,
      action: 'schedule_technical_review',
      subject: c.key,
    });
  }
  for (const o of env.techStack.opportunities) {
    out.push({
      priority: 'low',
      area: 'tech_stack',
      text: `Propose the ${o.displayName} integration: ${o.reason}`,
      impact: o.priority,
      action: 'create_integration_proposal',
      subject: o.catalogType,
    });
  }
  return out.sort((a, b) => PRIORITY[a.priority] - PRIORITY[b.priority] || b.impact - a.impact);
}

function usageRecommendations(env: TechnicalEnvironment): EnvironmentRecommendation[] {
  const out: EnvironmentRecommendation[] = [];
  const p = env.apiUsage.projection;
  for (const l of env.apiUsage.limits) {
    if (l.fraction === null) continue;
    const monthly = l.key === 'apiCallsPerMonth' && p?.warning;
    if (!monthly && l.fraction <= 0.9) continue;
    const pct = Math.round(l.fraction * 100);
    const text = monthly
      ? `API calls are projected to reach the monthly limit on ${p?.crossesOn} (${pct}% used now, ${Math.round((p?.projectedFraction ?? 0) * 100)}% projected by month end): request a limit increase or reduce calls`
      : `${l.label} at ${pct}% of the limit: request a limit increase`;
    out.push({
      priority: monthly || l.fraction > 1 ? 'high' : 'medium',
      area: 'api_usage',
      text,
      impact: l.fraction,
      action: 'request_limit_increase',
      subject: l.key,
    });
  }
  const h = env.apiUsage.health;
  if (h?.errorRate.met === false) {
    out.push({
      priority: 'medium',
      area: 'api_usage',
      text: `API error rate ${((h.errorRate.value ?? 0) * 100).toFixed(1)}% over 30 days (benchmark < 1%): review failing endpoints`,
      impact: h.errorRate.value ?? 0,
      action: 'schedule_technical_review',
      subject: 'errorRate',
    });
  }
  if (h?.rateLimitHits.met === false) {
    out.push({
      priority: 'low',
      area: 'api_usage',
      text: `${h.rateLimitHits.value} rate-limit hits in 30 days: add backoff or batch requests`,
      impact: 1,
      action: 'request_limit_increase',
      subject: 'rateLimitHits',
    });
  }
  if (h?.responseMs.met === false) {
    out.push({
      priority: 'low',
      area: 'api_usage',
      text: `Mean API response ${Math.round(h.responseMs.value ?? 0)} ms over 30 days (benchmark < 200 ms): check payload sizes and regions`,
      impact: 1,
      action: 'schedule_technical_review',
      subject: 'responseMs',
    });
  }
  return out;
}
