import type { KnownBlock } from '@slack/types';
import type { CheckFinding, CheckStage } from '../src/domain/onboarding/types.js';
import { truncate } from './limits.js';
import type { SlackMessage } from './message.js';

/** The CSM's DM when a new integration's check-up finds a problem, and the day-30 "healthy" note. */

const STAGE_LABEL: Record<CheckStage, string> = {
  connection: 'connection check (day 0)',
  sync: 'first-sync check (day 1)',
  usage: 'usage check (day 7)',
  value: 'value check (day 30)',
};

export interface CheckupAlertView {
  customerName: string;
  integrationName: string;
  stage: CheckStage;
  finding: CheckFinding;
  /** Troubleshooting for the integration's type, one step per line. */
  steps: string[];
}

/** One finding of one check-up, with its evidence and what to do. */
export function buildCheckupAlert(v: CheckupAlertView): SlackMessage {
  const icon = v.finding.severity === 'critical' ? ':red_circle:' : ':large_yellow_circle:';
  const text = `${v.integrationName} for ${v.customerName}: ${v.finding.message}`;
  const evidence = Object.entries(v.finding.evidence ?? {})
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([k, value]) => `${k}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join(' · ');
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(`${icon} *${v.integrationName}* for *${v.customerName}*: ${v.finding.message}`, 3000),
      },
    },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: truncate(`New-integration ${STAGE_LABEL[v.stage]}${evidence ? ` · ${evidence}` : ''}`, 2000),
        },
      ],
    },
  ];
  if (v.steps.length > 0) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(`*What to do*\n${v.steps.map((s) => `• ${s}`).join('\n')}`, 3000) },
    });
  }
  return { text: truncate(text, 3000), blocks };
}

/** The short note when an integration is healthy and used at day 30. */
export function buildCheckupHealthyNote(v: { customerName: string; integrationName: string }): SlackMessage {
  const text = `:white_check_mark: ${v.integrationName} for ${v.customerName} is healthy and in use at day 30.`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } }] };
}
