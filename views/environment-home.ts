import type { KnownBlock } from '@slack/types';
import { PICK_OPTIONS } from './environment-pick.js';
import { ENVIRONMENT_ACTION } from './ids.js';
import { LIMITS, truncate } from './limits.js';

/**
 * The Home tab's Technical section: a menu of the CSM's customers; choosing one opens that customer's
 * technical environment (the details modal: integrations, API usage, security, tech stack, contacts and the
 * quick actions' data). Two blocks, so it fits under any Home tab; none when the CSM has no customers.
 * @example buildEnvironmentHomeSection([{ id: 'c1', name: 'Acme' }]).length // 2
 */
export function buildEnvironmentHomeSection(customers: { id: string; name: string }[]): KnownBlock[] {
  if (customers.length === 0) return [];
  const options = [...customers]
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, PICK_OPTIONS)
    .map((c) => ({
      text: { type: 'plain_text' as const, text: truncate(c.name, LIMITS.optionText), emoji: true },
      value: truncate(c.id, LIMITS.optionValue),
    }));
  return [
    { type: 'divider' },
    {
      type: 'section',
      block_id: 'environment.home',
      text: {
        type: 'mrkdwn',
        text: '*Technical environment*\nIntegrations, API usage against limits, security, tech stack and technical contacts of a customer.',
      },
      accessory: {
        type: 'static_select',
        action_id: ENVIRONMENT_ACTION.homeOpen,
        placeholder: { type: 'plain_text', text: 'Choose a customer' },
        options,
      },
    },
  ];
}
