import type { Repos } from '../../db/index.js';
import type { IntegrationEvent } from '../../domain/detection/events.js';
import type { Logger } from '../../logger.js';
import type { AppliedChange, EnvironmentStore } from './store.js';

/**
 * The informational events of the events intake, applied to the environment (the detection runner calls
 * this before it marks a batch processed, so a crash re-delivers; every step here is idempotent):
 *
 * - `usage_snapshot` → the customer's latest usage (a snapshot older than the stored one does not replace
 *   it) and that UTC day's figures in the daily series (calls today; errors and rate-limit hits today and
 *   the mean response time when the sender adds `errorsToday`, `rateLimitHitsToday`, `avgResponseMs`);
 * - `security_config_changed` → the event's settings merged into the stored security section, with an
 *   audit entry (before = stored, after = merged, source `event`, the event's actor and time) under the
 *   event's idempotency key, so a redelivered event is audited once. Then `onSecurityChange` (monitoring).
 */

export interface EnvironmentEvents {
  apply(customerId: string, events: readonly IntegrationEvent[]): Promise<void>;
}

export function createEnvironmentEvents(deps: {
  repos: Repos;
  store: EnvironmentStore;
  logger: Logger;
  /** A security change was newly audited (not a redelivery): the monitor decides whom to tell. */
  onSecurityChange?(customerId: string, change: AppliedChange, event: IntegrationEvent): Promise<unknown>;
}): EnvironmentEvents {
  return {
    async apply(customerId, events) {
      for (const e of events) {
        if (e.type === 'usage_snapshot' && e.usage) {
          await deps.repos.environmentUsage.record(customerId, e.usage, new Date(e.occurredAt));
        } else if (e.type === 'security_config_changed' && e.security) {
          const result = await deps.store.apply(
            customerId,
            { security: e.security },
            { source: 'event', actor: e.actor ?? null, changeId: e.idempotencyKey, at: new Date(e.occurredAt) },
          );
          if (!result.ok) {
            deps.logger.warn(
              { customerId, event: e.idempotencyKey, reason: result.reason },
              'security change not applied',
            );
          } else if (result.change.audited) {
            await deps.onSecurityChange?.(customerId, result.change, e);
          }
        }
      }
    },
  };
}
