import type { App, BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import type { Logger } from '../src/logger.js';
import type { Alerting } from '../src/services/alerts/index.js';
import type { ReportActionServices } from '../src/services/report-actions.js';
import { actionFailedMessage, googleNotConfiguredMessage, type SlackText } from '../views/action-messages.js';
import { buildCallModal, localDate, nextBusinessDay, parseCallSubmission } from '../views/call-modal.js';
import { ACTION, actionIdPattern, CALLBACK, parseSnoozeValue } from '../views/ids.js';
import { buildIntegrationStatusModal } from '../views/integration-status-modal.js';
import { decodeRef } from '../views/ticket-modal.js';

/**
 * The controls on an integration alert DM (views/alert-message.ts; every value is the risk signal id) and
 * on the digest. Each listener acks first, then calls one alerting method; the alert message is edited by
 * the service, so two CSMs (or a double click) pressing Acknowledge end in one state.
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

type Client = App['client'];
type Body = BlockAction<ButtonAction | StaticSelectAction>;

const text = (t: string): SlackText => ({ text: t, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: t } }] });

export function registerAlertHandlers(
  app: App,
  deps: { alerting: Alerting; reportActions: ReportActionServices; logger: Logger },
): void {
  const { alerting } = deps;
  const log = deps.logger.child({ component: 'alert-actions' });

  const where = (body: Body) => {
    const container = body.container as { channel_id?: string; message_ts?: string };
    return { channel: body.channel?.id ?? container.channel_id ?? '', ts: container.message_ts ?? '' };
  };
  const ephemeral = async (client: Client, body: Body, m: SlackText) => {
    try {
      await client.chat.postEphemeral({ channel: where(body).channel, user: body.user.id, ...m });
    } catch (err) {
      log.warn({ err, user: body.user.id }, 'ephemeral answer failed');
    }
  };
  const actionValue = (body: Body) => {
    const a = body.actions[0];
    return a.type === 'static_select' ? (a.selected_option?.value ?? '') : (a.value ?? '');
  };
  const listener =
    (what: string, work: (args: { body: Body; client: Client; value: string }) => Promise<void>) =>
    async ({ ack, body, client }: { ack: () => Promise<void>; body: Body; client: Client }) => {
      await ack();
      try {
        await work({ body, client, value: actionValue(body) });
      } catch (err) {
        log.error({ err, action: what, value: actionValue(body) }, 'alert action failed');
        await ephemeral(
          client,
          body,
          actionFailedMessage(what, 'something went wrong on our side; try again in a minute'),
        );
      }
    };

  app.action<Body>(
    ACTION.alertAcknowledge,
    listener('Acknowledging the alert', async ({ body, client, value }) => {
      const inc = await alerting.setLifecycle(value, 'acknowledged', body.user.id);
      if (!inc) await ephemeral(client, body, text('This alert is already resolved.'));
    }),
  );

  app.action<Body>(
    ACTION.alertSnooze,
    listener('Snoozing the alert', async ({ body, client, value }) => {
      const snooze = parseSnoozeValue(value);
      if (!snooze) return ephemeral(client, body, text('That snooze choice is not one TechHealth knows.'));
      const inc = await alerting.setLifecycle(snooze.signalId, 'snoozed', body.user.id, snooze.ms);
      await ephemeral(
        client,
        body,
        text(inc ? `Snoozed for ${snooze.suffix}: no reminders until then.` : 'This alert is already resolved.'),
      );
    }),
  );

  app.action<Body>(
    ACTION.alertSendFix,
    listener('Sending the fix instructions', async ({ body, client, value }) => {
      const r = await alerting.requestFixEmail(value, body.user.id);
      const answers: Record<typeof r.outcome, string> = {
        queued: `Fix instructions are on their way to ${r.to}.`,
        already_sent: `The fix instructions were already emailed to ${r.to}.`,
        in_progress: `The email to ${r.to} is being sent right now.`,
        no_contact:
          'This customer has no technical contact on file: add one (customers import) to email fix instructions.',
        disabled: 'Emailing customers is switched off (ALERT_EMAIL_MODE=off).',
        not_found: 'This alert no longer exists.',
      };
      await ephemeral(client, body, text(answers[r.outcome]));
    }),
  );

  const openStatus = listener('Opening the integration status', async ({ body, client, value }) => {
    const inc = await alerting.findIncident(value);
    const status = inc ? await alerting.integrationStatus(inc.integrationId) : null;
    if (!status) return ephemeral(client, body, text('This integration no longer exists.'));
    const timeZone = await alerting.timeZoneOf(body.user.id);
    await client.views.open({
      trigger_id: body.trigger_id,
      view: buildIntegrationStatusModal(status, { now: Date.now(), timeZone }),
    });
  });
  app.action<Body>(actionIdPattern(ACTION.alertViewStatus), openStatus);
  app.action<Body>(actionIdPattern(ACTION.digestViewStatus), openStatus);

  app.action<Body>(
    ACTION.alertScheduleCall,
    listener('Scheduling a technical call', async ({ body, client, value }) => {
      const svc = deps.reportActions;
      if (!svc.calendar) return ephemeral(client, body, googleNotConfiguredMessage(svc.googleSetupHelp));
      const inc = await alerting.findIncident(value);
      if (!inc) return ephemeral(client, body, text('This alert no longer exists.'));
      const [customer, info] = await Promise.all([
        svc.customer(inc.customerId),
        client.users.info({ user: body.user.id }),
      ]);
      const timeZone = info.user?.tz ?? 'UTC';
      const csmEmail = info.user?.profile?.email;
      const { channel, ts } = where(body);
      const modal = buildCallModal({
        ref: { reportId: inc.id, channel, threadTs: ts },
        customer: customer?.name ?? 'the customer',
        timeZone,
        date: nextBusinessDay(new Date(), timeZone),
        attendees: [...new Set([...(customer?.contacts.map((c) => c.email) ?? []), ...(csmEmail ? [csmEmail] : [])])],
        agenda: `${inc.integrationLabel} ${inc.healthStatus === 'healthy' ? 'recovered' : inc.healthStatus}: ${inc.reason}${inc.errorCode ? ` (${inc.errorCode})` : ''}. Walk through the reconnection and confirm data flows again.`,
      });
      await client.views.open({
        trigger_id: body.trigger_id,
        view: { ...modal, callback_id: CALLBACK.alertCallSubmit },
      });
    }),
  );

  app.view(CALLBACK.alertCallSubmit, async ({ ack, body, view, client }) => {
    const ref = decodeRef(view.private_metadata);
    const timeZone = ref?.extra.z ?? 'UTC';
    const today = localDate(new Date(), timeZone);
    const parsed = parseCallSubmission(view.state.values as Parameters<typeof parseCallSubmission>[0], today);
    if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.errors });
    await ack();
    const inc = ref ? await alerting.findIncident(ref.reportId) : null;
    const calendar = deps.reportActions.calendar;
    if (!ref || !inc || !calendar)
      return log.warn({ viewId: view.id }, 'alert call modal without incident or calendar');
    try {
      const customer = await alerting.customerContext(inc.customerId);
      const call = await calendar.scheduleCall({
        idempotencyKey: `call:${view.id}`,
        summary: `Technical call: ${inc.integrationLabel} for ${customer?.name ?? 'customer'}`,
        description: parsed.call.agenda,
        date: parsed.call.date,
        time: parsed.call.time,
        durationMinutes: parsed.call.durationMinutes,
        timeZone,
        attendees: parsed.call.attendees,
        conference: parsed.call.conference,
      });
      if (!call.created) return;
      await client.chat.postMessage({
        channel: ref.channel,
        thread_ts: ref.threadTs,
        text: `:calendar: <@${body.user.id}> scheduled a technical call for ${parsed.call.date} ${parsed.call.time} (${timeZone})${call.htmlLink ? `: <${call.htmlLink}|open in Calendar>` : ''}.`,
      });
    } catch (err) {
      log.error({ err, incident: inc.id }, 'scheduling the alert call failed');
    }
  });
}
