import { buildEnvironmentHomeSection } from '../../../views/environment-home.js';
import { buildHomeView } from '../../../views/home-view.js';
import { LIMITS } from '../../../views/limits.js';
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
      const view = buildHomeView({ customers, integrations });
      // The Technical section (issue 15) goes last, within the Home tab's 100 blocks.
      const technical = buildEnvironmentHomeSection(customers);
      if (view.blocks.length + technical.length <= LIMITS.viewBlocks) view.blocks.push(...technical);
      await deps.slack.publishHome(userId, view);
    },
  };
}
export type HomeTab = ReturnType<typeof createHomeTab>;
