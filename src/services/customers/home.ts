import { buildHomeView } from '../../../views/home-view.js';
import type { SlackGateway } from '../../slack/gateway.js';
import type { DashboardState, IntegrationDashboard } from '../onboarding/dashboard.js';
import type { CustomerDirectory } from './directory.js';

/**
 * The Home tab: the CSM's customers with their latest scores, then the integration dashboard (every
 * integration of those customers with its check-ups), published when opened, refreshed or filtered.
 */
export function createHomeTab(deps: {
  customers: CustomerDirectory;
  dashboard: IntegrationDashboard;
  slack: SlackGateway;
}) {
  return {
    async publish(userId: string, state?: DashboardState): Promise<void> {
      const [customers, integrations] = await Promise.all([
        deps.customers.homeFor(userId),
        deps.dashboard.viewFor(userId, state),
      ]);
      await deps.slack.publishHome(userId, buildHomeView({ customers, integrations }));
    },
  };
}
export type HomeTab = ReturnType<typeof createHomeTab>;
