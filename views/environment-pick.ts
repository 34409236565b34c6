import type { KnownBlock, PlainTextOption } from '@slack/types';
import { ENVIRONMENT_ACTION } from './ids.js';
import { LIMITS, truncate } from './limits.js';
import type { SlackMessage } from './report-message.js';

/** Options in the menu: Slack's static_select takes at most 100. */
export const PICK_OPTIONS = 100;

/**
 * The answer to a technical environment question or `/techhealth <name>` whose name matched several
 * customers or none: never a guess, a menu of customers instead (the closest names first, then the others
 * the asker may mean), or a plain "no customer" when there are none at all. The option value is the
 * customer id; picking one answers with that customer's summary.
 * @example buildEnvironmentCustomerMenu({ query: 'acm', suggestions: [{ id: 'c1', name: 'Acme' }], others: [] }).text
 * // 'Which customer do you mean by "acm"? Acme'
 */
export function buildEnvironmentCustomerMenu(model: {
  query: string;
  suggestions: { id: string; name: string }[];
  others: { id: string; name: string }[];
}): SlackMessage {
  const query = truncate(model.query, 200);
  const seen = new Set<string>();
  const options: PlainTextOption[] = [];
  for (const c of [...model.suggestions, ...model.others]) {
    if (seen.has(c.id) || options.length >= PICK_OPTIONS) continue;
    seen.add(c.id);
    options.push({
      text: { type: 'plain_text', text: truncate(c.name, LIMITS.optionText), emoji: true },
      value: truncate(c.id, LIMITS.optionValue),
    });
  }
  if (options.length === 0) {
    return {
      text: `No customer matches "${query}".`,
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: `No customer matches *${query}*. Import the customer first, or check the spelling.`,
          },
        },
      ],
    };
  }
  const lead =
    model.suggestions.length > 0
      ? `Which customer do you mean by *${query}*?`
      : `No customer is named *${query}*. Pick one to see its technical environment:`;
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      block_id: 'environment.pick',
      text: { type: 'mrkdwn', text: lead },
      accessory: {
        type: 'static_select',
        action_id: ENVIRONMENT_ACTION.pickCustomer,
        placeholder: { type: 'plain_text', text: 'Choose a customer' },
        options,
      },
    },
  ];
  const names = model.suggestions.map((s) => s.name).join(', ');
  return {
    text:
      model.suggestions.length > 0
        ? `Which customer do you mean by "${query}"? ${names}`
        : `No customer is named "${query}".`,
    blocks,
  };
}
