import type { ActionsBlock, KnownBlock } from '@slack/types';
import type { HealthReport } from '../src/domain/report/types.js';
import { SEVERITY_RANK } from '../src/domain/severity.js';
import { ACTION, SLASH_COMMAND } from './ids.js';
import { chunkLines, LIMITS, truncate } from './limits.js';
import type { SlackMessage } from './report-message.js';
import { scoreBar } from './report-message.js';

const STATUS_LABEL = {
  healthy: ':large_green_circle: Healthy',
  at_risk: ':large_yellow_circle: At risk',
  critical: ':red_circle: Critical',
};
/** Open issues listed in a summary; the rest are counted. */
const ISSUE_LINES = 10;

/**
 * `/techhealth help`: what the command does and how to call it.
 * @example buildHelpMessage().text // 'TechHealth: /techhealth <customer> shows …'
 */
export function buildHelpMessage(): SlackMessage {
  const usage = [
    `*\`${SLASH_COMMAND} <customer>\`* — the customer's technical environment: integrations, API usage vs limits, security, tech stack, contacts`,
    `*\`${SLASH_COMMAND} health <customer>\`* — the customer's latest technical health score, status and open issues`,
    `*\`${SLASH_COMMAND} add [customer]\`* — add a customer's new integration by hand; it is checked on day 0, 1, 7 and 30`,
    `*\`${SLASH_COMMAND} help\`* — this message`,
    'To score a customer, upload their integration logs (CSV or JSON) into a channel with the bot, or send them to the bot in a DM.',
  ];
  return {
    text: `TechHealth: ${SLASH_COMMAND} <customer> shows a customer's technical health; upload integration logs to score them.`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'TechHealth', emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: usage.join('\n') } },
    ],
  };
}

/**
 * `/techhealth <customer>`: the latest stored report's score, status and open issues (critical first), or
 * a note that the customer has no report yet.
 * @param model.latest the newest stored report for the customer, or null
 */
export function buildCustomerSummary(model: {
  customer: { id: string; name: string };
  latest: HealthReport | null;
}): SlackMessage {
  const { customer, latest } = model;
  const title: KnownBlock = {
    type: 'header',
    text: { type: 'plain_text', text: truncate(`Technical health: ${customer.name}`, LIMITS.headerText), emoji: true },
  };
  if (!latest) {
    return {
      text: `${customer.name} has no technical health report yet.`,
      blocks: [
        title,
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: truncate(
              `No report for *${customer.name}* yet. Upload their integration logs into a channel with the bot to score them.`,
              LIMITS.sectionText,
            ),
          },
        },
      ],
    };
  }
  const issues = latest.integrations
    .flatMap((i) => i.issues.map((issue) => ({ integration: i.name, issue })))
    .sort((a, b) => SEVERITY_RANK[a.issue.severity] - SEVERITY_RANK[b.issue.severity]);
  const issueLines = issues
    .slice(0, ISSUE_LINES)
    .map(({ integration, issue }) => truncate(`• *${issue.severity}* ${integration}: ${issue.title}`, 300));
  if (issues.length > ISSUE_LINES) issueLines.push(`+${issues.length - ISSUE_LINES} more`);
  const headline = [
    `*${latest.score}/100* ${STATUS_LABEL[latest.status]} · overall risk *${latest.overallRisk}*`,
    `\`${scoreBar(latest.score)}\``,
    latest.trend
      ? `${latest.trend.delta >= 0 ? '↑' : '↓'} ${latest.trend.delta >= 0 ? '+' : ''}${latest.trend.delta} since ${latest.trend.previousGeneratedAt.slice(0, 10)}`
      : '',
  ].filter(Boolean);
  const blocks: KnownBlock[] = [
    title,
    { type: 'section', text: { type: 'mrkdwn', text: truncate(headline.join('\n'), LIMITS.sectionText) } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: truncate(`${latest.summary} · scored ${latest.generatedAt.slice(0, 10)}`, LIMITS.sectionFieldText),
        },
      ],
    },
    ...chunkLines(
      [issues.length === 0 ? '*Open issues*: none' : `*Open issues* (${issues.length})`, ...issueLines],
      LIMITS.sectionText,
    ).map((text): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } })),
  ];
  return {
    text: `${customer.name}: technical health ${latest.score}/100, ${issues.length} open issue${issues.length === 1 ? '' : 's'}`,
    blocks,
  };
}

/**
 * An unknown name: the closest customers as buttons (value = customer id), or a plain "not found".
 * @param model.query what the CSM typed
 */
export function buildCustomerSuggestions(model: {
  query: string;
  suggestions: { id: string; name: string }[];
}): SlackMessage {
  const query = truncate(model.query, 200);
  if (model.suggestions.length === 0) {
    return {
      text: `No customer matches "${query}".`,
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: `No customer matches *${query}*. Check the spelling, or import the customer first.`,
          },
        },
      ],
    };
  }
  const actions: ActionsBlock = {
    type: 'actions',
    block_id: 'command.suggestions',
    // One action_id per button: Slack rejects duplicates within a message, so each gets a numeric suffix
    // and the handler matches them with a pattern.
    elements: model.suggestions.slice(0, 5).map((s, i) => ({
      type: 'button',
      action_id: `${ACTION.commandPickCustomer}:${i}`,
      text: { type: 'plain_text', text: truncate(s.name, LIMITS.buttonText), emoji: true },
      value: s.id,
    })),
  };
  return {
    text: `No customer named "${query}". Did you mean ${model.suggestions.map((s) => s.name).join(', ')}?`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `No customer named *${query}*. Did you mean:` } },
      actions,
    ],
  };
}
