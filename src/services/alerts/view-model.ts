import { type AlertView, buildAlertMessage } from '../../../views/alert-message.js';
import type { IncidentRecord } from '../../db/incidents.js';
import { computeIntegrationHistory, type IntegrationHistory } from '../../domain/detection/history.js';
import { describeImpact, troubleshootingSteps } from '../../domain/detection/impact.js';
import { DAY_MS, resolvePolicy } from '../../domain/detection/policy.js';
import { integrationCriticality } from '../../domain/detection/severity.js';
import type { FailureStatus } from '../../domain/detection/types.js';
import type { AlertContext, CustomerContext } from './context.js';
import { templateModel } from './templates.js';

/** The alert message's model (incident + customer + task + uptime history) and its rendering. */

export type AlertRenderer = ReturnType<typeof createAlertRenderer>;

export function createAlertRenderer(ctx: AlertContext) {
  const { repos, config, logger, now, customerContext, timeZoneOf } = ctx;
  const deps = ctx;

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
  return { history, alertView, render };
}
