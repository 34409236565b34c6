import type { KnownBlock } from '@slack/types';
import type { ConditionDecision } from '../src/domain/environment/monitor.js';
import { button } from './environment-format.js';
import { ENVIRONMENT_ACTION, limitIncreaseValue } from './ids.js';
import { LIMITS, truncate } from './limits.js';
import type { SlackMessage } from './report-message.js';

const ICON = { high: ':red_circle:', medium: ':large_orange_circle:', low: ':large_blue_circle:' } as const;

/**
 * A technical environment monitor alert (raise) or its all-clear (clear): the condition's sentence with its
 * severity, and the quick actions it offers (Request Limit Increase, Send Alert to Customer) plus the
 * customer's summary.
 * @example buildEnvironmentAlert(decision, { effect: 'clear', customerId: 'c1' }).text // ':white_check_mark: Cleared: …'
 */
export function buildEnvironmentAlert(
  d: Pick<ConditionDecision, 'message' | 'severity' | 'actions'>,
  ctx: { effect: 'raise' | 'clear'; customerId: string; limitKey?: string; integrationId?: string },
): SlackMessage {
  const head =
    ctx.effect === 'clear'
      ? `:white_check_mark: Cleared: ${d.message}`
      : `${ICON[d.severity]} *${d.severity === 'high' ? 'High' : d.severity === 'medium' ? 'Medium' : 'Low'}* — ${d.message}`;
  const buttons = [button('View technical summary', ENVIRONMENT_ACTION.viewDetails, ctx.customerId)];
  if (ctx.effect === 'raise' && d.actions.includes('request_limit_increase') && ctx.limitKey) {
    buttons.push(
      button(
        'Request Limit Increase',
        ENVIRONMENT_ACTION.requestLimitIncrease,
        limitIncreaseValue(ctx.customerId, ctx.limitKey),
        'primary',
      ),
    );
  }
  if (ctx.effect === 'raise' && d.actions.includes('send_alert_to_customer') && ctx.integrationId) {
    buttons.push(button('Send Alert to Customer', ENVIRONMENT_ACTION.sendAlert, ctx.integrationId, 'danger'));
  }
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: truncate(head, LIMITS.sectionText) } },
    { type: 'actions', elements: buttons },
  ];
  return { text: truncate(head.replace(/\*/g, ''), 3000), blocks };
}
