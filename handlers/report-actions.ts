import type { App } from '@slack/bolt';
import type { Logger } from '../src/logger.js';
import type { ReportServices } from '../src/services/reports/index.js';
import { ACTION, CALLBACK } from '../views/ids.js';
import { decodeRef, parseTicketSubmission } from '../views/ticket-modal.js';
import { type ActionBody, afterAck, clickedThread, readCallModal } from './support.js';

/**
 * The four buttons under a score report and the two modals they open: ack, parse, one use case
 * (src/services/reports/actions.ts says how each does its work once).
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

export function registerReportActionHandlers(app: App, deps: { reports: ReportServices; logger: Logger }): void {
  const { actions } = deps.reports;
  const log = deps.logger.child({ component: 'report-actions' });
  const button = (what: string, work: (body: ActionBody) => Promise<unknown>) =>
    afterAck(log, what, work, (body) => actions.failed(clickedThread(body), body.user.id, what));

  app.action<ActionBody>(
    ACTION.reportCreateTicket,
    button('Creating a support ticket', (body) =>
      actions.openTicketModal({ triggerId: body.trigger_id, user: body.user.id, ref: clickedThread(body) }),
    ),
  );

  app.view(CALLBACK.ticketSubmit, async ({ ack, body, view }) => {
    const parsed = parseTicketSubmission(view.state.values as Parameters<typeof parseTicketSubmission>[0]);
    if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.errors });
    await ack();
    const ref = decodeRef(view.private_metadata);
    if (!ref) return log.warn({ viewId: view.id }, 'ticket modal without report metadata');
    await actions.submitTicket({ viewId: view.id, user: body.user.id, ref, ticket: parsed });
  });

  app.action<ActionBody>(
    ACTION.reportScheduleCall,
    button('Scheduling a technical call', (body) =>
      actions.openCallModal({ triggerId: body.trigger_id, user: body.user.id, ref: clickedThread(body) }),
    ),
  );

  app.view(CALLBACK.callSubmit, async ({ ack, body, view }) => {
    const { ref, timeZone, parsed } = readCallModal(view);
    if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.errors });
    await ack();
    if (!ref) return log.warn({ viewId: view.id }, 'call modal without report metadata');
    await actions.submitCall({ viewId: view.id, user: body.user.id, ref, timeZone, call: parsed.call });
  });

  app.action<ActionBody>(
    ACTION.reportDraftReport,
    button('Drafting the technical report', (body) =>
      actions.draftReport({ user: body.user.id, ref: clickedThread(body) }),
    ),
  );

  app.action<ActionBody>(
    ACTION.reportUpdateRiskSignals,
    button('Updating risk signals', (body) =>
      actions.updateRiskSignals({ user: body.user.id, ref: clickedThread(body) }),
    ),
  );
}
