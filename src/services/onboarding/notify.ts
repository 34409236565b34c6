import { buildCheckAlertMessage, buildCheckHealthyNote } from '../../../views/check-alert-message.js';
import type { Repos } from '../../db/index.js';
import type { IntegrationSummary } from '../../db/integrations.js';
import type { CatalogEntry } from '../../domain/onboarding/catalog.js';
import { decideCheckNotification, latestRun, openFindings } from '../../domain/onboarding/status.js';
import type { CheckFinding, HealthCheck } from '../../domain/onboarding/types.js';
import type { Logger } from '../../logger.js';
import type { SlackGateway } from '../../slack/gateway.js';
import type { TimeZoneOf } from '../time-zones.js';
import { checkIssues } from './records.js';
import type { CheckupTemplates } from './templates.js';

/**
 * What the CSM hears after a check-up: one DM per problem (a finding kind, from when a check found it
 * until a later one no longer does; it is told again only if it comes back), with the type's steps and
 * the buttons; a reply in the open disconnect incident's thread instead of a second alert; the day-30
 * "healthy" note once; nothing while the CSM has snoozed the integration, and a reminder of what is still
 * open when the snooze ends. Each message is claimed in MongoDB before it is posted (two workers, a
 * retried job: one post).
 */

const FOREVER_MS = 100 * 365 * 86_400_000;

export interface CheckSubject {
  integration: IntegrationSummary;
  customer: { id: string; name: string; csmUserId: string | null } | null;
  entry: CatalogEntry;
  connectedAt: number;
}

export function createCheckNotifier(deps: {
  repos: Repos;
  slack: SlackGateway;
  templates: CheckupTemplates;
  fallbackChannelId: string | null;
  timeZoneOf: TimeZoneOf;
  logger: Logger;
  now: () => number;
}) {
  const { repos, slack, logger, now } = deps;
  const timeZoneOf = (userId: string | null) => (userId ? deps.timeZoneOf(userId) : Promise.resolve('UTC'));

  function message(s: CheckSubject, check: HealthCheck, findings: CheckFinding[], timeZone: string) {
    return buildCheckAlertMessage(
      {
        integrationId: s.integration.id,
        customerName: s.customer?.name ?? 'the customer',
        integration: { name: s.integration.name, connectedAt: s.connectedAt, category: s.entry.category },
        check,
        findings,
        steps: deps.templates.steps(
          s.entry,
          s.integration.name,
          findings.map((f) => f.kind),
        ),
      },
      { now: now(), timeZone },
    );
  }

  /** The claim key of a finding: its kind and when the problem opened (a problem that came back is new). */
  const problemKey = (s: CheckSubject, checks: readonly HealthCheck[], f: CheckFinding) => {
    const issue = checkIssues(checks).find((i) => i.kind === f.kind && i.resolvedAt === null);
    return `checkup-dm:${s.integration.id}:${f.kind}:${issue?.openedAt ?? 'open'}`;
  };

  async function afterCheck(s: CheckSubject, check: HealthCheck, checks: readonly HealthCheck[]): Promise<void> {
    const state = await repos.onboarding.find(s.integration.id);
    if (state?.snoozedUntil && state.snoozedUntil > now() && check.result !== 'pass') {
      logger.info({ integrationId: s.integration.id, until: state.snoozedUntil }, 'check-up alert snoozed');
      return;
    }
    const incident = (await repos.incidents.openForIntegration(s.integration.id)).find((i) => i.slackMessage);
    const decision = decideCheckNotification({
      integrationId: s.integration.id,
      check,
      alreadyNotified: [],
      openIncident: incident?.slackMessage
        ? { signalId: incident.id, channelId: incident.slackMessage.channel, threadTs: incident.slackMessage.ts }
        : null,
      csmSlackUserId: s.customer?.csmUserId ?? null,
      fallbackChannelId: deps.fallbackChannelId,
    });
    const zone = await timeZoneOf(s.customer?.csmUserId ?? null);
    const channelOf = (r: { kind: 'csm'; slackUserId: string } | { kind: 'channel'; channelId: string }) =>
      r.kind === 'csm' ? r.slackUserId : r.channelId;
    const once = async (key: string, post: () => Promise<unknown>) => {
      if (!(await repos.counters.claim(key, FOREVER_MS))) return;
      try {
        await post();
      } catch (err) {
        await repos.counters.release(key);
        throw err;
      }
    };
    if (decision.action === 'alerts') {
      for (const a of decision.alerts) {
        await once(problemKey(s, checks, a.finding), () =>
          slack.post(channelOf(decision.recipient), message(s, check, [a.finding], zone)),
        );
      }
    } else if (decision.action === 'thread_reply') {
      const fresh = [];
      for (const f of decision.findings) {
        if (await repos.counters.claim(`${problemKey(s, checks, f)}:thread`, FOREVER_MS)) fresh.push(f);
      }
      if (fresh.length > 0)
        await slack.post(decision.channelId, message(s, check, fresh, zone), { threadTs: decision.threadTs });
    } else if (decision.action === 'healthy_note') {
      const names = { integrationId: s.integration.id, integrationName: s.integration.name };
      await once(`checkup-dm:${decision.dedupKey}`, () =>
        slack.post(
          channelOf(decision.recipient),
          buildCheckHealthyNote({ ...names, customerName: s.customer?.name ?? 'the customer' }),
        ),
      );
    } else if (decision.action === 'undeliverable') {
      logger.error({ integrationId: s.integration.id, reason: decision.reason }, 'check-up finding not delivered');
    }
  }

  /** After a snooze ended: one reminder of the problems still open (nothing when all cleared). */
  async function remind(s: CheckSubject, checks: readonly HealthCheck[], snoozedUntil: number): Promise<boolean> {
    const open = openFindings(checks);
    const latest = latestRun(checks);
    const to = s.customer?.csmUserId ?? deps.fallbackChannelId;
    if (open.length === 0 || !latest || !to) return false;
    if (!(await repos.counters.claim(`checkup-remind:${s.integration.id}:${snoozedUntil}`, FOREVER_MS))) return false;
    const zone = await timeZoneOf(s.customer?.csmUserId ?? null);
    await slack.post(to, message(s, latest, open, zone));
    return true;
  }

  return { afterCheck, remind };
}
export type CheckNotifier = ReturnType<typeof createCheckNotifier>;
