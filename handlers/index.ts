import type { App } from '@slack/bolt';
import type { CustomerDirectory } from '../src/services/customer-directory.js';
import { COMMAND_REGISTRATIONS, registerCommandHandlers } from './command.js';
import { HOME_REGISTRATIONS, registerHomeHandlers } from './home.js';

/**
 * Every listener group, registered explicitly (no globbing), each with the dependencies it needs.
 * The upload, report-action and alert groups join this list as they are built.
 */

export interface HandlerDeps {
  customers: CustomerDirectory;
}

export function registerHandlers(app: App, deps: HandlerDeps): void {
  registerCommandHandlers(app, deps);
  registerHomeHandlers(app, deps);
}

/** What the listeners above register, for test/unit/manifest.test.ts to check against manifest.yml. */
export const REGISTRATIONS = [COMMAND_REGISTRATIONS, HOME_REGISTRATIONS];
