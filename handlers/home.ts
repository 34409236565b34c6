import type { App } from '@slack/bolt';
import type { HomeTab } from '../src/services/customers/home.js';
import { ACTION } from '../views/ids.js';

/** The Home tab: published when the CSM opens it and when they press Refresh. */

export const HOME_REGISTRATIONS = {
  commands: [],
  events: ['app_home_opened'],
  actions: [ACTION.homeRefresh],
} as const;

export function registerHomeHandlers(app: App, deps: { home: HomeTab }): void {
  app.event('app_home_opened', async ({ event }) => {
    // The same event fires for the Messages tab; only the Home tab has a view to publish.
    if (event.tab !== 'home') return;
    await deps.home.publish(event.user);
  });

  app.action(ACTION.homeRefresh, async ({ ack, body }) => {
    await ack();
    await deps.home.publish(body.user.id);
  });
}
