import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { CustomerDirectory } from '../src/services/customers/directory.js';
import type { EnvironmentAnswers } from '../src/services/environment/answers.js';
import type { OnboardingActions } from '../src/services/onboarding/actions.js';
import { buildCustomerSuggestions, buildCustomerSummary, buildHelpMessage } from '../views/command-messages.js';
import { ACTION, SLASH_COMMAND } from '../views/ids.js';

/**
 * `/techhealth help`, `/techhealth add [customer]`, `/techhealth <customer>` (the technical environment
 * summary) and `/techhealth health <customer>` (the latest health report), plus the "did you mean"
 * buttons the health answer may carry.
 */

export const COMMAND_REGISTRATIONS = {
  commands: [SLASH_COMMAND],
  events: [],
  actions: [ACTION.commandPickCustomer],
} as const;

/** The suggestion buttons carry `command.pick_customer:<n>` so action_ids stay unique in one message. */
export const PICK_CUSTOMER_PATTERN = new RegExp(`^${ACTION.commandPickCustomer.replace('.', '\\.')}(:\\d+)?$`);

const customerId = z.string().trim().min(1).max(200);

/** `health acme` → the health report of "acme". */
const HEALTH_PREFIX = /^health\s+(.+)$/i;

export function registerCommandHandlers(
  app: App,
  deps: { customers: CustomerDirectory; environmentAnswers: EnvironmentAnswers; onboardingActions: OnboardingActions },
): void {
  app.command(SLASH_COMMAND, async ({ command, ack, respond }) => {
    const text = command.text.trim();
    if (text === '' || text.toLowerCase() === 'help') {
      await ack({ response_type: 'ephemeral', ...buildHelpMessage() });
      return;
    }
    const add = /^add(?:\s+(.*))?$/is.exec(text);
    if (add) {
      // `/techhealth add [customer]`: the Add integration modal, the customer preselected when it matches.
      await ack();
      const click = { channel: command.channel_id, user: command.user_id, triggerId: command.trigger_id };
      await deps.onboardingActions.openAdd(click, add[1]?.trim() || undefined);
      return;
    }
    await ack();
    const health = HEALTH_PREFIX.exec(text);
    if (!health) {
      await respond({ response_type: 'ephemeral', ...(await deps.environmentAnswers.forQuery(text, command.user_id)) });
      return;
    }
    const query = health[1].trim();
    const result = await deps.customers.lookup(query);
    const message =
      result.kind === 'found'
        ? buildCustomerSummary({ customer: result.customer, latest: result.latest })
        : buildCustomerSuggestions({ query, suggestions: result.suggestions });
    await respond({ response_type: 'ephemeral', ...message });
  });

  app.action(PICK_CUSTOMER_PATTERN, async ({ ack, action, respond }) => {
    await ack();
    const parsed = customerId.safeParse(action.type === 'button' ? action.value : undefined);
    const found = parsed.success ? await deps.customers.byId(parsed.data) : null;
    const message = found
      ? buildCustomerSummary(found)
      : buildCustomerSuggestions({ query: parsed.success ? parsed.data : '?', suggestions: [] });
    await respond({ response_type: 'ephemeral', replace_original: true, ...message });
  });
}
