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
  /** Integration alert buttons; `value` is the risk signal's id. Send is omitted when there is no technical contact. */
  alertSendFix: 'alert.send_fix_instructions',
  alertScheduleCall: 'alert.schedule_call',
  /** Opens the integration status modal. In list messages (upstream alert) the action_id is indexed, see {@link listActionId}. */
  alertViewStatus: 'alert.view_status',
  alertAcknowledge: 'alert.acknowledge',
  /** Static select under an alert; option values are `<signalId>|1h`, `<signalId>|4h`, `<signalId>|24h` (see {@link SNOOZE_OPTIONS}). */
  alertSnooze: 'alert.snooze',
  /** View status buttons in the daily digest, one per incident, indexed (see {@link listActionId}); `value` is the signal id. */
  digestViewStatus: 'digest.view_status',
} as const;

export type ActionId = (typeof ACTION)[keyof typeof ACTION];

/** Snooze durations offered under an alert: the option value suffix and its length in ms. */
export const SNOOZE_OPTIONS = [
  { suffix: '1h', label: '1 hour', ms: 3_600_000 },
  { suffix: '4h', label: '4 hours', ms: 4 * 3_600_000 },
  { suffix: '24h', label: '24 hours', ms: 24 * 3_600_000 },
] as const;

export type SnoozeSuffix = (typeof SNOOZE_OPTIONS)[number]['suffix'];

/**
 * The action_id of the `index`-th button of one kind in a list message (`alert.view_status:3`). Our
 * Block Kit checker requires action_ids to be unique across a whole message, so list views (upstream alert,
 * digest) index them; handlers register with {@link actionIdPattern}.
 * @example listActionId(ACTION.digestViewStatus, 2) // 'digest.view_status:2'
 */
export function listActionId(id: ActionId, index: number): string {
  return `${id}:${index}`;
}

/**
 * Matches `id` and its indexed forms, for `app.action(actionIdPattern(ACTION.alertViewStatus), …)`.
 * @example actionIdPattern(ACTION.alertViewStatus).test('alert.view_status:12') // true
 */
export function actionIdPattern(id: ActionId): RegExp {
  return new RegExp(`^${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?::\\d+)?$`);
}

/** Modal callback ids; each modal's `private_metadata` carries the report id and the report's thread. */
export const CALLBACK = {
  /** Create Support Ticket modal (views/ticket-modal.ts). */
  ticketSubmit: 'report.ticket_submit',
  /** Schedule Technical Call modal (views/call-modal.ts). */
  callSubmit: 'report.call_submit',
  /** Schedule Tech Call from an integration alert (the same modal; metadata names the incident). */
  alertCallSubmit: 'alert.call_submit',
  /** Schedule Technical Review from a technical environment summary (the same modal; metadata names the customer). */
  environmentReviewSubmit: 'environment.review_submit',
} as const;

/** Bot events the app listens to; each must appear in manifest.yml's bot_events. */
export const BOT_EVENTS = ['app_home_opened'] as const;

/**
 * Splits a snooze option value (`<signalId>|4h`) into the signal id and the duration in ms; null when the
 * value is not one we render. The signal id is opaque and may itself contain `|` (the last one separates).
 * @example parseSnoozeValue('65a1|4h') // { signalId: '65a1', suffix: '4h', ms: 14400000 }
 */
export function parseSnoozeValue(value: string): { signalId: string; suffix: SnoozeSuffix; ms: number } | null {
  const at = value.lastIndexOf('|');
  if (at <= 0) return null;
  const option = SNOOZE_OPTIONS.find((o) => o.suffix === value.slice(at + 1));
  return option ? { signalId: value.slice(0, at), suffix: option.suffix, ms: option.ms } : null;
}

/**
 * Integration onboarding (check-ups, outreach, the integration dashboard). Button values are opaque ids:
 * the integration's id, the outreach draft's id, or a page number for the dashboard pager. Buttons repeated
 * in a list carry an indexed action_id ({@link onboardingListActionId}).
 */
export const ONBOARDING_ACTION = {
  /** Home tab: opens the Add integration modal; `value` is 'add' or the customer's id. */
  addIntegration: 'onboarding.add_integration',
  /** Home tab status filter (static select); option values are `all`, `critical`, `warning`, `unknown`, `healthy`. */
  dashboardFilter: 'onboarding.filter_status',
  /** Home tab pager; `value` is `<filter>|<page>` (page 0-based) to show. */
  dashboardPrevious: 'onboarding.previous_page',
  dashboardNext: 'onboarding.next_page',
  /** Opens the integration detail modal; `value` is the integration's id. Indexed in the dashboard. */
  viewIntegration: 'onboarding.view_integration',
  /** Under a check alert; `value` is the integration's id. */
  runCheckAgain: 'onboarding.run_check',
  draftOutreach: 'onboarding.draft_outreach',
  /** Static select under a check alert; option values `<integrationId>|1h|4h|24h` (see {@link SNOOZE_OPTIONS}). */
  snoozeCheck: 'onboarding.snooze_check',
  /** Under an outreach preview; `value` is the outreach draft's id. */
  sendOutreach: 'onboarding.send_outreach',
  editOutreach: 'onboarding.edit_outreach',
  skipOutreach: 'onboarding.skip_outreach',
} as const;

export type OnboardingActionId = (typeof ONBOARDING_ACTION)[keyof typeof ONBOARDING_ACTION];

/** Onboarding modal callback ids and the block/action ids of their inputs. */
export const ONBOARDING_CALLBACK = {
  /** Add integration modal; `private_metadata` is empty or the customer id it was opened for. */
  addIntegrationSubmit: 'onboarding.add_integration_submit',
  /** Edit outreach modal; `private_metadata` is the outreach draft's id. */
  editOutreachSubmit: 'onboarding.edit_outreach_submit',
  /** Integration detail modal (no submit). */
  integrationDetail: 'onboarding.integration_detail',
} as const;

export const ONBOARDING_INPUT = {
  customer: 'onboarding.input_customer',
  type: 'onboarding.input_type',
  otherType: 'onboarding.input_other_type',
  name: 'onboarding.input_name',
  subject: 'onboarding.input_subject',
  body: 'onboarding.input_body',
} as const;

/**
 * The indexed action_id of the `index`-th onboarding button of one kind in a list (unique per view).
 * @example onboardingListActionId(ONBOARDING_ACTION.viewIntegration, 3) // 'onboarding.view_integration:3'
 */
export function onboardingListActionId(id: OnboardingActionId, index: number): string {
  return `${id}:${index}`;
}

/**
 * Technical environment summary (issue 15). `value`: the customer's id, except Send Alert to Customer (the
 * integration's id) and Request Limit Increase (`<customerId>|<limitKey>`, see {@link parseLimitIncreaseValue}).
 * Buttons repeated per integration in the details modal are indexed like {@link listActionId}
 * (`environment.send_alert_to_customer:2`), so handlers register with {@link environmentActionIdPattern}.
 */
export const ENVIRONMENT_ACTION = {
  viewDetails: 'environment.view_details',
  exportSummary: 'environment.export_tech_summary',
  scheduleReview: 'environment.schedule_technical_review',
  requestSeSupport: 'environment.request_se_support',
  createProposal: 'environment.create_integration_proposal',
  sendAlert: 'environment.send_alert_to_customer',
  requestLimitIncrease: 'environment.request_limit_increase',
  /** The customer menu of a question or `/techhealth <name>` that matched several customers or none. */
  pickCustomer: 'environment.pick_customer',
  /** The Home tab's Technical section: the customer whose environment to open. */
  homeOpen: 'environment.home_open',
} as const;

export type EnvironmentActionId = (typeof ENVIRONMENT_ACTION)[keyof typeof ENVIRONMENT_ACTION];

/** Matches an environment action id and its indexed forms. */
export function environmentActionIdPattern(id: EnvironmentActionId): RegExp {
  return new RegExp(`^${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?::\\d+)?$`);
}

/**
 * The value of a Request Limit Increase button, and back: the customer's id and the limit key.
 * @example parseLimitIncreaseValue(limitIncreaseValue('c1', 'apiCallsPerMonth')) // { customerId: 'c1', limitKey: 'apiCallsPerMonth' }
 */
export function limitIncreaseValue(customerId: string, limitKey: string): string {
  return `${customerId}|${limitKey}`;
}

export function parseLimitIncreaseValue(value: string): { customerId: string; limitKey: string } | null {
  const at = value.lastIndexOf('|');
  if (at <= 0 || at === value.length - 1) return null;
  return { customerId: value.slice(0, at), limitKey: value.slice(at + 1) };
}
