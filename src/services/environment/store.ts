import { randomUUID } from 'node:crypto';
import type { Repos } from '../../db/index.js';
import {
  type Environment,
  type EnvironmentPatch,
  type FieldProblem,
  mergeEnvironment,
  parseEnvironmentPatch,
} from '../../domain/environment/schema.js';
import { diffSecurity, type SecurityDiff } from '../../domain/environment/security.js';
import type { Logger } from '../../logger.js';

/**
 * Writes to a customer's technical environment (the PUT route, the import, `security_config_changed`):
 * read, merge the validated patch, store with compare-and-set (two writers never lose each other's
 * fields), and when the security section changes, an entry in security_audit with before, after, source,
 * actor and time. The audit entry is written first under the change's id, so a change stored after a
 * crash is still audited once; a redelivered change finds its entry and adds none.
 */

export type ChangeSource = 'api' | 'import' | 'event';

export interface ChangeMeta {
  source: ChangeSource;
  actor?: string | null;
  /** The change's identity (an event's idempotency key); generated when absent. */
  changeId?: string;
  /** When the change was made (events: occurredAt); now when absent. */
  at?: Date;
}

export interface AppliedChange {
  customerId: string;
  environment: Environment;
  security: SecurityDiff;
  /** Whether this call wrote the security audit entry (false: no security change, or already audited). */
  audited: boolean;
  changeId: string;
}

export type UpdateResult =
  | { ok: true; change: AppliedChange }
  | { ok: false; reason: 'invalid'; problems: FieldProblem[] }
  | { ok: false; reason: 'not_found' };

export interface EnvironmentStore {
  /** Validates `body` as a patch (every problem listed; nothing stored when there is one) and applies it. */
  update(customerId: string, body: unknown, meta: ChangeMeta): Promise<UpdateResult>;
  /** Applies an already validated patch. */
  apply(customerId: string, patch: EnvironmentPatch, meta: ChangeMeta): Promise<UpdateResult>;
}

const MAX_ATTEMPTS = 10;

export function createEnvironmentStore(deps: { repos: Repos; logger: Logger; now?: () => number }): EnvironmentStore {
  const { repos } = deps;
  const now = deps.now ?? Date.now;

  const store: EnvironmentStore = {
    async update(customerId, body, meta) {
      const parsed = parseEnvironmentPatch(body);
      if (!parsed.ok) return { ok: false, reason: 'invalid', problems: parsed.problems };
      return store.apply(customerId, parsed.patch, meta);
    },
    async apply(customerId, patch, meta) {
      const changeId = meta.changeId ?? `${meta.source}:${randomUUID()}`;
      const at = meta.at ?? new Date(now());
      let audited = false;
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const current = await repos.customers.environmentOf(customerId);
        if (!current) return { ok: false, reason: 'not_found' };
        const next = mergeEnvironment(current.environment, patch);
        const security = diffSecurity(current.environment.security, next.security);
        if (security.entries.length > 0) {
          audited ||= await repos.securityAudit.append({
            changeId,
            customerId,
            before: current.environment.security ?? null,
            after: next.security ?? null,
            changes: security.entries,
            weakening: security.weakening,
            source: meta.source,
            actor: meta.actor ?? null,
            at,
          });
        }
        if (await repos.customers.saveEnvironment(customerId, current.rev, next)) {
          deps.logger.info(
            { customerId, source: meta.source, changeId, securityChanges: security.entries.length },
            'technical environment updated',
          );
          return { ok: true, change: { customerId, environment: next, security, audited, changeId } };
        }
      }
      throw new Error(`customer ${customerId}: the environment kept changing under concurrent writers`);
    },
  };
  return store;
}
