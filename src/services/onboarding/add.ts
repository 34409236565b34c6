import { z } from 'zod';
import type { Repos } from '../../db/index.js';
import type { IntegrationSummary } from '../../db/integrations.js';
import { normalizeIntegrationType } from '../../domain/detection/events.js';
import type { Catalog } from '../../domain/onboarding/catalog.js';
import { classifyIntegration } from '../../domain/onboarding/classify.js';
import type { Checkups } from './checkups.js';

/**
 * Manual entry of a new integration (REST `POST /api/integrations`, the Add integration modal,
 * `/techhealth add`): finds the customer, creates the integration once (the same name for the same
 * customer is the same integration, whatever the case), keeps the expected sync interval and owner, and
 * starts its check-ups. Types are open: an unknown type is classified by name and keywords.
 */

export const newIntegrationSchema = z
  .object({
    customer: z.string().trim().min(1, 'must name a customer (id, external id or name)').max(300),
    type: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(100, 'must be at most 100 characters')
      .regex(/^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u, 'must be letters, digits, spaces, "_", "." or "-"'),
    name: z.string().trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters').optional(),
    expectedSyncIntervalHours: z
      .number()
      .positive('must be more than 0')
      .max(24 * 366)
      .optional(),
    owner: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type NewIntegration = z.infer<typeof newIntegrationSchema>;

export class AddIntegrationError extends Error {
  override readonly name = 'AddIntegrationError';
  readonly code = 'customer.not_found';
}

export interface AddedIntegration {
  integration: IntegrationSummary;
  created: boolean;
  category: string;
  purpose: string;
}

export function createIntegrationAdder(deps: { repos: Repos; catalog: Catalog; checkups: Checkups }) {
  const { repos, catalog } = deps;
  return {
    async add(input: NewIntegration): Promise<AddedIntegration> {
      const ref = input.customer;
      const customer = await repos.customers.findByRef({ id: ref, externalId: ref, name: ref });
      if (!customer) throw new AddIntegrationError(`No customer with id, external id or name "${ref}".`);
      const { type, declaredType } = normalizeIntegrationType(input.type);
      const cls = classifyIntegration(declaredType ?? type, input.name ?? null, catalog);
      const name = input.name ?? (cls.matchedBy === 'type' ? cls.entry.displayName : input.type);
      const before = await repos.integrations.findByName(customer.id, name);
      const made =
        before ?? (await repos.integrations.upsertFromEvent(customer.id, { type, declaredType, name }, 'manual'));
      if (input.expectedSyncIntervalHours !== undefined || input.owner !== undefined) {
        await repos.onboarding.setManualDetails(made.id, customer.id, {
          expectedSyncIntervalHours: input.expectedSyncIntervalHours ?? null,
          owner: input.owner ?? null,
        });
      }
      await deps.checkups.start(made.id);
      const integration = (await repos.integrations.summaryOf(made.id)) as IntegrationSummary;
      return { integration, created: before === null, category: cls.category, purpose: cls.purpose };
    },
  };
}
export type IntegrationAdder = ReturnType<typeof createIntegrationAdder>;
