import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../src/logger.js';
import type { EnvironmentAnswers } from '../src/services/environment/answers.js';
import { ENVIRONMENT_ACTION } from '../views/ids.js';
import { type ActionBody, actionValue } from './support.js';

/**
 * The technical environment in Slack: questions in the bot's DM and @mentions ("What's the technical
 * setup for Acme?"), the customer menu, and View details. `/techhealth <customer>` itself is routed in
 * command.ts. Messages that are not environment questions are left alone (no reply).
 */

export const ENVIRONMENT_REGISTRATIONS = {
  commands: [],
  events: ['message', 'app_mention'],
  actions: [ENVIRONMENT_ACTION.pickCustomer, ENVIRONMENT_ACTION.viewDetails],
} as const;

const customerId = z.string().trim().min(1).max(200);

interface MessageEvent {
  subtype?: string;
  channel: string;
  channel_type?: string;
  ts: string;
  thread_ts?: string;
  user?: string;
  bot_id?: string;
  text?: string;
}

export function registerEnvironmentHandlers(app: App, deps: { answers: EnvironmentAnswers; logger: Logger }) {
  const answer = async (e: MessageEvent) => {
    await deps.answers.answerQuestion({
      text: e.text ?? '',
      channel: e.channel,
      ts: e.ts,
      threadTs: e.thread_ts ?? null,
      userId: e.user ?? null,
    });
  };

  // In channels the question arrives as app_mention (and as a message event too: that one is ignored).
  app.event('message', async ({ event, context }) => {
    const e = event as unknown as MessageEvent;
    if (e.channel_type !== 'im' || e.subtype || e.bot_id || !e.text) return;
    if (context.botUserId && e.user === context.botUserId) return;
    await answer(e);
  });

  app.event('app_mention', async ({ event, context }) => {
    const e = event as unknown as MessageEvent;
    if (e.bot_id || (context.botUserId && e.user === context.botUserId)) return;
    await answer(e);
  });

  app.action(ENVIRONMENT_ACTION.pickCustomer, async ({ ack, body, respond }) => {
    await ack();
    const parsed = customerId.safeParse(actionValue(body as ActionBody));
    if (!parsed.success) return;
    const message = await deps.answers.forCustomerId(parsed.data);
    await respond({ replace_original: true, ...message });
  });

  app.action(ENVIRONMENT_ACTION.viewDetails, async ({ ack, body, respond }) => {
    await ack();
    const b = body as ActionBody;
    const parsed = customerId.safeParse(actionValue(b));
    if (!parsed.success) return;
    try {
      await deps.answers.openDetails(b.trigger_id, parsed.data);
    } catch (err) {
      deps.logger.error({ err, customerId: parsed.data }, 'environment details not opened');
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'Sorry, the details could not be opened.',
      });
    }
  });
}
