import type { IntegrationStatusView } from '../../../views/integration-status-modal.js';
import type { AlertContext } from './context.js';
import type { AlertRenderer } from './view-model.js';

export function createIntegrationStatus(ctx: AlertContext, renderer: AlertRenderer) {
  const { repos, customerContext } = ctx;
  const { history } = renderer;

  /** The View Integration Status modal and GET /api/integrations/:id/status share this model. */
  async function integrationStatus(integrationId: string): Promise<IntegrationStatusView | null> {
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
  }

  return { integrationStatus };
}
