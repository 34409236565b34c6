import { buildCheckupAlert, buildCheckupHealthyNote } from '../../../views/checkup-message.js';
import type { Repos } from '../../db/index.js';
import type { Catalog } from '../../domain/onboarding/catalog.js';
import { classifyIntegration } from '../../domain/onboarding/classify.js';
import { evaluateCheck } from '../../domain/onboarding/evaluate.js';
import { foldEventEvidence } from '../../domain/onboarding/evidence.js';
import { planCheckups } from '../../domain/onboarding/plan.js';
import { type CheckNotification, decideCheckNotification } from '../../domain/onboarding/status.js';
import type { CheckStage, HealthCheck } from '../../domain/onboarding/types.js';
import type { Logger } from '../../logger.js';
import type { SlackGateway } from '../../slack/gateway.js';

/**
 * Integration added → progressive check-ups. `start` plans the integration's checks from its catalog entry
 * (connection at once, sync day 1, usage day 7, value day 30, per type) and schedules each as an Agenda job;
 * `run` judges one stage on the events since the integration connected and tells the CSM about problems;
 * `sweep` gives every integration without a plan one (imported, created before this feature, lost jobs)
 * and runs checks that are due but were not run. Every step is idempotent on stored state: the plan is one
 * document per stage with a derived `_id`, a run is claimed before it runs, a DM is claimed per finding kind.
 */

const FOREVER_MS = 100 * 365 * 86_400_000;
/** How long a claimed run may take before another worker may take it over. */
const RUN_LEASE_MS = 5 * 60_000;

export interface CheckupDeps {
  repos: Repos;
  slack: SlackGateway;
  catalog: Catalog;
  /** Schedules the `checkup.run` job of one stage at `at` (one job document per integration and stage). */
  schedule(integrationId: string, stage: CheckStage, at: Date): Promise<void>;
  fallbackChannelId: string | null;
  logger: Logger;
  now?: () => number;
}

export function createCheckups(deps: CheckupDeps) {
  const { repos, slack, catalog, logger } = deps;
  const now = deps.now ?? Date.now;

  async function subjectOf(integrationId: string) {
    const integration = await repos.integrations.findMonitored(integrationId);
    if (!integration) return null;
    const customer = await repos.customers.findById(integration.customerId);
    const { entry } = classifyIntegration(integration.declaredType ?? integration.type, integration.name, catalog);
    return { integration, customer, entry, connectedAt: integration.connectedAt?.getTime() ?? null };
  }

  /** Plans and schedules the integration's check-ups; returns how many stages were newly planned. */
  async function start(integrationId: string): Promise<number> {
    const s = await subjectOf(integrationId);
    if (!s) return 0;
    const plan = planCheckups(s.connectedAt ?? now(), s.entry);
    const added = await repos.healthChecks.plan(integrationId, s.integration.customerId, plan);
    if (added > 0) {
      for (const c of plan) await deps.schedule(integrationId, c.stage, new Date(c.scheduledFor));
      logger.info({ integrationId, stages: plan.map((c) => c.stage) }, 'check-ups planned');
    }
    return added;
  }

  /** Runs one stage's check now (once: a run already done or running elsewhere is skipped). */
  async function run(integrationId: string, stage: CheckStage, opts: { force?: boolean } = {}) {
    const planned = await repos.healthChecks.find(integrationId, stage);
    const s = await subjectOf(integrationId);
    if (!planned || !s) return null;
    if (planned.completedAt !== null && !opts.force) return planned;
    const claim = `checkup:${planned.id}:${opts.force ? now() : 'scheduled'}`;
    if (!(await repos.counters.claim(claim, RUN_LEASE_MS))) return planned;
    const since = s.connectedAt ?? planned.scheduledFor;
    const events = await repos.events.since(integrationId, new Date(since));
    const evidence = {
      events: foldEventEvidence(
        events.map((e) => ({
          type: e.event.type,
          occurredAt: e.event.occurredAt,
          count: e.event.count,
          failed: e.event.failed,
        })),
        since,
      ),
      report: null,
      usage: null,
    };
    const outcome = evaluateCheck(stage, evidence, s.entry, now());
    const check: HealthCheck = { ...planned, ...outcome, completedAt: now() };
    await repos.healthChecks.complete(planned.id, check);
    logger.info({ integrationId, stage, result: check.result }, 'check-up ran');
    await notify(s, check);
    return { ...planned, ...check };
  }

  async function notify(s: NonNullable<Awaited<ReturnType<typeof subjectOf>>>, check: HealthCheck) {
    const incident = (await repos.incidents.openForIntegration(s.integration.id)).find((i) => i.slackMessage);
    const decision: CheckNotification = decideCheckNotification({
      integrationId: s.integration.id,
      check,
      alreadyNotified: [],
      openIncident: incident?.slackMessage
        ? { signalId: incident.id, channelId: incident.slackMessage.channel, threadTs: incident.slackMessage.ts }
        : null,
      csmSlackUserId: s.customer?.csmUserId ?? null,
      fallbackChannelId: deps.fallbackChannelId,
    });
    const names = { customerName: s.customer?.name ?? 'the customer', integrationName: s.integration.name };
    const channelOf = (r: { kind: 'csm'; slackUserId: string } | { kind: 'channel'; channelId: string }) =>
      r.kind === 'csm' ? r.slackUserId : r.channelId;
    if (decision.action === 'alerts') {
      for (const a of decision.alerts) {
        if (!(await repos.counters.claim(`checkup-dm:${a.dedupKey}`, FOREVER_MS))) continue;
        await slack.post(
          channelOf(decision.recipient),
          buildCheckupAlert({ ...names, stage: check.stage, finding: a.finding, steps: [] }),
        );
      }
    } else if (decision.action === 'thread_reply') {
      for (const f of decision.findings) {
        if (!(await repos.counters.claim(`checkup-thread:${s.integration.id}:${f.kind}`, FOREVER_MS))) continue;
        const m = buildCheckupAlert({ ...names, stage: check.stage, finding: f, steps: [] });
        await slack.post(decision.channelId, m, { threadTs: decision.threadTs });
      }
    } else if (decision.action === 'healthy_note') {
      if (await repos.counters.claim(`checkup-dm:${decision.dedupKey}`, FOREVER_MS))
        await slack.post(channelOf(decision.recipient), buildCheckupHealthyNote(names));
    } else if (decision.action === 'undeliverable') {
      logger.error({ integrationId: s.integration.id, reason: decision.reason }, 'check-up finding not delivered');
    }
  }

  /** Plans every integration that has none, then runs the checks that are due and not yet run. */
  async function sweep(): Promise<{ planned: number; ran: number }> {
    const ids = await repos.integrations.allIds();
    const withPlan = await repos.healthChecks.planned(ids);
    let planned = 0;
    for (const id of ids) if (!withPlan.has(id)) planned += (await start(id)) > 0 ? 1 : 0;
    let ran = 0;
    for (const due of await repos.healthChecks.due(new Date(now()))) {
      if (await run(due.integrationId, due.stage as CheckStage)) ran += 1;
    }
    return { planned, ran };
  }

  return { start, run, sweep, checksOf: (integrationId: string) => repos.healthChecks.forIntegration(integrationId) };
}
export type Checkups = ReturnType<typeof createCheckups>;
