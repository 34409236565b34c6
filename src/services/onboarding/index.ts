import type { GmailSender } from '../../adapters/gmail.js';
import type { Repos } from '../../db/index.js';
import type { Catalog } from '../../domain/onboarding/catalog.js';
import { onboardingMetrics } from '../../domain/onboarding/metrics.js';
import type { CheckStage } from '../../domain/onboarding/types.js';
import type { Logger } from '../../logger.js';
import type { SlackGateway } from '../../slack/gateway.js';
import type { StoredBatchEvent } from '../alerts/intake.js';
import { createTimeZones } from '../time-zones.js';
import { createIntegrationAdder } from './add.js';
import { createCheckups } from './checkups.js';
import { createIntegrationDashboard } from './dashboard.js';
import { usageOfEvent } from './evidence.js';
import { createCheckNotifier } from './notify.js';
import { createCheckupOutreach } from './outreach.js';
import { createIntegrationRecords } from './records.js';
import type { CheckupTemplates } from './templates.js';

/** Events that mean an integration was (re)connected: its check-ups start from them. */
const CONNECTION_EVENTS = new Set(['connected', 'oauth_completed', 'api_key_created']);

/** Integration added → check-ups, outreach, the dashboard and the metrics (issue 12), wired together. */
export function createOnboarding(deps: {
  repos: Repos;
  slack: SlackGateway;
  catalog: Catalog;
  templates: CheckupTemplates;
  gmail: GmailSender;
  outreachMode: 'approval' | 'auto' | 'off';
  fallbackChannelId: string | null;
  scheduleCheck(integrationId: string, stage: CheckStage, at: Date): Promise<void>;
  scheduleOutreach(outreachId: string): Promise<void>;
  logger: Logger;
  now?: () => number;
}) {
  const now = deps.now ?? Date.now;
  const { repos, slack, catalog, logger } = deps;
  const timeZoneOf = createTimeZones({ slack, logger, now });
  const notifier = createCheckNotifier({
    repos,
    slack,
    templates: deps.templates,
    fallbackChannelId: deps.fallbackChannelId,
    timeZoneOf,
    logger,
    now,
  });
  const outreach = createCheckupOutreach({
    repos,
    slack,
    templates: deps.templates,
    gmail: deps.gmail,
    mode: deps.outreachMode,
    fallbackChannelId: deps.fallbackChannelId,
    schedule: deps.scheduleOutreach,
    logger: logger.child({ part: 'outreach' }),
    now,
  });
  const checkups = createCheckups({ repos, catalog, notifier, outreach, schedule: deps.scheduleCheck, logger, now });
  const records = createIntegrationRecords({ repos, catalog });

  return {
    checkups,
    outreach,
    records,
    adder: createIntegrationAdder({ repos, catalog, checkups }),
    dashboard: createIntegrationDashboard({ records, repos, slack, catalog, timeZoneOf, now }),
    /** The spec's success metrics over every integration at `now`. */
    metrics: async () => onboardingMetrics(await records.all(), now()),
    /** The same metrics over one CSM's portfolio (the daily digest shows them). */
    metricsFor: async (csmUserId: string) => onboardingMetrics(await records.forCsm(csmUserId), now()),
    /** The events intake stored a batch: start check-ups on connections, keep the newest usage snapshots. */
    async onEventsStored(stored: readonly StoredBatchEvent[]): Promise<void> {
      const connected = new Set(stored.filter((s) => CONNECTION_EVENTS.has(s.event.type)).map((s) => s.integrationId));
      for (const id of connected) await checkups.start(id);
      for (const s of stored) {
        const usage = s.event.type === 'usage_snapshot' ? usageOfEvent(s.event) : null;
        if (usage) await repos.onboarding.recordUsage(s.integrationId, s.customerId, usage);
      }
    },
  };
}
export type Onboarding = ReturnType<typeof createOnboarding>;
