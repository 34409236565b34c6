import { buildAlertResolvedReply } from '../../../views/alert-message.js';
import type { EmailState, IncidentRecord } from '../../db/incidents.js';
import type { MonitoredIntegration, OutboxItem } from '../../db/integrations.js';
import {
  decideIncidentAction,
  dedupKey,
  type IncidentAction,
  planIncidentChange,
} from '../../domain/detection/incident.js';
import { nextWindowEnd } from '../../domain/detection/maintenance.js';
import { resolvePolicy } from '../../domain/detection/policy.js';
import { healthScoreDelta, integrationCriticality, planTask } from '../../domain/detection/severity.js';
import { type AlertContext, type CustomerContext, fixEmailKey } from './context.js';
import type { AlertDelivery } from './deliver.js';
import type { AlertRenderer } from './view-model.js';

/**
 * A committed detector transition → its incident (create, update, reopen, resolve) and what follows from
 * that step: the task, the health penalty, the fix-instructions email, the resolved/reopened thread reply.
 *
 * Every step is idempotent on stored state: an incident records the transitions applied to it, the email
 * is an outreach record with a unique key, the health penalty moves by compare-and-set. Retried jobs and
 * several workers therefore never double an effect.
 */

export type AppliedAction = IncidentAction | 'already';

export function createTransitionApplier(ctx: AlertContext, renderer: AlertRenderer, delivery: AlertDelivery) {
  const { repos, config, now, customerContext, recipientOf } = ctx;
  const deps = ctx;
  const { render } = renderer;
  const { threadReply } = delivery;

  async function maintenanceEnd(
    customerId: string,
    integration: MonitoredIntegration,
    at: number,
  ): Promise<Date | null> {
    const windows = await repos.maintenance.forCustomer(customerId);
    if (windows.length === 0) return null;
    const end = nextWindowEnd(
      windows,
      { customerId, integrationKey: `id:${integration.id}`, integrationType: integration.type },
      at,
    );
    return end === null ? null : new Date(end);
  }

  /**
   * The customer's score first (keyed, so a replay never moves it twice), then the incident's record of it:
   * a crash between the two is finished by the replay, which computes the same key.
   */
  async function applyHealth(
    inc: IncidentRecord,
    integration: MonitoredIntegration,
    kind: 'open' | 'update' | 'resolve',
  ) {
    const criticality = integrationCriticality(integration.type, integration.critical);
    const status = kind === 'resolve' ? 'healthy' : inc.healthStatus;
    const delta = healthScoreDelta(criticality, status, kind, inc.healthPenalty);
    if (delta === 0) return;
    const to = inc.healthPenalty + delta;
    const reason =
      delta < 0
        ? `${inc.integrationLabel} disconnected (critical integration): ${delta} points`
        : `${inc.integrationLabel} reconnected: +${delta} points restored`;
    const key = `incident:${inc.id}#${inc.reopenCount}:${inc.healthPenalty}->${to}`;
    await repos.customers.adjustHealth(inc.customerId, delta, new Date(now()), reason, key);
    await repos.incidents.swapHealthPenalty(inc.id, inc.healthPenalty, to);
  }

  async function startEmail(inc: IncidentRecord, customer: CustomerContext | null): Promise<void> {
    const contact = customer?.contact ?? null;
    let state: EmailState;
    if (config.emailMode === 'off') state = 'disabled';
    else if (!contact) state = 'no_contact';
    else {
      const { record } = await repos.outreach.createOnce({
        key: fixEmailKey(inc.id),
        kind: 'fix_instructions',
        signalId: inc.id,
        customerId: inc.customerId,
        to: contact.email,
        status: config.emailMode === 'approval' ? 'awaiting_approval' : 'pending',
      });
      // A replayed step finds the record it made: a finished email keeps its outcome on the incident.
      if (record.status === 'sent' || record.status === 'failed') return;
      state = record.status === 'awaiting_approval' ? 'awaiting_approval' : 'pending';
      if (record.status === 'pending') await deps.scheduleEmail(record.key);
    }
    await repos.incidents.setEmail(inc.id, { state, to: contact?.email ?? null, at: null, error: null });
  }

  async function afterChange(
    inc: IncidentRecord,
    action: IncidentAction,
    integration: MonitoredIntegration,
    customer: CustomerContext | null,
  ): Promise<void> {
    const taskKey = `incident:${inc.id}`;
    if (action === 'resolve') {
      await applyHealth(inc, integration, 'resolve');
      await repos.tasks.close(taskKey, 'integration healthy again', new Date(now()));
      if (inc.delivered) {
        const recipient = recipientOf(inc) ?? 'UTC';
        const { view, timeZone } = await render(inc, recipient);
        await threadReply(
          inc,
          `resolved:${inc.id}:${inc.resolvedAt?.getTime()}`,
          buildAlertResolvedReply(view, { now: now(), timeZone }),
        );
      }
      return;
    }
    await applyHealth(inc, integration, action === 'update' ? 'update' : 'open');
    if (action === 'create' || action === 'reopen') {
      const plan = planTask(inc.integrationLabel, customer?.name ?? 'customer', inc.severity, inc.openedAt.getTime());
      await repos.tasks.ensureOpen({
        key: taskKey,
        kind: 'integration_disconnected',
        title: plan.title,
        priority: plan.priority,
        dueAt: new Date(plan.dueAt),
        customerId: inc.customerId,
        csmUserId: inc.csmUserId,
        signalId: inc.id,
      });
    }
    if (action === 'create') await startEmail(inc, customer);
    if (action === 'reopen' && inc.delivered) {
      await threadReply(inc, `reopened:${inc.id}:${inc.reopenCount}`, {
        text: `:rotating_light: ${inc.integrationLabel} failed again within 24 h of being resolved: ${inc.reason}`,
      });
    }
  }

  /**
   * Applies one committed transition to its incident and the effects that belong to that step. Returns the
   * incident touched, or null when the transition changes nothing.
   */
  async function applyTransition(
    integration: MonitoredIntegration,
    item: OutboxItem,
  ): Promise<{ incidentId: string; action: AppliedAction } | null> {
    const t = item.transition;
    const customer = await customerContext(integration.customerId);
    const key = dedupKey(integration.customerId, `id:${integration.id}`, t.family);
    const policy = resolvePolicy(integration.type);
    for (let attempt = 0; attempt < 4; attempt++) {
      const existing = await repos.incidents.latest(key);
      if (existing && (await repos.incidents.wasApplied(key, item.id))) {
        // A replay: the incident write happened, but the step may have stopped before its follow-up
        // (crash, failed write). Finish it when this was the incident's last step; each effect is keyed.
        const last = existing.lastApplied;
        if (last?.transitionId === item.id) await afterChange(existing, last.action, integration, customer);
        return { incidentId: existing.id, action: 'already' };
      }
      const action = decideIncidentAction(
        existing ? { status: existing.status, resolvedAt: existing.resolvedAt?.getTime() ?? null } : null,
        t,
        t.at,
        policy,
      );
      if (action === 'ignore') return null;
      const inc =
        action === 'resolve'
          ? existing && (await repos.incidents.resolve(existing.id, item.id, new Date(t.at), t.reason))
          : await write(action, existing, key, integration, item, customer);
      if (!inc) continue;
      await afterChange(inc, action, integration, customer);
      return { incidentId: inc.id, action };
    }
    throw new Error(`incident ${key} kept changing under concurrent updates`);
  }

  /** Creates, updates or reopens the incident; null when a concurrent writer changed it first (retry). */
  async function write(
    action: 'create' | 'update' | 'reopen',
    existing: IncidentRecord | null,
    key: string,
    integration: MonitoredIntegration,
    item: OutboxItem,
    customer: CustomerContext | null,
  ): Promise<IncidentRecord | null> {
    const t = item.transition;
    const change = planIncidentChange(action, existing, t, {
      integrationName: integration.name,
      customerName: customer?.name ?? null,
      arrUsd: customer?.arrUsd ?? null,
      criticality: integrationCriticality(integration.type, integration.critical),
      errorMessage: item.errorMessage,
    });
    if (action === 'update' && existing) return repos.incidents.update(existing.id, item.id, change);
    if (action === 'reopen' && existing) return repos.incidents.reopen(existing.id, item.id, change);
    if (action !== 'create') return null;
    return repos.incidents.create(
      {
        dedupKey: key,
        family: t.family,
        customerId: integration.customerId,
        integrationId: integration.id,
        integrationType: integration.type,
        integrationLabel: integration.name,
        csmUserId: customer?.csmUserId ?? null,
        severity: change.severity,
        title: change.title,
        at: change.at,
        failureClass: t.failureClass,
        healthStatus: change.healthStatus,
        reason: t.reason,
        errorCode: t.errorCode,
        errorMessage: item.errorMessage,
        endpoints: change.endpoints,
        email: { state: 'pending', to: customer?.contact?.email ?? null, at: null, error: null },
        deferredUntil: await maintenanceEnd(integration.customerId, integration, t.at),
      },
      item.id,
    );
  }

  return { applyTransition };
}
