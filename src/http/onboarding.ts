import { z } from 'zod';
import type { Repos } from '../db/index.js';
import { integrationHealthStatus } from '../domain/onboarding/status.js';
import { CHECK_STAGES, type CheckStage } from '../domain/onboarding/types.js';
import type { Logger } from '../logger.js';
import type { Checkups } from '../services/onboarding/checkups.js';
import { guard, HttpError, param, type Route, readBody, send } from './common.js';

/**
 * New-integration check-ups over REST (bearer token like the other routes):
 *
 *   POST /api/integrations/:integrationId/health-check   { "type"?: "connection" | "sync" | "usage" | "value" }
 *        run that check now (again, if it ran before), or every due check when no type; answers the results
 *   GET  /api/integrations/customer/:customerId          the customer's integrations with status and checks
 */

const parseJson = async (raw: Buffer): Promise<unknown> => {
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'request.invalid_json', 'The body is not valid JSON (UTF-8).');
  }
};

const runSchema = z.object({ type: z.enum(CHECK_STAGES).optional() }).strict();

export function onboardingRoutes(deps: {
  apiToken: string | null;
  repos: Repos;
  checkups: Checkups;
  logger: Logger;
  now?: () => number;
}): Route[] {
  const handle = guard(deps.apiToken, deps.logger);
  const now = deps.now ?? Date.now;
  const view = (checks: Awaited<ReturnType<Checkups['checksOf']>>) => ({
    status: integrationHealthStatus(checks),
    checks: checks.map((c) => ({
      type: c.stage,
      scheduledFor: new Date(c.scheduledFor).toISOString(),
      completedAt: c.completedAt === null ? null : new Date(c.completedAt).toISOString(),
      result: c.result,
      findings: c.findings,
      details: c.details,
    })),
  });

  return [
    {
      path: '/api/integrations/:integrationId/health-check',
      method: ['POST'],
      handler: handle(async (req, res) => {
        const id = param(req, 'integrationId');
        const integration = await deps.repos.integrations.findMonitored(id);
        if (!integration) throw new HttpError(404, 'integration.not_found', `No integration with id "${id}".`);
        const raw = await readBody(req, 16 * 1024);
        const body = raw.length === 0 ? {} : await parseJson(raw);
        const parsed = runSchema.safeParse(body);
        if (!parsed.success) {
          throw new HttpError(400, 'health_check.invalid', 'The request is invalid.', {
            errors: parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message })),
          });
        }
        await deps.checkups.start(id);
        const planned = await deps.checkups.checksOf(id);
        const stages: CheckStage[] = parsed.data.type
          ? [parsed.data.type]
          : planned.filter((c) => c.completedAt === null && c.scheduledFor <= now()).map((c) => c.stage);
        if (parsed.data.type && !planned.some((c) => c.stage === parsed.data.type)) {
          throw new HttpError(
            400,
            'health_check.not_planned',
            `${integration.name} has no ${parsed.data.type} check (its type's plan leaves it out).`,
          );
        }
        for (const stage of stages) await deps.checkups.run(id, stage, { force: parsed.data.type !== undefined });
        send(res, 200, { integrationId: id, ran: stages, ...view(await deps.checkups.checksOf(id)) });
      }),
    },
    {
      path: '/api/integrations/customer/:customerId',
      method: ['GET'],
      handler: handle(async (req, res) => {
        const key = param(req, 'customerId');
        const customer = await deps.repos.customers.findByRef({ id: key, name: key });
        if (!customer)
          throw new HttpError(404, 'customer.not_found', `No customer with id, external id or name "${key}".`);
        const integrations = await deps.repos.integrations.listForCustomer(customer.id);
        const rows = [];
        for (const i of integrations) {
          const id = String(i._id);
          rows.push({
            id,
            name: i.name as string,
            type: (i.declaredType as string | null) ?? (i.type as string),
            category: (i.category as string | null) ?? null,
            connectionStatus: i.status as string,
            connectedAt: i.connectedAt ? new Date(i.connectedAt as Date).toISOString() : null,
            ...view(await deps.checkups.checksOf(id)),
          });
        }
        send(res, 200, { customer: { id: customer.id, name: customer.name }, integrations: rows });
      }),
    },
  ];
}
