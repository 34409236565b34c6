import type { Repos } from '../../db/index.js';
import type { NewEvent } from '../../db/integration-events.js';
import type { EventError, IntegrationEvent } from '../../domain/detection/events.js';
import type { Logger } from '../../logger.js';
import { createGroupCommit } from '../../util/group-commit.js';

/**
 * Events in: resolve each event's customer and integration, store the batch (idempotent per event key),
 * then wake detection for each integration it touched. Storing comes first, so a crash after the 202
 * loses nothing: the stored events wait, unprocessed, for the next pass over their shard or the recovery sweep.
 */

export interface IntakeResult {
  accepted: number;
  duplicates: number;
  integrations: string[];
}

export interface StoredBatchEvent {
  customerId: string;
  integrationId: string;
  event: IntegrationEvent;
}

export interface EventIntake {
  /** Either every event's customer is known and the batch is stored, or nothing is stored and `errors` says why. */
  accept(events: IntegrationEvent[]): Promise<{ ok: IntakeResult } | { errors: EventError[] }>;
}

/**
 * Recently resolved ids, so a steady stream of events does not look each one up again; concurrent requests
 * that miss the same key share one lookup (a burst of a new customer's events asks the database once).
 */
function recentIds(maxEntries: number, ttlMs: number) {
  const entries = new Map<string, { id: string; at: number }>();
  const inFlight = new Map<string, Promise<string | null>>();
  return {
    get(key: string): string | undefined {
      const hit = entries.get(key);
      if (hit && Date.now() - hit.at < ttlMs) return hit.id;
      entries.delete(key);
      return undefined;
    },
    set(key: string, id: string): void {
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(key, { id, at: Date.now() });
    },
    /** The cached id, else the one `lookup` finds (null: none), looked up once however many ask at once. */
    resolve(key: string, lookup: () => Promise<string | null>): Promise<string | null> {
      const hit = this.get(key);
      if (hit) return Promise.resolve(hit);
      let pending = inFlight.get(key);
      if (!pending) {
        pending = lookup()
          .then((id) => {
            if (id) this.set(key, id);
            return id;
          })
          .finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      return pending;
    },
  };
}

const customerKey = (c: IntegrationEvent['customer']) => JSON.stringify([c.id, c.externalId, c.name]);

export function createEventIntake(deps: {
  repos: Repos;
  /** Events of the integration were stored: its shard's processing should look now. */
  wake(integrationId: string): void;
  /**
   * Called with every newly stored batch (the check-ups start on connection events and keep usage
   * snapshots). A failure is logged, never refused: the events are stored and acknowledged either way.
   */
  onStored?(stored: readonly StoredBatchEvent[]): Promise<unknown>;
  logger: Logger;
}): EventIntake {
  const { repos } = deps;
  // A customer's or integration's id never changes once found; the TTL bounds how long a deleted
  // customer keeps receiving events.
  const knownCustomers = recentIds(10_000, 5 * 60_000);
  const knownIntegrations = recentIds(50_000, 5 * 60_000);
  // Concurrent requests share one insert into the log and one into the inbox; each answers once its own
  // events are stored.
  const append = createGroupCommit((rows: NewEvent[]) => repos.events.appendEach(rows), { maxItems: 2000 });
  return {
    async accept(events) {
      // Resolve every customer first without creating any: a batch answered 422 leaves nothing behind,
      // not even the customers its other events named.
      const customers = new Map<string, string | null>();
      const toCreate = new Map<string, string>();
      const errors: EventError[] = [];
      for (const [index, e] of events.entries()) {
        const key = customerKey(e.customer);
        if (!customers.has(key)) {
          const id = await knownCustomers.resolve(
            key,
            async () =>
              (await repos.customers.findByRef({ id: e.customer.id, externalId: e.customer.externalId }))?.id ?? null,
          );
          if (!id && e.customer.name) toCreate.set(key, e.customer.name);
          customers.set(key, id);
        }
        if (!customers.get(key) && !toCreate.has(key)) {
          errors.push({
            index,
            path: 'customer',
            message: `no customer with ${e.customer.id ? `id "${e.customer.id}"` : `external id "${e.customer.externalId}"`}: import the customer first or send customer.name`,
          });
        }
      }
      if (errors.length > 0) return { errors };
      for (const [key, name] of toCreate) {
        const id = (await repos.customers.upsertByName(name)).id;
        knownCustomers.set(key, id);
        customers.set(key, id);
      }

      const integrations = new Map<string, string>();
      const stored: StoredBatchEvent[] = [];
      for (const e of events) {
        const customerId = customers.get(customerKey(e.customer)) as string;
        const key = JSON.stringify([
          customerId,
          e.integration.id,
          e.integration.type,
          e.integration.name?.trim().toLowerCase(),
        ]);
        const integrationId =
          integrations.get(key) ??
          ((await knownIntegrations.resolve(
            key,
            async () => (await repos.integrations.upsertFromEvent(customerId, e.integration)).id,
          )) as string);
        integrations.set(key, integrationId);
        stored.push({ customerId, integrationId, event: e });
      }
      const inserted = (await append(stored)).filter(Boolean).length;
      const duplicates = stored.length - inserted;
      const touched = [...new Set(integrations.values())];
      // Duplicates wake their shard too: the first delivery may have been stored and then lost its pass.
      for (const id of touched) deps.wake(id);
      // The batch is stored and acknowledged either way; the coverage sweep plans what this missed.
      await deps.onStored?.(stored).catch((err) => deps.logger.warn({ err }, 'check-ups not updated from events'));
      deps.logger.debug({ inserted, duplicates, integrations: touched.length }, 'integration events stored');
      return { ok: { accepted: inserted, duplicates, integrations: touched } };
    },
  };
}
