import type { App } from '@slack/bolt';
import type { Logger } from '../src/logger.js';
import type { OnboardingActions } from '../src/services/onboarding/actions.js';
import type { DashboardState } from '../src/services/onboarding/dashboard.js';
import { OTHER_TYPE_VALUE } from '../views/add-integration-modal.js';
import {
  actionIdPattern,
  ONBOARDING_ACTION,
  ONBOARDING_CALLBACK,
  ONBOARDING_INPUT,
  SNOOZE_OPTIONS,
} from '../views/ids.js';
import type { DashboardFilter } from '../views/integration-dashboard.js';
import { type ActionBody, actionValue, afterAck } from './support.js';

/**
 * The check-up DM's buttons (Run check again, Draft outreach, View integration, Snooze), the outreach
 * preview's (Send, Edit, Skip), the Home tab dashboard's (Add integration, filter, pager, View) and the
 * two modals: ack, parse, one use case (src/services/onboarding/actions.ts).
 */

export const ONBOARDING_REGISTRATIONS = {
  commands: [],
  events: [],
  actions: [
    ONBOARDING_ACTION.runCheckAgain,
    ONBOARDING_ACTION.draftOutreach,
    ONBOARDING_ACTION.viewIntegration,
    ONBOARDING_ACTION.snoozeCheck,
    ONBOARDING_ACTION.sendOutreach,
    ONBOARDING_ACTION.editOutreach,
    ONBOARDING_ACTION.skipOutreach,
    ONBOARDING_ACTION.addIntegration,
    ONBOARDING_ACTION.dashboardFilter,
    ONBOARDING_ACTION.dashboardPrevious,
    ONBOARDING_ACTION.dashboardNext,
  ],
} as const;

const FILTERS: readonly DashboardFilter[] = ['all', 'critical', 'warning', 'unknown', 'healthy'];

/** `<filter>|<page>` from a pager button, or a filter from the select (page 0). */
export function parseDashboardValue(value: string): DashboardState {
  const [f, p] = value.split('|');
  const filter = FILTERS.includes(f as DashboardFilter) ? (f as DashboardFilter) : 'all';
  const page = Number.parseInt(p ?? '0', 10);
  return { filter, page: Number.isFinite(page) && page >= 0 ? page : 0 };
}

type ViewValues = Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null }>>;

export function registerOnboardingHandlers(app: App, deps: { onboardingActions: OnboardingActions; logger: Logger }) {
  const actions = deps.onboardingActions;
  const log = deps.logger.child({ component: 'onboarding-actions' });
  const clickOf = (body: ActionBody) => {
    const container = body.container as { channel_id?: string; type?: string };
    return { channel: body.channel?.id ?? container.channel_id ?? '', user: body.user.id, triggerId: body.trigger_id };
  };
  const on = (id: string | RegExp, what: string, work: (value: string, body: ActionBody) => Promise<unknown>) =>
    app.action<ActionBody>(
      id,
      afterAck(
        log,
        what,
        (body) => work(actionValue(body), body),
        (body) => actions.failed(clickOf(body), what),
      ),
    );

  on(ONBOARDING_ACTION.runCheckAgain, 'Running the check again', (v, b) => actions.runAgain(v, clickOf(b)));
  on(ONBOARDING_ACTION.draftOutreach, 'Drafting the outreach email', (v, b) => actions.draftOutreach(v, clickOf(b)));
  on(actionIdPattern(ONBOARDING_ACTION.viewIntegration as never), 'Opening the integration', (v, b) =>
    actions.openDetail(v, clickOf(b)),
  );
  on(ONBOARDING_ACTION.snoozeCheck, 'Snoozing the check-up alerts', async (v, b) => {
    const cut = v.lastIndexOf('|');
    const option = SNOOZE_OPTIONS.find((o) => o.suffix === v.slice(cut + 1));
    if (cut <= 0 || !option) return log.warn({ value: v }, 'unreadable snooze value');
    await actions.snooze(v.slice(0, cut), option.ms, option.label, clickOf(b));
  });
  on(ONBOARDING_ACTION.sendOutreach, 'Sending the email', (v, b) => actions.sendOutreach(v, clickOf(b)));
  on(ONBOARDING_ACTION.skipOutreach, 'Skipping the email', (v, b) => actions.skipOutreach(v, clickOf(b)));
  on(ONBOARDING_ACTION.editOutreach, 'Opening the email editor', (v, b) => actions.openEditOutreach(v, clickOf(b)));
  on(ONBOARDING_ACTION.addIntegration, 'Opening Add integration', (v, b) =>
    actions.openAdd(clickOf(b), v && v !== 'add' ? v : undefined),
  );
  for (const id of [
    ONBOARDING_ACTION.dashboardFilter,
    ONBOARDING_ACTION.dashboardPrevious,
    ONBOARDING_ACTION.dashboardNext,
  ])
    on(id, 'Updating the dashboard', (v, b) => actions.showDashboard(b.user.id, parseDashboardValue(v)));

  app.view(ONBOARDING_CALLBACK.addIntegrationSubmit, async ({ ack, body, view }) => {
    const values = view.state.values as ViewValues;
    const field = (block: string) => values[block]?.[block];
    const chosenType = field(ONBOARDING_INPUT.type)?.selected_option?.value ?? '';
    const otherType = field(ONBOARDING_INPUT.otherType)?.value?.trim() ?? '';
    if (chosenType === OTHER_TYPE_VALUE && !otherType) {
      return ack({
        response_action: 'errors',
        errors: { [ONBOARDING_INPUT.otherType]: 'Type the integration’s type, e.g. tableau.' },
      });
    }
    const input = {
      customer: field(ONBOARDING_INPUT.customer)?.selected_option?.value ?? view.private_metadata,
      type: chosenType === OTHER_TYPE_VALUE ? otherType : chosenType,
      name: field(ONBOARDING_INPUT.name)?.value?.trim() || undefined,
    };
    const blockOf: Record<string, string> = {
      customer: ONBOARDING_INPUT.customer,
      type: chosenType === OTHER_TYPE_VALUE ? ONBOARDING_INPUT.otherType : ONBOARDING_INPUT.type,
      name: ONBOARDING_INPUT.name,
    };
    const checked = actions.validateAdd(input);
    if ('errors' in checked) {
      const shown = Object.fromEntries(
        Object.entries(checked.errors).map(([k, m]) => [blockOf[k] ?? ONBOARDING_INPUT.name, m]),
      );
      return ack({ response_action: 'errors', errors: shown });
    }
    await ack();
    try {
      await actions.submitAdd(checked.ok, body.user.id);
    } catch (err) {
      log.error({ err }, 'adding an integration failed');
      await actions.failed({ channel: '', user: body.user.id }, 'Adding the integration');
    }
  });

  app.view(ONBOARDING_CALLBACK.editOutreachSubmit, async ({ ack, body, view }) => {
    const values = view.state.values as ViewValues;
    const subject = values[ONBOARDING_INPUT.subject]?.[ONBOARDING_INPUT.subject]?.value ?? '';
    const text = values[ONBOARDING_INPUT.body]?.[ONBOARDING_INPUT.body]?.value ?? undefined;
    const problem = await actions.submitEditOutreach(view.private_metadata, { subject, text }, body.user.id);
    if (problem) return ack({ response_action: 'errors', errors: { [ONBOARDING_INPUT.subject]: problem } });
    await ack();
  });
}
