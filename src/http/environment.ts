import type { Repos } from '../db/index.js';
import { environmentSchema } from '../domain/environment/schema.js';
import type { TechnicalEnvironment } from '../domain/environment/summary.js';
import type { Logger } from '../logger.js';
import type { EnvironmentStore } from '../services/environment/store.js';
import type { EnvironmentSummaries } from '../services/environment/summary.js';
import { guard, HttpError, param, type Route, readJson, send } from './common.js';

/**
 * The technical environment over REST (issue 15), bearer token like every API route:
 *
 *   PUT /api/customers/:id/environment                    partial update (docs/environment.md §1); 200 with
 *        the stored environment; 400 with every problem `{ path, message }` and nothing stored; 404 unknown
 *   GET /api/intelligence/technical/:customerId?includeHealth=true
 *        { customer, generatedAt, environment, integrations, apiUsage, security, recommendations, … }
 *
 * `:id` / `:customerId` is our id, the product's external id or the customer's name.
 */

export interface EnvironmentRouteDeps {
  apiToken: string | null;
  repos: Repos;
  store: EnvironmentStore;
  summaries: EnvironmentSummaries;
  logger: Logger;
}

const MAX_BODY = 256 * 1024;

export function environmentRoutes(deps: EnvironmentRouteDeps): Route[] {
  const guarded = guard(deps.apiToken, deps.logger);
  const customerOf = async (key: string) => {
    const doc = await deps.repos.customers.findByRef({ id: key, name: key });
    if (!doc) throw new HttpError(404, 'customer.not_found', `No customer with id, external id or name "${key}".`);
    return doc;
  };
  return [
    {
      path: '/api/customers/:id/environment',
      method: ['PUT'],
      doc: {
        summary: "Update a customer's technical environment (partial; null removes a field; every problem listed)",
        body: environmentSchema,
      },
      handler: guarded(async (req, res) => {
        const customer = await customerOf(param(req, 'id'));
        const { body } = await readJson(req, MAX_BODY);
        const actor = typeof req.headers['x-techhealth-actor'] === 'string' ? req.headers['x-techhealth-actor'] : null;
        const result = await deps.store.update(customer.id, body, { source: 'api', actor });
        if (!result.ok && result.reason === 'invalid') {
          throw new HttpError(400, 'environment.invalid', 'The environment has problems; nothing was stored.', {
            problems: result.problems,
          });
        }
        if (!result.ok) throw new HttpError(404, 'customer.not_found', `Customer ${customer.name} is gone.`);
        send(res, 200, {
          customer: { id: customer.id, name: customer.name },
          environment: result.change.environment,
          securityChanges: result.change.security.entries,
        });
      }),
    },
    {
      path: '/api/intelligence/technical/:customerId',
      method: ['GET'],
      doc: {
        summary: 'The technical environment summary (integrations, API usage, security, recommendations)',
        query: { includeHealth: 'true to add the technical health score and its components' },
      },
      handler: guarded(async (req, res) => {
        const customer = await customerOf(param(req, 'customerId'));
        const includeHealth = new URL(req.url ?? '/', 'http://localhost').searchParams.get('includeHealth') === 'true';
        const env = await deps.summaries.build(customer.id);
        if (!env) throw new HttpError(404, 'customer.not_found', `Customer ${customer.name} is gone.`);
        send(res, 200, technicalEnvironmentBody(env, includeHealth));
      }),
    },
  ];
}

/** The spec's TechnicalEnvironment: environment, integrations, apiUsage, security, recommendations (+ health). */
export function technicalEnvironmentBody(env: TechnicalEnvironment, includeHealth: boolean) {
  return {
    customer: env.customer,
    generatedAt: new Date(env.generatedAt).toISOString(),
    ...(includeHealth ? { healthScore: env.healthScore } : {}),
    environment: {
      ...env.environment,
      compliance: env.compliance,
      techStack: env.techStack,
      technicalContacts: env.contacts,
    },
    integrations: env.integrations,
    apiUsage: env.apiUsage,
    security: env.security,
    issues: env.issues,
    recommendations: env.recommendations,
    notReported: env.notReported,
  };
}
