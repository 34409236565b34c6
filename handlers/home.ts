import type { App } from '@slack/bolt';
import type { CustomerDirectory } from '../src/services/customers/directory.js';
import { buildHomeView } from '../views/home-view.js';
import { ACTION } from '../views/ids.js';

/** The Home tab: published when the CSM opens it and when they press Refresh. */

export const HOME_REGISTRATIONS = {
  commands: [],
  events: ['app_home_opened'],
  actions: [ACTION.homeRefresh],
} as const;

export function registerHomeHandlers(app: App, deps: { customers: CustomerDirectory }): void {
  const publish = async (client: App['client'], userId: string) => {
    const customers = await deps.customers.homeFor(userId);
    await client.views.publish({ user_id: userId, view: buildHomeView({ customers }) });
  };

  app.event('app_home_opened', async ({ event, client }) => {
    // The same event fires for the Messages tab; only the Home tab has a view to publish.
    if (event.tab !== 'home') return;
    await publish(client, event.user);
  });

  app.action(ACTION.homeRefresh, async ({ ack, body, client }) => {
    await ack();
    await publish(client, body.user.id);
  });
}
