import {
  actionFailedMessage,
  alreadyRunningMessage,
  reportDraftedComment,
  reportMissingMessage,
  riskSignalsMessage,
  type SlackText,
  ticketAlreadyExistsMessage,
  ticketCreatedMessage,
  ticketForSupportMessage,
} from '../../../views/action-messages.js';
import { agendaFromIssues } from '../../../views/call-modal.js';
import { buildTicketModal, type ReportThreadRef } from '../../../views/ticket-modal.js';
import type { Repos } from '../../db/index.js';
import type { StoredReport } from '../../db/tech-health-reports.js';
import { bySeverity } from '../../domain/severity.js';
import type { Logger } from '../../logger.js';
import type { SlackGateway } from '../../slack/gateway.js';
import { ephemeralAnswers } from '../tell.js';
import type { ReportDrafts } from './drafts.js';
import type { RiskSignals } from './risk-signals.js';
import type { CallScheduler, CallSubject, SubmittedCall } from './schedule-call.js';
import { draftTicket, reportTicketKey, type Ticketing } from './ticketing.js';

/**
 * The four buttons under a score report (views/report-message.ts; each button's value is the stored
 * report's id) and the two modals they open. Doing the work once:
 * - tickets: one per report (the key `report:<id>`), unless the CSM ticks "create another" (key: the
 *   modal's view id); concurrent submissions race on a unique key and the loser gets the winner's ticket;
 * - calls: one Calendar event per modal submission (schedule-call.ts);
 * - drafts: a claim per report for DRAFT_WINDOW_MS, so a double click uploads one pair of files;
 * - risk signals: idempotent per report by construction, plus a claim so a double click confirms once.
 * Expected failures (a report that no longer exists, a double click) are told to the CSM.
 */

const DRAFT_WINDOW_MS = 2 * 60 * 1000;
const RISK_WINDOW_MS = 60 * 1000;

export interface ReportActionDeps {
  repos: Repos;
  slack: SlackGateway;
  ticketing: Ticketing;
  riskSignals: RiskSignals;
  drafts: ReportDrafts;
  calls: CallScheduler;
  supportChannelId: string | null;
  logger: Logger;
}

export interface TicketSubmission {
  subject: string;
  priority: 'urgent' | 'high' | 'normal' | 'low';
  description: string;
  /** "Create another ticket": keyed by the modal instead of the report. */
  another: boolean;
}

export function createReportActions(deps: ReportActionDeps) {
  const { repos, slack, logger } = deps;
  const answer = ephemeralAnswers(slack, logger);
  const tell = (ref: ReportThreadRef, user: string, m: SlackText) => answer(ref.channel, user, m);
  const inThread = (ref: ReportThreadRef, m: SlackText) => slack.post(ref.channel, m, { threadTs: ref.threadTs });

  /** The stored report, or null after telling the CSM it is gone. */
  async function reportOf(ref: ReportThreadRef, user: string): Promise<StoredReport | null> {
    const stored = await repos.reports.findById(ref.reportId);
    if (!stored) await tell(ref, user, reportMissingMessage());
    return stored;
  }

  function callSubject(stored: StoredReport, customerName: string | null): CallSubject {
    const issues = stored.report.integrations
      .flatMap((i) => i.issues.map((issue) => ({ integration: i.name, severity: issue.severity, title: issue.title })))
      .sort(bySeverity((i) => i.severity));
    const customer = stored.report.customer ?? customerName ?? 'the customer';
    return {
      customerId: stored.customerId,
      customerName: customer,
      summary: `Technical review: ${stored.report.customer ?? 'the customer'}`,
      agenda: agendaFromIssues(issues),
    };
  }

  return {
    async openTicketModal(a: { triggerId: string; user: string; ref: ReportThreadRef }): Promise<void> {
      const stored = await reportOf(a.ref, a.user);
      if (!stored) return;
      const existing = await deps.ticketing.ticketsForReport(stored.id);
      await slack.openModal(
        a.triggerId,
        buildTicketModal({
          ref: a.ref,
          customer: stored.report.customer ?? 'unknown customer',
          score: stored.report.score,
          prefill: draftTicket(stored.report),
          existing: existing.map((t) => t.ticketId),
        }),
      );
    },

    async submitTicket(a: { viewId: string; user: string; ref: ReportThreadRef; ticket: TicketSubmission }) {
      try {
        const stored = await reportOf(a.ref, a.user);
        if (!stored) return;
        const { ticket, created } = await deps.ticketing.createTicket({
          idempotencyKey: a.ticket.another ? `view:${a.viewId}` : reportTicketKey(stored.id),
          customerId: stored.customerId,
          customerName: stored.report.customer ?? 'unknown customer',
          reportId: stored.id,
          subject: a.ticket.subject,
          priority: a.ticket.priority,
          description: a.ticket.description,
          createdBy: a.user,
          source: 'slack',
          slackThread: { channel: a.ref.channel, ts: a.ref.threadTs },
        });
        if (!created) return void (await tell(a.ref, a.user, ticketAlreadyExistsMessage(ticket.ticketId)));
        logger.info({ ticketId: ticket.ticketId, reportId: stored.id }, 'support ticket created');
        await inThread(a.ref, ticketCreatedMessage(ticket));
        if (deps.supportChannelId) {
          const posted = await slack.post(deps.supportChannelId, ticketForSupportMessage(ticket, null));
          await deps.ticketing.recordSupportMessage(ticket, posted);
        }
      } catch (err) {
        logger.error({ err, reportId: a.ref.reportId }, 'support ticket failed');
        await tell(
          a.ref,
          a.user,
          actionFailedMessage('Creating the support ticket', 'it could not be stored; try again'),
        );
      }
    },

    async openCallModal(a: { triggerId: string; user: string; ref: ReportThreadRef }): Promise<void> {
      await deps.calls.openModal({
        ...a,
        subjectOf: async () => {
          const stored = await reportOf(a.ref, a.user);
          if (!stored) return null;
          const customer = await repos.customers.findById(stored.customerId);
          return callSubject(stored, customer?.name ?? null);
        },
      });
    },

    async submitCall(a: SubmittedCall) {
      const stored = await reportOf(a.ref, a.user);
      if (!stored) return;
      await deps.calls.schedule({ ...a, subject: callSubject(stored, null) });
    },

    async draftReport(a: { user: string; ref: ReportThreadRef }): Promise<void> {
      const key = `draft:${a.ref.reportId}`;
      if (!(await repos.counters.claim(key, DRAFT_WINDOW_MS, a.user))) {
        return void (await tell(a.ref, a.user, alreadyRunningMessage('Drafting the technical report')));
      }
      try {
        const stored = await reportOf(a.ref, a.user);
        if (!stored) return;
        const draft = await deps.drafts.draft(stored.report, { reportId: stored.id, draftedBy: null });
        const customer = stored.report.customer ?? 'the customer';
        await slack.uploadFiles({
          channel: a.ref.channel,
          threadTs: a.ref.threadTs,
          comment: reportDraftedComment(customer, a.user),
          files: [
            {
              content: Buffer.from(draft.markdown, 'utf8'),
              filename: `${draft.fileBase}.md`,
              title: `${customer} technical report (Markdown)`,
            },
            { content: draft.pdf, filename: `${draft.fileBase}.pdf`, title: `${customer} technical report (PDF)` },
          ],
        });
        logger.info({ reportId: stored.id, pdfBytes: draft.pdf.length }, 'technical report drafted');
      } catch (err) {
        await repos.counters.release(key);
        throw err;
      }
    },

    async updateRiskSignals(a: { user: string; ref: ReportThreadRef }): Promise<void> {
      if (!(await repos.counters.claim(`risk:${a.ref.reportId}`, RISK_WINDOW_MS, a.user))) {
        return void (await tell(a.ref, a.user, alreadyRunningMessage('Updating risk signals')));
      }
      const stored = await reportOf(a.ref, a.user);
      if (!stored) return;
      const result = await deps.riskSignals.applyReport({
        reportId: stored.id,
        customerId: stored.customerId,
        report: stored.report,
        slackMessage: { channel: a.ref.channel, ts: a.ref.threadTs },
      });
      logger.info({ reportId: stored.id, created: result.created, updated: result.updated }, 'risk signals updated');
      await inThread(
        a.ref,
        riskSignalsMessage({ customer: stored.report.customer ?? 'the customer', ...result, updatedBy: a.user }),
      );
    },

    /** A button's work failed unexpectedly: the CSM hears it, the error is already logged by the caller. */
    failed: (ref: ReportThreadRef, user: string, what: string) =>
      tell(ref, user, actionFailedMessage(what, 'something went wrong on our side; try again in a minute')),
  };
}
export type ReportActions = ReturnType<typeof createReportActions>;
