import type { Button, ContextBlock, SectionBlock } from '@slack/types';
import type { TechnicalEnvironment } from '../src/domain/environment/summary.js';
import { ENVIRONMENT_ACTION, type EnvironmentActionId, limitIncreaseValue } from './ids.js';
import { LIMITS, truncate } from './limits.js';

/**
 * Pieces shared by the environment summary message and its details modal: score gauge, status and relevance
 * labels, numbers, and the Block Kit helpers that keep each block within its limit.
 */

export const INTEGRATION_STATUS: Record<string, string> = {
  healthy: ':large_green_circle: Healthy',
  degraded: ':large_yellow_circle: Degraded',
  disconnected: ':red_circle: Disconnected',
  unknown: ':white_circle: Unknown',
};

export const RELEVANCE: Record<string, string> = {
  integrated: ':white_check_mark: Integrated',
  potential_integration: ':link: Potential integration',
  not_yet_integrated: ':heavy_minus_sign: Not yet integrated',
  same_as_ours: ':handshake: Same as ours',
};

export const PRIORITY: Record<string, string> = {
  high: ':red_circle: High',
  medium: ':large_yellow_circle: Medium',
  low: ':white_circle: Low',
};

const RATING: Record<string, string> = {
  good: 'Good',
  fair: 'Fair',
  poor: 'Poor',
  strong: 'Strong',
  weak: 'Weak',
  not_reported: 'Not reported',
};

/** "48/100 · Poor" with a ten-cell gauge, or "not reported". */
export function gauge(score: number | null, rating: string): string {
  if (score === null) return '_not reported_';
  const full = Math.round(score / 10);
  return `\`${'█'.repeat(full)}${'░'.repeat(10 - full)}\` *${score}*/100 · ${RATING[rating] ?? rating}`;
}

/** A component value as "75/100" or "not reported". */
export function outOf100(v: number | null): string {
  return v === null ? 'not reported' : `${v}/100`;
}

/** A fraction as a whole percentage ("60%"), or "–". */
export function percent(f: number | null | undefined): string {
  if (f === null || f === undefined || !Number.isFinite(f)) return '–';
  return `${Math.round(f * 1000) / 10}%`;
}

export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? 'not reported' : n.toLocaleString('en-US');
}

/** ✓ met, ✗ missed, – not reported. */
export function mark(met: boolean | null): string {
  return met === null ? ':heavy_minus_sign:' : met ? ':white_check_mark:' : ':x:';
}

/** A one-line sparkline of the 30-day call series (▁…█), or '' when flat or empty. */
export function sparkline(values: number[]): string {
  if (values.length < 2) return '';
  const max = Math.max(...values);
  const min = Math.min(...values);
  if (max === min) return '▄'.repeat(values.length);
  const bars = '▁▂▃▄▅▆▇█';
  return values.map((v) => bars[Math.round(((v - min) / (max - min)) * 7)]).join('');
}

export function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) } };
}

export function fields(pairs: [string, string][]): SectionBlock {
  return {
    type: 'section',
    fields: pairs.slice(0, LIMITS.sectionFields).map(([title, body]) => ({
      type: 'mrkdwn' as const,
      text: truncate(`*${title}*\n${body}`, LIMITS.sectionFieldText),
    })),
  };
}

export function context(text: string): ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, LIMITS.sectionFieldText) }] };
}

export function button(
  text: string,
  actionId: EnvironmentActionId | string,
  value: string,
  style?: 'primary' | 'danger',
): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: truncate(text, LIMITS.buttonText), emoji: true },
    action_id: actionId,
    value: truncate(value, LIMITS.buttonValue),
    ...(style ? { style } : {}),
  };
}

/**
 * The quick actions for a summary: Export Tech Summary, Schedule Technical Review, Request SE Support, and,
 * when they apply, Create Integration Proposal (opportunities), Send Alert to Customer (the first
 * integration needing attention) and Request Limit Increase (the first limit warning).
 */
export function quickActions(env: TechnicalEnvironment): Button[] {
  const id = env.customer.id;
  const buttons = [
    button('Export Tech Summary', ENVIRONMENT_ACTION.exportSummary, id),
    button('Schedule Technical Review', ENVIRONMENT_ACTION.scheduleReview, id),
    button('Request SE Support', ENVIRONMENT_ACTION.requestSeSupport, id),
  ];
  if (env.techStack.opportunities.length > 0) {
    buttons.push(button('Create Integration Proposal', ENVIRONMENT_ACTION.createProposal, id));
  }
  const attention = env.integrations.items.find((i) => i.attention);
  if (attention) {
    buttons.push(
      button(`Send Alert to Customer (${attention.name})`, ENVIRONMENT_ACTION.sendAlert, attention.id, 'danger'),
    );
  }
  const limit = env.recommendations.find(
    (r) => r.action === 'request_limit_increase' && r.area === 'api_usage' && r.subject,
  );
  if (limit?.subject && env.apiUsage.limits.some((l) => l.key === limit.subject)) {
    buttons.push(
      button('Request Limit Increase', ENVIRONMENT_ACTION.requestLimitIncrease, limitIncreaseValue(id, limit.subject)),
    );
  }
  return buttons;
}

/** "SOC 2 covered · GDPR met · HIPAA not applicable · DPA signed 2024-03-12", each part 'not reported' when unknown. */
export function complianceLine(env: TechnicalEnvironment): string {
  const items = env.compliance.items.map(
    (i) => `${i.label} ${i.status ? i.status.replace(/_/g, ' ') : 'not reported'}`,
  );
  const dpa = env.compliance.dpaSignedAt ? `DPA signed ${env.compliance.dpaSignedAt}` : 'DPA not reported';
  return [...items, dpa].join(' · ');
}
