import { buildAddIntegrationModal } from '../../../views/add-integration-modal.js';
import { buildIntegrationDashboard, type DashboardFilter } from '../../../views/integration-dashboard.js';
import { buildIntegrationDetailModal } from '../../../views/integration-detail-modal.js';
import type { Repos } from '../../db/index.js';
import type { Catalog } from '../../domain/onboarding/catalog.js';
import type { SlackGateway } from '../../slack/gateway.js';
import type { TimeZoneOf } from '../time-zones.js';
import type { IntegrationRecords } from './records.js';

/**
 * The CSM's integration dashboard (the Home tab's integrations part), the View integration modal and the
 * Add integration modal. The dashboard lists every integration of the CSM's customers; filter and page
 * come from the CSM's last click (the buttons carry them), so nothing per user is stored.
 */

export interface DashboardState {
  filter: DashboardFilter;
  page: number;
}

export class DashboardError extends Error {
  override readonly name = 'DashboardError';
  constructor(
    readonly code: 'integration.not_found' | 'customer.none',
    message: string,
  ) {
    super(message);
  }
}

export function createIntegrationDashboard(deps: {
  records: IntegrationRecords;
  repos: Repos;
  slack: SlackGateway;
  catalog: Catalog;
  timeZoneOf: TimeZoneOf;
  now: () => number;
}) {
  const { records, repos, slack, catalog, timeZoneOf, now } = deps;

  return {
    /** The dashboard's blocks for this CSM (a Home view's blocks, to be composed into the Home tab). */
    async viewFor(userId: string, state: DashboardState = { filter: 'all', page: 0 }) {
      const [integrations, timeZone] = await Promise.all([records.forCsm(userId), timeZoneOf(userId)]);
      return buildIntegrationDashboard({ integrations, ...state }, { now: now(), timeZone });
    },
    async openDetail(triggerId: string, userId: string, integrationId: string): Promise<void> {
      const record = await records.forIntegration(integrationId);
      if (!record) throw new DashboardError('integration.not_found', 'That integration no longer exists.');
      const view = buildIntegrationDetailModal(record, { now: now(), timeZone: await timeZoneOf(userId) });
      await slack.openModal(triggerId, view);
    },
    /**
     * The Add integration modal with the CSM's customers (everyone's when the CSM has none assigned), the
     * customer named by `customerQuery` preselected when it matches one.
     */
    async openAdd(triggerId: string, userId: string, customerQuery?: string): Promise<void> {
      const own = await repos.customers.ofCsm(userId);
      const customers = own.length > 0 ? own : await repos.customers.list();
      if (customers.length === 0)
        throw new DashboardError(
          'customer.none',
          'There are no customers yet: import them first (`techhealth customers import`).',
        );
      const initial = customerQuery
        ? await repos.customers.findByRef({ id: customerQuery, externalId: customerQuery, name: customerQuery })
        : null;
      const list = initial && !customers.some((c) => c.id === initial.id) ? [initial, ...customers] : customers;
      const view = buildAddIntegrationModal({
        customers: list.map((c) => ({ id: c.id, name: c.name })),
        types: catalog.entries.map((e) => ({ type: e.type, displayName: e.displayName })),
        initialCustomerId: initial?.id,
      });
      await slack.openModal(triggerId, view);
    },
  };
}
export type IntegrationDashboard = ReturnType<typeof createIntegrationDashboard>;
