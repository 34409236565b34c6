import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { Logger } from '../src/logger.js';
import type { ReportActionServices } from '../src/services/report-actions.js';
import { draftTicket, reportTicketKey } from '../src/services/ticketing.js';
import {
  actionFailedMessage,
  alreadyRunningMessage,
  callScheduledMessage,
  googleNotConfiguredMessage,
  reportDraftedComment,
  reportMissingMessage,
  riskSignalsMessage,
  type SlackText,
  ticketAlreadyExistsMessage,
  ticketCreatedMessage,
  ticketForSupportMessage,
} from '../views/action-messages.js';
import {
  agendaFromIssues,
  buildCallModal,
  localDate,
  nextBusinessDay,
  parseCallSubmission,
} from '../views/call-modal.js';
import { ACTION, CALLBACK } from '../views/ids.js';
import { buildTicketModal, decodeRef, parseTicketSubmission, type ReportThreadRef } from '../views/ticket-modal.js';

/**
 * The four buttons under a score report (views/report-message.ts; each button's value is the stored
 * report's id) and the two modals they open. Every listener acks first. Doing the work once:
 * - tickets: one per report (the key `report:<id>`), unless the CSM ticks "create another" (key: the
 *   modal's view id); concurrent submissions race on a unique key and the loser gets the winner's ticket;
 * - calls: one Calendar event per modal submission (event id derived from the view id);
 * - drafts: a claim per report for DRAFT_WINDOW_MS, so a double click uploads one pair of files;
 * - risk signals: idempotent per report by construction, plus a claim so a double click confirms once.
 */

export const REPORT_ACTION_REGISTRATIONS = {
  commands: [],
  events: [],
  actions: [
    ACTION.reportCreateTicket,
    ACTION.reportScheduleCall,
    ACTION.reportDraftReport,
    ACTION.reportUpdateRiskSignals,
  ],
} as const;

const DRAFT_WINDOW_MS = 2 * 60 * 1000;
const RISK_WINDOW_MS = 60 * 1000;

type Client = App['client'];
type ButtonBody = BlockAction<ButtonAction>;

export function registerReportActionHandlers(
  app: App,
  deps: { reportActions: ReportActionServices; logger: Logger },
): void {
  const svc = deps.reportActions;
  const log = deps.logger.child({ component: 'report-actions' });

  /** The report message's thread: the message itself, or the thread it was posted in. */
  const threadOf = (body: ButtonBody): ReportThreadRef => {
    const message = body.message as { ts?: string; thread_ts?: string } | undefined;
    const container = body.container as { channel_id?: string; message_ts?: string };
    return {
      reportId: body.actions[0].value ?? '',
      channel: body.channel?.id ?? container.channel_id ?? '',
      threadTs: message?.thread_ts ?? message?.ts ?? container.message_ts ?? '',
    };
  };

  const ephemeral = async (client: Client, channel: string, user: string, m: SlackText) => {
    try {
      await client.chat.postEphemeral({ channel, user, text: m.text, blocks: m.blocks });
    } catch (err) {
      log.warn({ err, channel, user }, 'ephemeral answer failed');
    }
  };

  const inThread = (client: Client, ref: ReportThreadRef, m: SlackText) =>
    client.chat.postMessage({ channel: ref.channel, thread_ts: ref.threadTs, text: m.text, blocks: m.blocks });

  /** Runs a button's work after the ack; failures are logged and told to the clicking CSM. */
  const button =
    (
      what: string,
      work: (args: { body: ButtonBody; client: Client; ref: ReportThreadRef; user: string }) => Promise<void>,
    ) =>
    async ({ ack, body, client }: { ack: () => Promise<void>; body: ButtonBody; client: Client }) => {
      await ack();
      const ref = threadOf(body);
      const user = body.user.id;
      try {
        await work({ body, client, ref, user });
      } catch (err) {
        log.error({ err, reportId: ref.reportId, action: what }, 'report action failed');
        await ephemeral(
          client,
          ref.channel,
          user,
          actionFailedMessage(what, 'something went wrong on our side; try again in a minute'),
        );
      }
    };

  app.action<ButtonBody>(
    ACTION.reportCreateTicket,
    button('Creating a support ticket', async ({ body, client, ref, user }) => {
      const stored = await svc.loadReport(ref.reportId);
      if (!stored) return ephemeral(client, ref.channel, user, reportMissingMessage());
      const existing = await svc.ticketing.ticketsForReport(stored.id);
      await client.views.open({
        trigger_id: body.trigger_id,
        view: buildTicketModal({
          ref,
          customer: stored.report.customer ?? 'unknown customer',
          score: stored.report.score,
          prefill: draftTicket(stored.report),
          existing: existing.map((t) => t.ticketId),
        }),
      });
    }),
  );

  app.view(CALLBACK.ticketSubmit, async ({ ack, body, view, client }) => {
    const parsed = parseTicketSubmission(view.state.values as Parameters<typeof parseTicketSubmission>[0]);
    if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.errors });
    await ack();
    const ref = decodeRef(view.private_metadata);
    const user = body.user.id;
    if (!ref) return log.warn({ viewId: view.id }, 'ticket modal without report metadata');
    try {
      const stored = await svc.loadReport(ref.reportId);
      if (!stored) return ephemeral(client, ref.channel, user, reportMissingMessage());
      const { ticket, created } = await svc.ticketing.createTicket({
        idempotencyKey: parsed.another ? `view:${view.id}` : reportTicketKey(stored.id),
        customerId: stored.customerId,
        customerName: stored.report.customer ?? 'unknown customer',
        reportId: stored.id,
        subject: parsed.subject,
        priority: parsed.priority,
        description: parsed.description,
        createdBy: user,
        source: 'slack',
        slackThread: { channel: ref.channel, ts: ref.threadTs },
      });
      if (!created) return ephemeral(client, ref.channel, user, ticketAlreadyExistsMessage(ticket.ticketId));
      log.info({ ticketId: ticket.ticketId, reportId: stored.id }, 'support ticket created');
      await inThread(client, ref, ticketCreatedMessage(ticket));
      if (svc.supportChannelId) {
        const m = ticketForSupportMessage(ticket, null);
        const posted = await client.chat.postMessage({ channel: svc.supportChannelId, text: m.text, blocks: m.blocks });
        if (posted.ts)
          await svc.ticketing.recordSupportMessage(ticket, { channel: svc.supportChannelId, ts: posted.ts });
      }
    } catch (err) {
      log.error({ err, reportId: ref.reportId }, 'support ticket failed');
      await ephemeral(
        client,
        ref.channel,
        user,
        actionFailedMessage('Creating the support ticket', 'it could not be stored; try again'),
      );
    }
  });

  app.action<ButtonBody>(
    ACTION.reportScheduleCall,
    button('Scheduling a technical call', async ({ body, client, ref, user }) => {
      if (!svc.calendar) return ephemeral(client, ref.channel, user, googleNotConfiguredMessage(svc.googleSetupHelp));
      const stored = await svc.loadReport(ref.reportId);
      if (!stored) return ephemeral(client, ref.channel, user, reportMissingMessage());
      const [customer, info] = await Promise.all([svc.customer(stored.customerId), client.users.info({ user })]);
      const timeZone = info.user?.tz ?? 'UTC';
      const csmEmail = info.user?.profile?.email;
      const attendees = [
        ...new Set([...(customer?.contacts.map((c) => c.email) ?? []), ...(csmEmail ? [csmEmail] : [])]),
      ];
      const issues = stored.report.integrations
        .flatMap((i) =>
          i.issues.map((issue) => ({ integration: i.name, severity: issue.severity, title: issue.title })),
        )
        .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
      await client.views.open({
        trigger_id: body.trigger_id,
        view: buildCallModal({
          ref,
          customer: stored.report.customer ?? customer?.name ?? 'the customer',
          timeZone,
          date: nextBusinessDay(new Date(), timeZone),
          attendees,
          agenda: agendaFromIssues(issues),
        }),
      });
    }),
  );

  app.view(CALLBACK.callSubmit, async ({ ack, body, view, client }) => {
    const ref = decodeRef(view.private_metadata);
    const timeZone = ref?.extra.z ?? 'UTC';
    const today = localDate(new Date(), timeZone);
    const parsed = parseCallSubmission(view.state.values as Parameters<typeof parseCallSubmission>[0], today);
    if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.errors });
    await ack();
    const user = body.user.id;
    if (!ref) return log.warn({ viewId: view.id }, 'call modal without report metadata');
    try {
      const stored = await svc.loadReport(ref.reportId);
      if (!stored) return ephemeral(client, ref.channel, user, reportMissingMessage());
      if (!svc.calendar) return ephemeral(client, ref.channel, user, googleNotConfiguredMessage(svc.googleSetupHelp));
      const customer = stored.report.customer ?? 'the customer';
      const call = await svc.calendar.scheduleCall({
        idempotencyKey: `call:${view.id}`,
        summary: `Technical review: ${customer}`,
        description: parsed.call.agenda,
        date: parsed.call.date,
        time: parsed.call.time,
        durationMinutes: parsed.call.durationMinutes,
        timeZone,
        attendees: parsed.call.attendees,
        conference: parsed.call.conference,
      });
      if (!call.created)
        return log.info({ eventId: call.eventId }, 'technical call already scheduled for this submission');
      log.info({ eventId: call.eventId, reportId: stored.id }, 'technical call scheduled');
      await inThread(
        client,
        ref,
        callScheduledMessage({ customer, ...call, durationMinutes: parsed.call.durationMinutes, scheduledBy: user }),
      );
    } catch (err) {
      log.error({ err, reportId: ref.reportId }, 'scheduling the technical call failed');
      const status = (err as { status?: number }).status;
      await ephemeral(
        client,
        ref.channel,
        user,
        actionFailedMessage(
          'Scheduling the call',
          status ? `Google Calendar answered ${status}` : 'Google Calendar could not be reached',
        ),
      );
    }
  });

  app.action<ButtonBody>(
    ACTION.reportDraftReport,
    button('Drafting the technical report', async ({ client, ref, user }) => {
      const key = `draft:${ref.reportId}`;
      if (!(await svc.claim(key, DRAFT_WINDOW_MS, user))) {
        return ephemeral(client, ref.channel, user, alreadyRunningMessage('Drafting the technical report'));
      }
      try {
        const stored = await svc.loadReport(ref.reportId);
        if (!stored) return ephemeral(client, ref.channel, user, reportMissingMessage());
        const draft = await svc.drafts.draft(stored.report, { reportId: stored.id, draftedBy: null });
        const customer = stored.report.customer ?? 'the customer';
        await client.files.uploadV2({
          channel_id: ref.channel,
          thread_ts: ref.threadTs,
          initial_comment: reportDraftedComment(customer, user),
          file_uploads: [
            {
              file: Buffer.from(draft.markdown, 'utf8'),
              filename: `${draft.fileBase}.md`,
              title: `${customer} technical report (Markdown)`,
            },
            { file: draft.pdf, filename: `${draft.fileBase}.pdf`, title: `${customer} technical report (PDF)` },
          ],
        });
        log.info({ reportId: stored.id, pdfBytes: draft.pdf.length }, 'technical report drafted');
      } catch (err) {
        await svc.release(key);
        throw err;
      }
    }),
  );

  app.action<ButtonBody>(
    ACTION.reportUpdateRiskSignals,
    button('Updating risk signals', async ({ client, ref, user }) => {
      if (!(await svc.claim(`risk:${ref.reportId}`, RISK_WINDOW_MS, user))) {
        return ephemeral(client, ref.channel, user, alreadyRunningMessage('Updating risk signals'));
      }
      const stored = await svc.loadReport(ref.reportId);
      if (!stored) return ephemeral(client, ref.channel, user, reportMissingMessage());
      const result = await svc.riskSignals.applyReport({
        reportId: stored.id,
        customerId: stored.customerId,
        report: stored.report,
        slackMessage: { channel: ref.channel, ts: ref.threadTs },
      });
      log.info({ reportId: stored.id, created: result.created, updated: result.updated }, 'risk signals updated');
      await inThread(
        client,
        ref,
        riskSignalsMessage({ customer: stored.report.customer ?? 'the customer', ...result, updatedBy: user }),
      );
    }),
  );
}

const SEVERITY_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };
