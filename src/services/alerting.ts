import type { App } from '@slack/bolt';
import {
  type AlertView,
  buildAlertMessage,
  buildAlertResolvedReply,
  buildTaskReminder,
  buildUpstreamAlert,
} from '../../views/alert-message.js';
import { buildDigestMessage } from '../../views/digest-message.js';
import type { IntegrationStatusView } from '../../views/integration-status-modal.js';
import type { AlertConfig } from '../config.js';
import type { EmailState, IncidentRecord } from '../db/incidents.js';
import type { Repos } from '../db/index.js';
import type { MonitoredIntegration, OutboxItem } from '../db/integrations.js';
import { buildCsmDigest, nextDigestAt } from '../domain/detection/digest.js';
import { computeIntegrationHistory, type IntegrationHistory } from '../domain/detection/history.js';
import { describeImpact, troubleshootingSteps } from '../domain/detection/impact.js';
import { decideIncidentAction, dedupKey, type IncidentAction } from '../domain/detection/incident.js';
import { nextWindowEnd } from '../domain/detection/maintenance.js';
import { DAY_MS, MINUTE_MS, resolvePolicy } from '../domain/detection/policy.js';
import { healthScoreDelta, integrationCriticality, planTask, severityFor } from '../domain/detection/severity.js';
import { compareStatus, type FailureStatus } from '../domain/detection/types.js';
import { toZonedParts } from '../domain/detection/zoned-time.js';
import { integrationTypeInfo } from '../domain/records.js';
import type { Logger } from '../logger.js';
import { createKeyedLock } from '../util/keyed-lock.js';
import { type AlertTemplates, templateModel } from './alert-templates.js';

/**
 * Integration-disconnect alerting: turns committed detector transitions into risk-signal incidents and
 * everything that follows from them — the CSM's DM (or an upstream-outage alert), the task, the health
 * penalty, the fix-instructions email, thread replies on resolve — and keeps the Slack message in step.
 *
 * Every step is idempotent on stored state: an incident records the transitions applied to it, the DM is
 * claimed before it is posted, the email is an outreach record with a unique key, the health penalty moves
 * by compare-and-set. Retried jobs and several workers therefore never double an effect.
 */

export interface AlertingDeps {
  repos: Repos;
  client: App['client'];
  config: AlertConfig;
  /** Troubleshooting steps per integration type (templates/steps/). */
  templates: AlertTemplates;
  /** Queues the fix-instructions email of `outreachKey` (an Agenda job with retries). */
  scheduleEmail(outreachKey: string): Promise<void>;
  logger: Logger;
  now?: () => number;
}

export interface CustomerContext {
  id: string;
  name: string;
  externalId: string | null;
  arrUsd: number | null;
  csmUserId: string | null;
  contact: { name: string | null; email: string; role: string | null } | null;
}

export type AppliedAction = IncidentAction | 'already';

const OUTAGE_WINDOW_MS = 15 * MINUTE_MS;
const TZ_CACHE_MS = 6 * 3_600_000;
const refreshLock = createKeyedLock();

export function fixEmailKey(incidentId: string): string {
  return `fix-email:${incidentId}`;
}

export function createAlerting(deps: AlertingDeps) {
  const { repos, client, config, logger } = deps;
  const now = deps.now ?? Date.now;
  const zones = new Map<string, { zone: string; at: number }>();

  async function customerContext(customerId: string): Promise<CustomerContext | null> {
    const d = await repos.customers.findById(customerId);
    if (!d) return null;
    const contacts = d.technicalContacts.filter((c) => c.email);
    const primary = contacts.find((c) => /primary/i.test(c.level ?? '')) ?? contacts[0];
    return {
      id: d.id,
      name: d.name,
      externalId: d.externalId,
      arrUsd: d.arrUsd,
      csmUserId: d.csmUserId,
      contact: primary ? { name: primary.name, email: primary.email as string, role: primary.role } : null,
    };
  }

  /** The recipient's IANA zone from Slack (cached); UTC for channels and unknown users. */
  async function timeZoneOf(recipient: string): Promise<string> {
    if (!/^[UW]/.test(recipient)) return 'UTC';
    const cached = zones.get(recipient);
    if (cached && now() - cached.at < TZ_CACHE_MS) return cached.zone;
    let zone = 'UTC';
    try {
      zone = (await client.users.info({ user: recipient })).user?.tz ?? 'UTC';
    } catch (err) {
      logger.warn({ err, user: recipient }, 'could not read the CSM time zone; using UTC');
    }
    zones.set(recipient, { zone, at: now() });
    return zone;
  }

  const recipientOf = (i: { csmUserId: string | null }) => i.csmUserId ?? config.fallbackChannelId;

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

  async function history(inc: Pick<IncidentRecord, 'integrationId' | 'integrationType'>, connectedAt: Date | null) {
    const t = now();
    const spans = (await repos.incidents.forIntegrationSince(inc.integrationId, new Date(t - 90 * DAY_MS))).map(
      (s) => ({
        openedAt: s.firstSeen.getTime(),
        resolvedAt: s.resolvedAt?.getTime() ?? null,
        worstStatus: s.worstStatus,
      }),
    );
    return computeIntegrationHistory(spans, t, resolvePolicy(inc.integrationType), connectedAt?.getTime());
  }

  /** The CSM's troubleshooting steps from templates/steps/<type>.hbs (the domain's list if rendering fails). */
  function steps(inc: IncidentRecord, customer: CustomerContext | null): string[] {
    try {
      const model = templateModel(
        inc,
        customer ?? { id: inc.customerId, name: 'the customer', externalId: null, contact: null },
        config.reconnectUrlPattern,
        inc.openedAt.toISOString(),
      );
      return deps.templates.renderSteps(model).map((line) => line.replace(/^•\s*/, ''));
    } catch (err) {
      logger.warn({ err, incident: inc.id }, 'troubleshooting steps template failed; using the built-in list');
      return troubleshootingSteps(inc.integrationType, inc.failureClass);
    }
  }

  async function alertView(inc: IncidentRecord, customer: CustomerContext | null): Promise<AlertView> {
    const [task, integration] = await Promise.all([
      repos.tasks.findByKey(`incident:${inc.id}`),
      repos.integrations.findMonitored(inc.integrationId),
    ]);
    const h: IntegrationHistory = await history(inc, integration?.connectedAt ?? null);
    const status: FailureStatus = inc.healthStatus === 'healthy' ? inc.worstStatus : inc.healthStatus;
    return {
      signalId: inc.id,
      customer: {
        id: inc.customerId,
        name: customer?.name ?? 'Unknown customer',
        arrUsd: customer?.arrUsd ?? null,
        technicalContact: customer?.contact ?? null,
      },
      integration: {
        label: inc.integrationLabel,
        type: inc.integrationType,
        ...(integration?.declaredType ? { declaredType: integration.declaredType } : {}),
      },
      status: inc.status === 'resolved' ? 'healthy' : inc.healthStatus,
      lifecycle: inc.status,
      severity: inc.severity,
      criticality: integrationCriticality(inc.integrationType, integration?.critical ?? null),
      failureClass: inc.failureClass,
      reason: inc.reason,
      errorCode: inc.errorCode,
      errorMessage: inc.errorMessage,
      endpoints: inc.endpoints,
      openedAt: inc.openedAt.getTime(),
      lastSeenAt: inc.lastSeen.getTime(),
      occurrences: inc.occurrences,
      resolvedAt: inc.resolvedAt?.getTime() ?? null,
      reopened: inc.reopenCount > 0,
      acknowledgedBy: inc.acknowledgedBy,
      snoozedUntil: inc.snoozedUntil?.getTime() ?? null,
      impact: describeImpact(inc.integrationType, inc.failureClass, status, inc.endpoints),
      steps: steps(inc, customer),
      history: {
        disconnects30d: h.disconnects30d,
        chronic: h.chronic,
        uptime30d: h.uptime30d,
        mttrMs: h.meanTimeToResolveMs,
      },
      email: { state: inc.email.state, to: inc.email.to, at: inc.email.at?.getTime() ?? null, error: inc.email.error },
      task: task
        ? {
            title: task.title,
            dueAt: task.dueAt.getTime(),
            priority: task.priority,
            overdue: task.status === 'open' && task.dueAt.getTime() < now(),
            done: task.status === 'done',
          }
        : null,
      inMaintenance: false,
    };
  }

  async function render(inc: IncidentRecord, recipient: string) {
    const [customer, timeZone] = await Promise.all([customerContext(inc.customerId), timeZoneOf(recipient)]);
    const view = await alertView(inc, customer);
    return { view, timeZone, message: buildAlertMessage(view, { now: now(), timeZone }) };
  }

  /** Posts the first alert: a DM (or fallback channel post), or a line in the recipient's upstream alert. */
  async function deliver(inc: IncidentRecord): Promise<void> {
    const recipient = recipientOf(inc);
    if (!recipient) {
      logger.error(
        { incident: inc.id, customer: inc.customerId },
        'integration alert has no recipient: the customer has no CSM and ALERT_FALLBACK_CHANNEL_ID is unset',
      );
      await repos.incidents.markDelivered(inc.id, null);
      return;
    }
    if (!(await repos.counters.claim(`deliver:${inc.id}`, 60_000))) return;
    try {
      const since = new Date(now() - OUTAGE_WINDOW_MS);
      const sameType = await repos.incidents.openOfTypeSince(inc.integrationType, since);
      const customers = new Set(sameType.map((s) => s.customerId));
      if (customers.size >= config.outageMinCustomers) {
        const { alert } = await repos.upstreamAlerts.addIncident(
          recipient,
          inc.integrationType,
          inc.id,
          new Date(now()),
        );
        await repos.incidents.markDelivered(inc.id, alert.key);
        await refreshUpstream(alert.key);
        logger.info(
          { incident: inc.id, upstream: alert.key, customers: customers.size },
          'alert folded into upstream alert',
        );
        return;
      }
      const { message } = await render(inc, recipient);
      const res = await client.chat.postMessage({ channel: recipient, text: message.text, blocks: message.blocks });
      if (!res.ts) throw new Error('chat.postMessage returned no ts');
      await repos.incidents.setSlackMessage(inc.id, { channel: String(res.channel ?? recipient), ts: res.ts });
      logger.info({ incident: inc.id, recipient, severity: inc.severity }, 'integration alert sent');
    } catch (err) {
      // Give the claim back so the recovery sweep (or the next event) can try again.
      await repos.counters.release(`deliver:${inc.id}`);
      throw err;
    }
  }

  async function refreshUpstream(key: string): Promise<void> {
    const alert = await repos.upstreamAlerts.findByKey(key);
    if (!alert) return;
    const incidents = (await Promise.all(alert.incidentIds.map((id) => repos.incidents.findById(id)))).filter(
      (i): i is IncidentRecord => i !== null,
    );
    if (incidents.length === 0) return;
    const firstAt = Math.min(...incidents.map((i) => i.openedAt.getTime()));
    const all = await repos.incidents.openOfTypeSince(alert.integrationType, new Date(firstAt - OUTAGE_WINDOW_MS));
    const contexts = new Map<string, CustomerContext | null>();
    for (const i of incidents) {
      if (!contexts.has(i.customerId)) contexts.set(i.customerId, await customerContext(i.customerId));
    }
    const type = incidents[0].integrationType;
    const message = buildUpstreamAlert(
      {
        integrationType: type,
        integrationLabel: integrationTypeInfo(type).displayName,
        totalCustomers: new Set([...all, ...incidents].map((i) => i.customerId)).size,
        firstAt,
        customers: incidents.map((i) => ({
          customerId: i.customerId,
          customerName: contexts.get(i.customerId)?.name ?? 'Unknown customer',
          signalId: i.id,
          severity: i.severity,
          arrUsd: contexts.get(i.customerId)?.arrUsd ?? null,
          status: i.status === 'resolved' ? 'healthy' : i.healthStatus,
        })),
      },
      { now: now(), timeZone: await timeZoneOf(alert.recipient) },
    );
    if (alert.slackMessage) {
      await client.chat.update({ channel: alert.slackMessage.channel, ts: alert.slackMessage.ts, ...message });
      return;
    }
    if (!(await repos.counters.claim(`upstream-post:${key}`, 60_000))) return;
    const res = await client.chat.postMessage({ channel: alert.recipient, ...message });
    if (res.ts)
      await repos.upstreamAlerts.setSlackMessage(key, { channel: String(res.channel ?? alert.recipient), ts: res.ts });
  }

  async function applyHealth(
    inc: IncidentRecord,
    integration: MonitoredIntegration,
    kind: 'open' | 'update' | 'resolve',
  ) {
    const criticality = integrationCriticality(integration.type, integration.critical);
    const status = kind === 'resolve' ? 'healthy' : inc.healthStatus;
    const delta = healthScoreDelta(criticality, status, kind, inc.healthPenalty);
    if (delta === 0) return;
    if (!(await repos.incidents.swapHealthPenalty(inc.id, inc.healthPenalty, inc.healthPenalty + delta))) return;
    const reason =
      delta < 0
        ? `${inc.integrationLabel} disconnected (critical integration): ${delta} points`
        : `${inc.integrationLabel} reconnected: +${delta} points restored`;
    await repos.customers.adjustHealth(inc.customerId, delta, new Date(now()), reason);
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
      state =
        record.status === 'awaiting_approval' ? 'awaiting_approval' : record.status === 'sent' ? 'sent' : 'pending';
      if (record.status === 'pending') await deps.scheduleEmail(record.key);
    }
    await repos.incidents.setEmail(inc.id, { state, to: contact?.email ?? null, at: null, error: null });
  }

  /** Posts a thread reply under the incident's message (or its upstream alert) once per `onceKey`. */
  async function threadReply(inc: IncidentRecord, onceKey: string, message: { text: string; blocks?: unknown[] }) {
    const thread =
      inc.slackMessage ??
      (inc.upstreamKey ? (await repos.upstreamAlerts.findByKey(inc.upstreamKey))?.slackMessage : null);
    if (!thread) return;
    if (!(await repos.counters.claim(onceKey, 100 * 365 * DAY_MS))) return;
    // biome-ignore lint/suspicious/noExplicitAny: blocks come from a typed view builder
    await client.chat.postMessage({ channel: thread.channel, thread_ts: thread.ts, ...(message as any) });
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

  return {
    customerContext,
    timeZoneOf,
    findIncident: (id: string) => repos.incidents.findById(id),

    /**
     * Applies one committed transition to its incident (create, update, reopen, resolve) and the effects
     * that belong to that step. Returns the incident touched, or null when the transition changes nothing.
     */
    async applyTransition(
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
          return { incidentId: existing.id, action: 'already' };
        }
        const action = decideIncidentAction(
          existing ? { status: existing.status, resolvedAt: existing.resolvedAt?.getTime() ?? null } : null,
          t,
          t.at,
          policy,
        );
        if (action === 'ignore') return null;
        const at = new Date(t.at);
        if (action === 'resolve' && existing) {
          const inc = await repos.incidents.resolve(existing.id, item.id, at, t.reason);
          if (!inc) continue;
          await afterChange(inc, action, integration, customer);
          return { incidentId: inc.id, action };
        }
        const status = t.status as FailureStatus;
        const severity = severityFor(
          integrationCriticality(integration.type, integration.critical),
          customer?.arrUsd,
          status,
        );
        const worst =
          existing && existing.status !== 'resolved' && compareStatus(existing.worstStatus, status) > 0
            ? existing.worstStatus
            : status;
        const change = {
          severity,
          title: `${integration.name} ${status} for ${customer?.name ?? 'customer'}`,
          at,
          occurrences:
            (action === 'reopen' ? (existing?.occurrences ?? 0) : (existing?.occurrenceBase ?? 0)) + t.occurrences,
          failureClass: t.failureClass,
          healthStatus: status,
          worstStatus: worst,
          reason: t.reason,
          errorCode: t.errorCode,
          errorMessage: item.errorMessage,
          endpoints: t.endpoints ?? [],
        };
        let inc: IncidentRecord | null = null;
        if (action === 'create') {
          inc = await repos.incidents.create(
            {
              dedupKey: key,
              family: t.family,
              customerId: integration.customerId,
              integrationId: integration.id,
              integrationType: integration.type,
              integrationLabel: integration.name,
              csmUserId: customer?.csmUserId ?? null,
              severity,
              title: change.title,
              at,
              failureClass: t.failureClass,
              healthStatus: status,
              reason: t.reason,
              errorCode: t.errorCode,
              errorMessage: item.errorMessage,
              endpoints: change.endpoints,
              email: { state: 'pending', to: customer?.contact?.email ?? null, at: null, error: null },
              deferredUntil: await maintenanceEnd(integration.customerId, integration, t.at),
            },
            item.id,
          );
        } else if (existing && action === 'update') {
          inc = await repos.incidents.update(existing.id, item.id, change);
        } else if (existing && action === 'reopen') {
          inc = await repos.incidents.reopen(existing.id, item.id, change);
        }
        if (!inc) continue;
        await afterChange(inc, action, integration, customer);
        return { incidentId: inc.id, action };
      }
      throw new Error(`incident ${key} kept changing under concurrent updates`);
    },

    /**
     * Brings Slack in line with the stored incident: posts the first alert once it is deliverable (not held
     * by maintenance), otherwise edits the existing message (or the upstream alert it is folded into).
     */
    refresh(incidentId: string): Promise<void> {
      // One at a time per incident: a refresh that arrives while the first alert is being posted waits and
      // then edits it, instead of finding it undelivered, losing the delivery claim and doing nothing.
      return refreshLock(incidentId, async () => {
        const inc = await repos.incidents.findById(incidentId);
        if (!inc) return;
        if (!inc.delivered) {
          if (inc.status === 'resolved') return;
          if (inc.deferredUntil && inc.deferredUntil.getTime() > now()) return;
          await deliver(inc);
          return;
        }
        if (inc.slackMessage) {
          const { message } = await render(inc, recipientOf(inc) ?? 'UTC');
          await client.chat.update({ channel: inc.slackMessage.channel, ts: inc.slackMessage.ts, ...message });
        }
        if (inc.upstreamKey) await refreshUpstream(inc.upstreamKey);
      });
    },

    /** Acknowledge or snooze from the alert's buttons; the message is edited to show who and until when. */
    async setLifecycle(
      incidentId: string,
      status: 'acknowledged' | 'snoozed',
      by: string,
      snoozeMs = 0,
    ): Promise<IncidentRecord | null> {
      const until = status === 'snoozed' ? new Date(now() + snoozeMs) : null;
      const inc = await repos.incidents.setLifecycle(incidentId, status, by, until);
      if (inc) await this.refresh(inc.id);
      return inc;
    },

    /**
     * The CSM asks for the fix instructions: approves a held email or retries a failed one. Returns what
     * happened, for the ephemeral answer.
     */
    async requestFixEmail(
      incidentId: string,
      by: string,
    ): Promise<{
      outcome: 'queued' | 'already_sent' | 'in_progress' | 'no_contact' | 'disabled' | 'not_found';
      to?: string;
    }> {
      const inc = await repos.incidents.findById(incidentId);
      if (!inc) return { outcome: 'not_found' };
      if (config.emailMode === 'off') return { outcome: 'disabled' };
      const customer = await customerContext(inc.customerId);
      if (!customer?.contact) return { outcome: 'no_contact' };
      const key = fixEmailKey(inc.id);
      const { record } = await repos.outreach.createOnce({
        key,
        kind: 'fix_instructions',
        signalId: inc.id,
        customerId: inc.customerId,
        to: customer.contact.email,
        status: 'pending',
      });
      if (record.status === 'sent') return { outcome: 'already_sent', to: record.to };
      const approved = await repos.outreach.approve(key, by);
      if (approved || record.status === 'pending') {
        await repos.incidents.setEmail(inc.id, { state: 'pending', to: record.to, at: null, error: null });
        await deps.scheduleEmail(key);
        await this.refresh(inc.id);
        return { outcome: 'queued', to: record.to };
      }
      return { outcome: 'in_progress', to: record.to };
    },

    /** After the email job: record the outcome on the incident, edit the alert, and say so on failure. */
    async emailFinished(incidentId: string, result: { sent: true; at: Date } | { sent: false; error: string }) {
      const inc = await repos.incidents.findById(incidentId);
      if (!inc) return;
      await repos.incidents.setEmail(
        inc.id,
        result.sent
          ? { state: 'sent', to: inc.email.to, at: result.at, error: null }
          : { state: 'failed', to: inc.email.to, at: null, error: result.error },
      );
      if (!result.sent) {
        await threadReply(inc, `email-failed:${inc.id}:${inc.email.at?.getTime() ?? 0}:${result.error.slice(0, 40)}`, {
          text: `:warning: The fix instructions to ${inc.email.to ?? 'the technical contact'} could not be sent: ${result.error}. Press *Send Fix Instructions* to try again.`,
        });
      }
      await this.refresh(inc.id);
    },

    /** Incidents whose maintenance window ended, or whose first delivery failed: deliver them now. */
    async deliverPending(): Promise<number> {
      const due = await repos.incidents.deferralEnded(new Date(now()));
      for (const inc of due) {
        await repos.incidents.setDeferred(inc.id, null);
        await this.refresh(inc.id);
      }
      return due.length;
    },

    /** Overdue tasks get one reminder DM each (none while the incident is snoozed). */
    async remindOverdue(): Promise<number> {
      let sent = 0;
      for (const task of await repos.tasks.overdueWithoutReminder(new Date(now()))) {
        const inc = task.signalId ? await repos.incidents.findById(task.signalId) : null;
        if (!inc || inc.status === 'resolved') continue;
        if (inc.status === 'snoozed' && inc.snoozedUntil && inc.snoozedUntil.getTime() > now()) continue;
        const recipient = recipientOf(inc);
        if (!recipient || !(await repos.tasks.claimReminder(task.id, new Date(now())))) continue;
        const { view, timeZone } = await render(inc, recipient);
        await client.chat.postMessage({ channel: recipient, ...buildTaskReminder(view, { now: now(), timeZone }) });
        sent += 1;
      }
      return sent;
    },

    /** Snoozes that ran out become open again (and the message says so). */
    async wakeSnoozed(): Promise<void> {
      for (const id of await repos.incidents.snoozeEnded(new Date(now()))) {
        const inc = await repos.incidents.setLifecycle(id, 'open', null, null);
        if (inc) await this.refresh(inc.id);
      }
    },

    /**
     * The daily digest: each CSM with open incidents gets one DM at `config.digestTime` in their own zone,
     * once per local day (claimed), listing open integration issues across their portfolio.
     */
    async sendDigests(): Promise<number> {
      let sent = 0;
      const t = now();
      for (const csm of await repos.incidents.csmsWithOpenIncidents()) {
        const zone = await timeZoneOf(csm);
        // Due when the last digest instant (the next one, a day back) has passed today in the CSM's zone.
        const last = nextDigestAt(zone, config.digestTime, t - DAY_MS);
        if (last > t) continue;
        const local = toZonedParts(last, zone);
        const day = `${local.year}-${local.month}-${local.day}`;
        if (!(await repos.counters.claim(`digest:${csm}:${day}`, 2 * DAY_MS))) continue;
        const open = await repos.incidents.openForCsm(csm);
        const names = new Map<string, CustomerContext | null>();
        for (const i of open)
          if (!names.has(i.customerId)) names.set(i.customerId, await customerContext(i.customerId));
        const digest = buildCsmDigest(
          open.map((i) => ({
            incidentId: i.id,
            customerId: i.customerId,
            customerName: names.get(i.customerId)?.name ?? 'Unknown customer',
            customerArrUsd: names.get(i.customerId)?.arrUsd ?? null,
            integrationLabel: i.integrationLabel,
            failureClass: i.failureClass,
            status: i.healthStatus === 'healthy' ? i.worstStatus : i.healthStatus,
            severity: i.severity,
            openedAt: i.openedAt.getTime(),
            occurrences: i.occurrences,
            acknowledged: i.status === 'acknowledged',
          })),
          t,
        );
        if (digest.customers.length === 0) continue;
        await client.chat.postMessage({ channel: csm, ...buildDigestMessage(digest, { now: t, timeZone: zone }) });
        sent += 1;
      }
      return sent;
    },

    /** The View Integration Status modal and GET /api/integrations/:id/status share this model. */
    async integrationStatus(integrationId: string): Promise<IntegrationStatusView | null> {
      const integration = await repos.integrations.findMonitored(integrationId);
      if (!integration) return null;
      const [customer, open, events] = await Promise.all([
        customerContext(integration.customerId),
        repos.incidents.openForIntegration(integration.id),
        repos.events.recent(integration.id, 20),
      ]);
      const h = await history(
        { integrationId: integration.id, integrationType: integration.type },
        integration.connectedAt,
      );
      return {
        customerName: customer?.name ?? 'Unknown customer',
        integration: {
          label: integration.name,
          type: integration.type,
          status: integration.status,
          since: integration.statusSince?.getTime() ?? null,
          connectedAt: integration.connectedAt?.getTime() ?? null,
          lastSuccessAt: integration.lastSuccessfulSync?.getTime() ?? null,
          lastFailureAt: integration.lastFailureAt?.getTime() ?? null,
        },
        openSignals: open.map((i) => ({
          id: i.id,
          failureClass: i.failureClass,
          status: i.healthStatus,
          severity: i.severity,
          lifecycle: i.status as 'open' | 'acknowledged' | 'snoozed',
          reason: i.reason,
          openedAt: i.openedAt.getTime(),
          occurrences: i.occurrences,
          errorCode: i.errorCode,
        })),
        recentEvents: events.map((e) => ({
          type: e.event.type,
          occurredAt: e.event.occurredAt,
          errorCode: e.event.errorCode ?? null,
          endpoint: e.event.endpoint ?? null,
          message: e.event.errorMessage ?? null,
        })),
        history: {
          uptime30d: h.uptime30d,
          uptime90d: h.uptime90d,
          incidents30d: h.disconnects30d,
          incidents90d: h.disconnects90d,
          mttrMs: h.meanTimeToResolveMs,
          chronic: h.chronic,
        },
      };
    },
  };
}
export type Alerting = ReturnType<typeof createAlerting>;
