import type { CalendarService } from '../../adapters/calendar.js';
import type { GmailSender } from '../../adapters/gmail.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import type { IntegrationEvent } from '../../domain/detection/events.js';
import type { CatalogEntry } from '../../domain/environment/tech-stack.js';
import type { Logger } from '../../logger.js';
import type { SlackGateway } from '../../slack/gateway.js';
import type { CallScheduler } from '../reports/schedule-call.js';
import { createEnvironmentActions } from './actions.js';
import { createEnvironmentAnswers } from './answers.js';
import { createEnvironmentEvents } from './events.js';
import { createEnvironmentImport } from './import.js';
import { createMeetingSurface } from './meetings.js';
import { createEnvironmentMonitor } from './monitor.js';
import { createEnvironmentStore } from './store.js';
import { createEnvironmentSummaries } from './summary.js';

/** The technical environment use cases (issue 15), assembled for createServices. */
export function createEnvironmentServices(deps: {
  db: Database;
  slack: SlackGateway;
  catalog: { entries: readonly CatalogEntry[] };
  config: Config;
  gmail: GmailSender;
  reports: { calls: CallScheduler; calendar: CalendarService | null };
  child: (component: string) => Logger;
  now?: () => number;
}) {
  const repos = deps.db.repos;
  const logger = deps.child('environment');
  const base = { repos, logger, now: deps.now };
  const store = createEnvironmentStore(base);
  const summaries = createEnvironmentSummaries({ ...base, catalog: deps.catalog.entries });
  const monitor = createEnvironmentMonitor({
    ...base,
    slack: deps.slack,
    techChannelId: deps.config.environment.techAlertChannelId,
    fallbackChannelId: deps.config.alerts.fallbackChannelId,
  });
  const events = createEnvironmentEvents({
    ...base,
    store,
    onSecurityChange: (customerId, change, event) => monitor.securityChanged(customerId, change, event),
  });
  return {
    repos,
    logger,
    store,
    summaries,
    events,
    monitor,
    meetings: createMeetingSurface({ ...base, summaries, slack: deps.slack, calendar: deps.reports.calendar }),
    importer: createEnvironmentImport({ repos, store }),
    answers: createEnvironmentAnswers({ ...base, summaries, slack: deps.slack }),
    actions: createEnvironmentActions({
      ...base,
      summaries,
      slack: deps.slack,
      gmail: deps.gmail,
      calls: deps.reports.calls,
      seChannelId: deps.config.environment.seChannelId,
    }),
    /** For the alert services: the detection runner hands over usage snapshots and security changes. */
    hooks: {
      onInformational: (customerId: string, e: IntegrationEvent[]) => events.apply(customerId, e),
    },
  };
}
export type EnvironmentServices = ReturnType<typeof createEnvironmentServices>;
