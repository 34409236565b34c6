import { actionFailedMessage, type SlackText } from '../../../views/action-messages.js';
import { CALLBACK, parseSnoozeValue } from '../../../views/ids.js';
import { buildIntegrationStatusModal } from '../../../views/integration-status-modal.js';
import type { Logger } from '../../logger.js';
import type { SlackGateway } from '../../slack/gateway.js';
import type { CallScheduler, SubmittedCall } from '../reports/schedule-call.js';
import { ephemeralAnswers } from '../tell.js';
import type { Alerting } from './index.js';

/**
 * The controls on an integration alert DM and on the digest, as use cases: each does its work through
 * alerting (which edits the alert message, so two CSMs or a double click end in one state) and answers
 * the clicking CSM with an ephemeral message.
 */

const text = (t: string): SlackText => ({ text: t, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: t } }] });

/** Where a click came from: the alert message (its channel and ts) and who clicked. */
export interface AlertClick {
  channel: string;
  ts: string;
  user: string;
}

export function createAlertActions(deps: {
  alerting: Alerting;
  slack: SlackGateway;
  calls: CallScheduler;
  logger: Logger;
}) {
  const { alerting, slack, logger } = deps;
  const answer = ephemeralAnswers(slack, logger);
  const tell = (click: AlertClick, m: SlackText) => answer(click.channel, click.user, m);

  return {
    async acknowledge(incidentId: string, click: AlertClick): Promise<void> {
      const inc = await alerting.setLifecycle(incidentId, 'acknowledged', click.user);
      if (!inc) await tell(click, text('This alert is already resolved.'));
    },

    async snooze(value: string, click: AlertClick): Promise<void> {
      const snooze = parseSnoozeValue(value);
      if (!snooze) return void (await tell(click, text('That snooze choice is not one TechHealth knows.')));
      const inc = await alerting.setLifecycle(snooze.signalId, 'snoozed', click.user, snooze.ms);
      await tell(
        click,
        text(inc ? `Snoozed for ${snooze.suffix}: no reminders until then.` : 'This alert is already resolved.'),
      );
    },

    async sendFixInstructions(incidentId: string, click: AlertClick): Promise<void> {
      const r = await alerting.requestFixEmail(incidentId, click.user);
      const answers: Record<typeof r.outcome, string> = {
        queued: `Fix instructions are on their way to ${r.to}.`,
        already_sent: `The fix instructions were already emailed to ${r.to}.`,
        in_progress: `The email to ${r.to} is being sent right now.`,
        no_contact:
          'This customer has no technical contact on file: add one (customers import) to email fix instructions.',
        disabled: 'Emailing customers is switched off (ALERT_EMAIL_MODE=off).',
        not_found: 'This alert no longer exists.',
      };
      await tell(click, text(answers[r.outcome]));
    },

    async openStatus(incidentId: string, triggerId: string, click: AlertClick): Promise<void> {
      const inc = await alerting.findIncident(incidentId);
      const status = inc ? await alerting.integrationStatus(inc.integrationId) : null;
      if (!status) return void (await tell(click, text('This integration no longer exists.')));
      const timeZone = await alerting.timeZoneOf(click.user);
      await slack.openModal(triggerId, buildIntegrationStatusModal(status, { now: Date.now(), timeZone }));
    },

    async openCallModal(incidentId: string, triggerId: string, click: AlertClick): Promise<void> {
      await deps.calls.openModal({
        triggerId,
        user: click.user,
        ref: { reportId: incidentId, channel: click.channel, threadTs: click.ts },
        callbackId: CALLBACK.alertCallSubmit,
        subjectOf: async () => {
          const inc = await alerting.findIncident(incidentId);
          if (!inc) {
            await tell(click, text('This alert no longer exists.'));
            return null;
          }
          const customer = await alerting.customerContext(inc.customerId);
          const state = inc.healthStatus === 'healthy' ? 'recovered' : inc.healthStatus;
          return {
            customerId: inc.customerId,
            customerName: customer?.name ?? 'the customer',
            summary: `Technical call: ${inc.integrationLabel} for ${customer?.name ?? 'customer'}`,
            agenda: `${inc.integrationLabel} ${state}: ${inc.reason}${inc.errorCode ? ` (${inc.errorCode})` : ''}. Walk through the reconnection and confirm data flows again.`,
          };
        },
      });
    },

    async submitCall(a: SubmittedCall) {
      const inc = await alerting.findIncident(a.ref.reportId);
      if (!inc) return logger.warn({ viewId: a.viewId }, 'alert call modal for an incident that no longer exists');
      const customer = await alerting.customerContext(inc.customerId);
      const customerName = customer?.name ?? 'customer';
      await deps.calls.schedule({
        ...a,
        subject: { customerName, summary: `Technical call: ${inc.integrationLabel} for ${customerName}` },
      });
    },

    failed: (click: AlertClick, what: string) =>
      tell(click, actionFailedMessage(what, 'something went wrong on our side; try again in a minute')),
  };
}
export type AlertActions = ReturnType<typeof createAlertActions>;
