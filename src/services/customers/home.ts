import { buildHomeView } from '../../../views/home-view.js';
import type { SlackGateway } from '../../slack/gateway.js';
import type { CustomerDirectory } from './directory.js';

/** The Home tab: the CSM's customers with their latest scores, published when opened or refreshed. */
export function createHomeTab(deps: { customers: CustomerDirectory; slack: SlackGateway }) {
  return {
    async publish(userId: string): Promise<void> {
      const customers = await deps.customers.homeFor(userId);
      await deps.slack.publishHome(userId, buildHomeView({ customers }));
    },
  };
}
export type HomeTab = ReturnType<typeof createHomeTab>;
