import { createCalendarService } from '../../adapters/calendar.js';
import { createGoogleAuth, describeGoogleSetup } from '../../adapters/google-auth.js';
import type { Config } from '../../config.js';
import type { Repos } from '../../db/index.js';
import type { Logger } from '../../logger.js';
import type { SlackGateway } from '../../slack/gateway.js';
import { createReportActions } from './actions.js';
import { createReportDrafts } from './drafts.js';
import { createRiskSignals } from './risk-signals.js';
import { createCallScheduler } from './schedule-call.js';
import { createTicketing } from './ticketing.js';

/**
 * Everything around a stored score report, built once by the composition root: tickets, risk signals,
 * report drafts, technical calls (Calendar; none without Google credentials) and the report buttons' use
 * cases over them.
 */
export async function createReportServices(deps: {
  repos: Repos;
  config: Config;
  slack: SlackGateway;
  logger: Logger;
  compressPdf?: boolean;
}) {
  const { repos, config, slack, logger } = deps;
  const auth = await createGoogleAuth(config.google);
  const ticketing = createTicketing({ tickets: repos.supportTickets, counters: repos.counters });
  const calendar = auth ? createCalendarService({ auth, rootUrl: config.google.apiRootUrl }) : null;
  const calls = createCallScheduler({
    slack,
    customers: repos.customers,
    calendar,
    googleSetupHelp: describeGoogleSetup(),
    logger: logger.child({ component: 'calls' }),
  });
  const actions = createReportActions({
    repos,
    slack,
    ticketing,
    riskSignals: createRiskSignals({
      riskSignals: repos.riskSignals,
      customers: repos.customers,
      counters: repos.counters,
    }),
    drafts: createReportDrafts({ compressPdf: deps.compressPdf }),
    calls,
    supportChannelId: config.supportChannelId,
    logger: logger.child({ component: 'report-actions' }),
  });
  return { ticketing, calls, actions, calendar };
}
export type ReportServices = Awaited<ReturnType<typeof createReportServices>>;
