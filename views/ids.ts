/**
 * Every Slack id the app registers or renders: action_ids (`area.verb_object`), callback ids and the slash
 * command. Handlers and views both import from here, and test/unit/manifest.test.ts reads the registered
 * lists to check them against manifest.yml.
 */

export const SLASH_COMMAND = '/techhealth';

export const ACTION = {
  /** Buttons under a score report; `value` is the stored report's id. */
  reportCreateTicket: 'report.create_ticket',
  reportScheduleCall: 'report.schedule_call',
  reportDraftReport: 'report.draft_report',
  reportUpdateRiskSignals: 'report.update_risk_signals',
  /** "Did you mean …?" buttons after `/techhealth <unknown name>`; `value` is the customer's id. */
  commandPickCustomer: 'command.pick_customer',
  /** Select menu under an upload whose customer is unknown; option value `id:<customerId>` or `new:<name>`, block_id `upload:<fileId>`. */
  uploadChooseCustomer: 'upload.choose_customer',
  /** Home tab: re-render with fresh data. */
  homeRefresh: 'home.refresh',
} as const;

export type ActionId = (typeof ACTION)[keyof typeof ACTION];

/** Modal callback ids; each modal's `private_metadata` carries the report id and the report's thread. */
export const CALLBACK = {
  /** Create Support Ticket modal (views/ticket-modal.ts). */
  ticketSubmit: 'report.ticket_submit',
  /** Schedule Technical Call modal (views/call-modal.ts). */
  callSubmit: 'report.call_submit',
} as const;

/** Bot events the app listens to; each must appear in manifest.yml's bot_events. */
export const BOT_EVENTS = ['app_home_opened'] as const;
