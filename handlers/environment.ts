import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../src/logger.js';
import type { EnvironmentActions, EnvironmentClick } from '../src/services/environment/actions.js';
import type { EnvironmentAnswers } from '../src/services/environment/answers.js';
import { CALLBACK, ENVIRONMENT_ACTION, environmentActionIdPattern } from '../views/ids.js';
import { type ActionBody, actionValue, afterAck, readCallModal } from './support.js';

/**
 * The technical environment in Slack: questions in the bot's DM and @mentions ("What's the technical
 * setup for Acme?"), the customer menu, and View details. `/techhealth <customer>` itself is routed in
 * command.ts. Messages that are not environment questions are left alone (no reply).
 */

export const ENVIRONMENT_REGISTRATIONS = {
  commands: [],
  events: ['message', 'app_mention'],
  actions: Object.values(ENVIRONMENT_ACTION),
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

/** Where a quick action was clicked: the summary's thread, or just the channel for an ephemeral summary. */
function clickOf(body: ActionBody): EnvironmentClick {
  const container = body.container as { channel_id?: string; message_ts?: string; is_ephemeral?: boolean };
  const message = body.message as { ts?: string; thread_ts?: string } | undefined;
  return {
    user: body.user.id,
    channel: body.channel?.id ?? container.channel_id ?? '',
    threadTs: container.is_ephemeral ? null : (message?.thread_ts ?? message?.ts ?? container.message_ts ?? null),
    triggerId: body.trigger_id,
  };
}

export function registerEnvironmentHandlers(
  app: App,
  deps: { answers: EnvironmentAnswers; actions: EnvironmentActions; logger: Logger },
) {
  registerQuickActions(app, deps);
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

  app.action(ENVIRONMENT_ACTION.homeOpen, async ({ ack, body }) => {
    await ack();
    const b = body as ActionBody;
    const parsed = customerId.safeParse(actionValue(b));
    if (!parsed.success) return;
    await deps.answers
      .openDetails(b.trigger_id, parsed.data)
      .catch((err) => deps.logger.error({ err, customerId: parsed.data }, 'environment details not opened from Home'));
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

function registerQuickActions(app: App, deps: { actions: EnvironmentActions; logger: Logger }) {
  const { actions } = deps;
  const quick = (
    id: (typeof ENVIRONMENT_ACTION)[keyof typeof ENVIRONMENT_ACTION],
    what: string,
    run: (c: EnvironmentClick, value: string) => Promise<unknown>,
  ) =>
    app.action<ActionBody>(
      environmentActionIdPattern(id),
      afterAck(
        deps.logger,
        what,
        (body) => run(clickOf(body), actionValue(body)),
        (body) => actions.failed(clickOf(body), what),
      ),
    );
  quick(ENVIRONMENT_ACTION.exportSummary, 'Exporting the tech summary', (c, v) => actions.exportSummary(c, v));
  quick(ENVIRONMENT_ACTION.requestSeSupport, 'Requesting SE support', (c, v) => actions.requestSeSupport(c, v));
  quick(ENVIRONMENT_ACTION.createProposal, 'Drafting the integration proposal', (c, v) => actions.createProposal(c, v));
  quick(ENVIRONMENT_ACTION.requestLimitIncrease, 'Requesting a limit increase', (c, v) =>
    actions.requestLimitIncrease(c, v),
  );
  quick(ENVIRONMENT_ACTION.sendAlert, 'Sending the alert to the customer', (c, v) => actions.sendAlert(c, v));
  quick(ENVIRONMENT_ACTION.scheduleReview, 'Scheduling the technical review', (c, v) =>
    actions.openReview({ ...c, triggerId: c.triggerId ?? '' }, v, CALLBACK.environmentReviewSubmit),
  );
  app.view(CALLBACK.environmentReviewSubmit, async ({ ack, body, view }) => {
    const { ref, timeZone, parsed } = readCallModal(view);
    if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.errors });
    await ack();
    if (!ref) return deps.logger.warn({ viewId: view.id }, 'review modal without customer metadata');
    await actions.submitReview({ viewId: view.id, user: body.user.id, ref, timeZone, call: parsed.call });
  });
}
