import type { App } from '@slack/bolt';
import type { Logger } from '../src/logger.js';
import type { AlertActions } from '../src/services/alerts/actions.js';
import { ACTION, actionIdPattern, CALLBACK } from '../views/ids.js';
import { type ActionBody, actionValue, afterAck, readCallModal } from './support.js';

/**
 * The controls on an integration alert DM (views/alert-message.ts; every value is the risk signal id) and
 * on the digest: ack, parse, one use case (src/services/alerts/actions.ts).
 */

export const ALERT_ACTION_REGISTRATIONS = {
  commands: [],
  events: [],
  actions: [
    ACTION.alertAcknowledge,
    ACTION.alertSnooze,
    ACTION.alertSendFix,
    ACTION.alertScheduleCall,
    ACTION.alertViewStatus,
    ACTION.digestViewStatus,
  ],
} as const;

export function registerAlertHandlers(app: App, deps: { alertActions: AlertActions; logger: Logger }): void {
  const actions = deps.alertActions;
  const log = deps.logger.child({ component: 'alert-actions' });
  const clickOf = (body: ActionBody) => {
    const container = body.container as { channel_id?: string; message_ts?: string };
    return {
      channel: body.channel?.id ?? container.channel_id ?? '',
      ts: container.message_ts ?? '',
      user: body.user.id,
    };
  };
  const listener = (what: string, work: (body: ActionBody, value: string) => Promise<unknown>) =>
    afterAck(
      log,
      what,
      (body) => work(body, actionValue(body)),
      (body) => actions.failed(clickOf(body), what),
    );

  app.action<ActionBody>(
    ACTION.alertAcknowledge,
    listener('Acknowledging the alert', (body, value) => actions.acknowledge(value, clickOf(body))),
  );
  app.action<ActionBody>(
    ACTION.alertSnooze,
    listener('Snoozing the alert', (body, value) => actions.snooze(value, clickOf(body))),
  );
  app.action<ActionBody>(
    ACTION.alertSendFix,
    listener('Sending the fix instructions', (body, value) => actions.sendFixInstructions(value, clickOf(body))),
  );
  const openStatus = listener('Opening the integration status', (body, value) =>
    actions.openStatus(value, body.trigger_id, clickOf(body)),
  );
  app.action<ActionBody>(actionIdPattern(ACTION.alertViewStatus), openStatus);
  app.action<ActionBody>(actionIdPattern(ACTION.digestViewStatus), openStatus);
  app.action<ActionBody>(
    ACTION.alertScheduleCall,
    listener('Scheduling a technical call', (body, value) =>
      actions.openCallModal(value, body.trigger_id, clickOf(body)),
    ),
  );

  app.view(CALLBACK.alertCallSubmit, async ({ ack, body, view }) => {
    const { ref, timeZone, parsed } = readCallModal(view);
    if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.errors });
    await ack();
    if (!ref) return log.warn({ viewId: view.id }, 'alert call modal without incident metadata');
    await actions.submitCall({ viewId: view.id, user: body.user.id, ref, timeZone, call: parsed.call });
  });
}
