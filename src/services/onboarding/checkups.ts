import type { Repos } from '../../db/index.js';
import type { Catalog } from '../../domain/onboarding/catalog.js';
import { classifyIntegration } from '../../domain/onboarding/classify.js';
import { evaluateCheck } from '../../domain/onboarding/evaluate.js';
import { planCheckups } from '../../domain/onboarding/plan.js';
import { chooseOutreach, latestRun, openFindings } from '../../domain/onboarding/status.js';
import type { CheckStage, HealthCheck, OutreachKind } from '../../domain/onboarding/types.js';
import type { Logger } from '../../logger.js';
import { gatherEvidence } from './evidence.js';
import type { CheckNotifier, CheckSubject } from './notify.js';
import type { CheckupOutreach } from './outreach.js';
import { catalogTypeOf } from './records.js';

/**
 * Integration added → progressive check-ups. `start` plans the integration's checks from its catalog entry
 * (connection at once, sync day 1, usage day 7, value day 30, per type) and schedules each as an Agenda job;
 * `run` judges one stage on the evidence (events since it connected, the latest scored report, the usage
 * snapshot), tells the CSM about problems and drafts the customer email the result calls for; `sweep` gives
 * every integration without a plan one (imported, created before this feature, lost jobs), runs checks
 * that are due but were not run, and reminds CSMs whose snooze ended. Every step is idempotent on stored
 * state: the plan is one document per stage with a derived `_id`, a run is claimed before it runs, a DM is
 * claimed per problem and an email is one document per integration and kind.
 */

/** How long a claimed run may take before another worker may take it over. */
const RUN_LEASE_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

export interface CheckupDeps {
  repos: Repos;
  catalog: Catalog;
  notifier: CheckNotifier;
  outreach: CheckupOutreach;
  /** Schedules the `checkup.run` job of one stage at `at` (one job document per integration and stage). */
  schedule(integrationId: string, stage: CheckStage, at: Date): Promise<void>;
  logger: Logger;
  now: () => number;
}

export class CheckupError extends Error {
  override readonly name = 'CheckupError';
  constructor(
    readonly code: 'integration.not_found' | 'health_check.not_planned' | 'outreach.nothing_to_send',
    message: string,
  ) {
    super(message);
  }
}

export function createCheckups(deps: CheckupDeps) {
  const { repos, catalog, logger, now } = deps;

  async function subjectOf(integrationId: string): Promise<CheckSubject | null> {
    const integration = await repos.integrations.summaryOf(integrationId);
    if (!integration) return null;
    const customer = await repos.customers.findById(integration.customerId);
    const { entry } = classifyIntegration(catalogTypeOf(integration), integration.name, catalog);
    const connectedAt = (integration.connectedAt ?? integration.createdAt)?.getTime() ?? now();
    return { integration, customer, entry, connectedAt };
  }

  async function mustSubject(integrationId: string): Promise<CheckSubject> {
    const s = await subjectOf(integrationId);
    if (!s) throw new CheckupError('integration.not_found', `No integration with id "${integrationId}".`);
    return s;
  }

  /**
   * Plans and schedules the integration's check-ups; returns how many stages were newly planned. An
   * integration older than its whole plan (found by the coverage sweep long after it connected) gets its
   * cycle from now, so switching the feature on checks the portfolio in step instead of all at once.
   */
  async function start(integrationId: string): Promise<number> {
    const s = await subjectOf(integrationId);
    if (!s) return 0;
    const span = Math.max(...Object.values(s.entry.stages).map((st) => (st.enabled ? st.offsetHours : 0))) * 3_600_000;
    const plan = planCheckups(s.connectedAt + span < now() ? now() : s.connectedAt, s.entry);
    const added = await repos.healthChecks.plan(integrationId, s.integration.customerId, plan);
    if (added > 0) {
      for (const c of plan) await deps.schedule(integrationId, c.stage, new Date(c.scheduledFor));
      logger.info({ integrationId, stages: plan.map((c) => c.stage) }, 'check-ups planned');
    }
    return added;
  }

  /** Runs one stage's check now (once: a run already done or running elsewhere is skipped unless forced). */
  async function run(integrationId: string, stage: CheckStage, opts: { force?: boolean } = {}) {
    const planned = await repos.healthChecks.find(integrationId, stage);
    const s = await subjectOf(integrationId);
    if (!planned || !s) return null;
    if (planned.completedAt !== null && !opts.force) return planned;
    const claim = `checkup:${planned.id}:${opts.force ? now() : 'scheduled'}`;
    if (!(await repos.counters.claim(claim, RUN_LEASE_MS))) return planned;
    const evidence = await gatherEvidence(repos, s.integration, s.connectedAt);
    const outcome = evaluateCheck(stage, evidence, s.entry, now());
    const check: HealthCheck = { ...planned, ...outcome, completedAt: now() };
    await repos.healthChecks.complete(planned.id, check);
    logger.info({ integrationId, stage, result: check.result }, 'check-up ran');
    const checks = (await repos.healthChecks.forIntegration(integrationId)).map((c) =>
      c.id === planned.id ? { ...c, ...check } : c,
    );
    await deps.notifier.afterCheck(s, check, checks);
    await proposeAfter(s, checks, stage);
    return { ...planned, ...check };
  }

  /** The customer email this stage's result calls for, drafted once per kind. */
  async function proposeAfter(s: CheckSubject, checks: HealthCheck[], stage: CheckStage) {
    const sent = (await repos.checkupOutreach.forIntegrations([s.integration.id])).map((o) => o.kind);
    const kind = chooseOutreach(checks, stage, sent);
    if (!kind) return;
    const current = checks.find((c) => c.stage === stage);
    const findings = current?.findings ?? [];
    const day = Math.round(((current?.scheduledFor ?? now()) - s.connectedAt) / DAY_MS);
    const reason = findings.length > 0 ? `Day ${day}: ${findings[0].message}` : `Day ${day}: healthy and in use`;
    await deps.outreach
      .propose(s, kind, { reason, findings, checkDay: day })
      .catch((err) => logger.error({ err, integrationId: s.integration.id, kind }, 'outreach not drafted'));
  }

  /**
   * A CSM or the API asks for an email: the given kind, else the one the checks call for now, else
   * setup assistance while problems are open and best practices otherwise (never a kind already sent).
   */
  async function draftOutreach(integrationId: string, o: { kind?: OutreachKind; send?: boolean } = {}) {
    const s = await mustSubject(integrationId);
    const checks = await repos.healthChecks.forIntegration(integrationId);
    const latest = latestRun(checks);
    const existing = (await repos.checkupOutreach.forIntegrations([integrationId])).map((x) => x.kind);
    const open = openFindings(checks);
    const kind: OutreachKind | null =
      o.kind ??
      (latest ? chooseOutreach(checks, latest.stage, existing) : null) ??
      (open.length > 0 ? 'setup_assistance' : existing.includes('best_practices') ? null : 'best_practices');
    if (!kind)
      throw new CheckupError(
        'outreach.nothing_to_send',
        'Every email that fits was already drafted for this integration.',
      );
    const day = Math.max(0, Math.round((now() - s.connectedAt) / DAY_MS));
    const reason = open.length > 0 ? `Day ${day}: ${open[0].message}` : `Day ${day}: asked for by the CSM`;
    const made = await deps.outreach.propose(s, kind, {
      reason,
      findings: open,
      checkDay: day,
      send: o.send,
      requested: true,
    });
    return made as NonNullable<typeof made>;
  }

  /** Run check again: the given stage, else the latest one that ran (the connection check before any). */
  async function runAgain(integrationId: string, stage?: CheckStage) {
    await mustSubject(integrationId);
    await start(integrationId);
    const checks = await repos.healthChecks.forIntegration(integrationId);
    if (stage && !checks.some((c) => c.stage === stage))
      throw new CheckupError('health_check.not_planned', `This integration's type has no ${stage} check.`);
    const which = stage ?? latestRun(checks)?.stage ?? 'connection';
    return run(integrationId, which, { force: true });
  }

  async function snooze(integrationId: string, ms: number, by: string): Promise<Date> {
    const s = await mustSubject(integrationId);
    const until = new Date(now() + ms);
    await repos.onboarding.snooze(integrationId, s.integration.customerId, until, by);
    return until;
  }

  /** Plans every integration that has none, runs the checks that are due and not yet run, sends reminders. */
  async function sweep(): Promise<{ planned: number; ran: number; reminded: number }> {
    const ids = await repos.integrations.allIds();
    const withPlan = await repos.healthChecks.planned(ids);
    let planned = 0;
    for (const id of ids) if (!withPlan.has(id)) planned += (await start(id)) > 0 ? 1 : 0;
    let ran = 0;
    for (const due of await repos.healthChecks.due(new Date(now()))) {
      if (await run(due.integrationId, due.stage as CheckStage)) ran += 1;
    }
    let reminded = 0;
    for (const snoozed of await repos.onboarding.snoozeEnded(new Date(now()))) {
      const s = await subjectOf(snoozed.integrationId);
      await repos.onboarding.clearSnooze(snoozed.integrationId);
      if (
        s &&
        (await deps.notifier.remind(
          s,
          await repos.healthChecks.forIntegration(s.integration.id),
          snoozed.snoozedUntil as number,
        ))
      )
        reminded += 1;
    }
    return { planned, ran, reminded };
  }

  return {
    start,
    run,
    runAgain,
    draftOutreach,
    snooze,
    sweep,
    checksOf: (integrationId: string) => repos.healthChecks.forIntegration(integrationId),
  };
}
export type Checkups = ReturnType<typeof createCheckups>;
