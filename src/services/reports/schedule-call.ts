import {
  actionFailedMessage,
  callScheduledMessage,
  googleNotConfiguredMessage,
} from '../../../views/action-messages.js';
import { buildCallModal, type CallSubmission, nextBusinessDay } from '../../../views/call-modal.js';
import type { SlackMessage } from '../../../views/message.js';
import type { ReportThreadRef } from '../../../views/ticket-modal.js';
import type { CalendarService } from '../../adapters/calendar.js';
import type { CustomerRepo } from '../../db/customers.js';
import type { Logger } from '../../logger.js';
import type { SlackGateway } from '../../slack/gateway.js';
import { ephemeralAnswers } from '../tell.js';

/**
 * Schedule Technical Call, for anything a call can be about (a score report, an integration alert): the
 * modal proposes the next business day in the CSM's zone, the customer's technical contacts and the CSM as
 * attendees, and an agenda; its submission creates one Calendar event per modal (the event id derives from
 * the view id, so a resubmitted view is the same event) and says so in the thread.
 */

export interface CallSubject {
  customerId: string | null;
  customerName: string;
  /** The Calendar event's title, e.g. "Technical review: Acme". */
  summary: string;
  agenda: string;
}

export interface ScheduleCallDeps {
  slack: SlackGateway;
  customers: CustomerRepo;
  calendar: CalendarService | null;
  googleSetupHelp: string;
  logger: Logger;
}

/** A submitted call modal: its view, who submitted, the thread, the CSM's zone and the parsed fields. */
export interface SubmittedCall {
  viewId: string;
  user: string;
  ref: ReportThreadRef;
  timeZone: string;
  call: CallSubmission;
}

export type CallScheduler = ReturnType<typeof createCallScheduler>;

export function createCallScheduler(deps: ScheduleCallDeps) {
  const { slack, logger } = deps;
  const answer = ephemeralAnswers(slack, logger);
  const tell = (ref: ReportThreadRef, user: string, m: SlackMessage) => answer(ref.channel, user, m);

  return {
    /**
     * Opens the modal (a view of `callbackId`) about what `subjectOf` loads; nothing when Google is not
     * configured (the CSM is told what to set) or when the subject is gone (`subjectOf` told them).
     */
    async openModal(a: {
      triggerId: string;
      user: string;
      ref: ReportThreadRef;
      subjectOf: () => Promise<CallSubject | null>;
      callbackId?: string;
    }): Promise<void> {
      if (!deps.calendar) return void (await tell(a.ref, a.user, googleNotConfiguredMessage(deps.googleSetupHelp)));
      const subject = await a.subjectOf();
      if (!subject) return;
      const [customer, csm] = await Promise.all([
        subject.customerId ? deps.customers.findById(subject.customerId) : null,
        slack.userInfo(a.user),
      ]);
      const timeZone = csm.timeZone ?? 'UTC';
      const contacts = (customer?.technicalContacts ?? []).flatMap((c) => (c.email ? [c.email] : []));
      const modal = buildCallModal({
        ref: a.ref,
        customer: subject.customerName,
        timeZone,
        date: nextBusinessDay(new Date(), timeZone),
        attendees: [...new Set([...contacts, ...(csm.email ? [csm.email] : [])])],
        agenda: subject.agenda,
      });
      await slack.openModal(a.triggerId, a.callbackId ? { ...modal, callback_id: a.callbackId } : modal);
    },

    /** Creates the event for a submitted modal and posts it in the thread; failures are told to the CSM. */
    async schedule(a: SubmittedCall & { subject: Pick<CallSubject, 'customerName' | 'summary'> }): Promise<void> {
      if (!deps.calendar) return void (await tell(a.ref, a.user, googleNotConfiguredMessage(deps.googleSetupHelp)));
      try {
        const call = await deps.calendar.scheduleCall({
          idempotencyKey: `call:${a.viewId}`,
          summary: a.subject.summary,
          description: a.call.agenda,
          date: a.call.date,
          time: a.call.time,
          durationMinutes: a.call.durationMinutes,
          timeZone: a.timeZone,
          attendees: a.call.attendees,
          conference: a.call.conference,
        });
        if (!call.created) return logger.info({ eventId: call.eventId }, 'technical call already scheduled');
        logger.info({ eventId: call.eventId, thread: a.ref.threadTs }, 'technical call scheduled');
        const message = callScheduledMessage({
          customer: a.subject.customerName,
          ...call,
          durationMinutes: a.call.durationMinutes,
          scheduledBy: a.user,
        });
        await slack.post(a.ref.channel, message, { threadTs: a.ref.threadTs });
      } catch (err) {
        logger.error({ err, thread: a.ref.threadTs }, 'scheduling the technical call failed');
        const status = (err as { status?: number }).status;
        await tell(
          a.ref,
          a.user,
          actionFailedMessage(
            'Scheduling the call',
            status ? `Google Calendar answered ${status}` : 'Google Calendar could not be reached',
          ),
        );
      }
    },
  };
}
