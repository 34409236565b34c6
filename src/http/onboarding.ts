import { z } from 'zod';
import type { Repos } from '../db/index.js';
import { CHECK_STAGES, type IntegrationHealthCheck, OUTREACH_KINDS } from '../domain/onboarding/types.js';
import type { Logger } from '../logger.js';
import { AddIntegrationError, newIntegrationSchema } from '../services/onboarding/add.js';
import { CheckupError } from '../services/onboarding/checkups.js';
import type { Onboarding } from '../services/onboarding/index.js';
import { OutreachError } from '../services/onboarding/outreach.js';
import { guard, HttpError, param, type Route, readValid, send } from './common.js';

/**
 * New-integration check-ups over REST (bearer token like the other routes; bodies zod-validated, every
 * problem listed with its path):
 *
 *   POST /api/integrations                              add an integration by hand (starts its check-ups)
 *   POST /api/integrations/:integrationId/health-check  { "type"?: stage } run that check now, or every due one
 *   POST /api/integrations/:integrationId/outreach      { "type": kind, "send": boolean } draft or send an email
 *   GET  /api/integrations/customer/:customerId         the customer's integrations with checks, issues, outreach
 *   GET  /api/integrations/metrics                      check coverage, issue detection, healthy at day 30
 */

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The spec's IntegrationHealthCheck as JSON: times as ISO strings. */
export function toApiRecord(r: IntegrationHealthCheck) {
  return {
    customer: r.customer,
    integration: { ...r.integration, connectedAt: iso(r.integration.connectedAt) },
    status: r.status,
    checks: r.checks.map((c) => ({
      type: c.stage,
      scheduledFor: iso(c.scheduledFor),
      completedAt: iso(c.completedAt),
      result: c.result,
      findings: c.findings,
      details: c.details,
    })),
    issues: r.issues.map((i) => ({ ...i, openedAt: iso(i.openedAt), resolvedAt: iso(i.resolvedAt) })),
    usage: r.usage
      ? { ...r.usage, reportedAt: iso(r.usage.reportedAt), lastDataAt: iso(r.usage.lastDataAt ?? null) }
      : null,
    outreach: r.outreach.map((o) => ({ ...o, at: iso(o.at) })),
    lastCheckedAt: iso(r.lastCheckedAt),
  };
}

export const runCheckSchema = z.object({ type: z.enum(CHECK_STAGES).optional() }).strict();
export const outreachSchema = z.object({ type: z.enum(OUTREACH_KINDS), send: z.boolean().default(false) }).strict();

/** A route's JSON body (an empty body is `{}`), validated with `schema`; 400 with every problem otherwise. */
const body = <T extends z.ZodType>(req: Parameters<Route['handler']>[0], schema: T, code: string) =>
  readValid(req, schema, { code, message: 'The request is invalid.', maxBytes: 16 * 1024, emptyIsObject: true });

/** The use cases' errors as HTTP answers. */
async function answering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof AddIntegrationError) throw new HttpError(404, err.code, err.message);
    if (err instanceof CheckupError)
      throw new HttpError(err.code === 'integration.not_found' ? 404 : 409, err.code, err.message);
    if (err instanceof OutreachError)
      throw new HttpError(err.code === 'outreach.not_found' ? 404 : 409, err.code, err.message);
    throw err;
  }
}

export function onboardingRoutes(deps: {
  apiToken: string | null;
  repos: Repos;
  onboarding: Onboarding;
  logger: Logger;
  now?: () => number;
}): Route[] {
  const handle = guard(deps.apiToken, deps.logger);
  const now = deps.now ?? Date.now;
  const { checkups, records, adder, outreach } = deps.onboarding;
  const recordOf = async (id: string) => {
    const r = await records.forIntegration(id);
    if (!r) throw new HttpError(404, 'integration.not_found', `No integration with id "${id}".`);
    return r;
  };

  return [
    {
      path: '/api/integrations',
      method: ['POST'],
      doc: { summary: 'Add an integration by hand and start its check-ups', body: newIntegrationSchema },
      handler: handle(async (req, res) => {
        const input = await body(req, newIntegrationSchema, 'integration.invalid');
        const added = await answering(() => adder.add(input));
        const record = await recordOf(added.integration.id);
        send(res, added.created ? 201 : 200, { created: added.created, ...toApiRecord(record) });
      }),
    },
    {
      path: '/api/integrations/:integrationId/health-check',
      method: ['POST'],
      doc: { summary: 'Run a check-up now (that stage, or every due one)', body: runCheckSchema },
      handler: handle(async (req, res) => {
        const id = param(req, 'integrationId');
        await recordOf(id);
        const { type } = await body(req, runCheckSchema, 'health_check.invalid');
        await checkups.start(id);
        let ran: string[];
        if (type) {
          await answering(() => checkups.runAgain(id, type));
          ran = [type];
        } else {
          const due = (await checkups.checksOf(id)).filter((c) => c.completedAt === null && c.scheduledFor <= now());
          for (const c of due) await checkups.run(id, c.stage);
          ran = due.map((c) => c.stage);
        }
        send(res, 200, { integrationId: id, ran, ...toApiRecord(await recordOf(id)) });
      }),
    },
    {
      path: '/api/integrations/:integrationId/outreach',
      method: ['POST'],
      doc: { summary: 'Draft (for the CSM to approve) or send a customer outreach email', body: outreachSchema },
      handler: handle(async (req, res) => {
        const id = param(req, 'integrationId');
        await recordOf(id);
        const input = await body(req, outreachSchema, 'outreach.invalid');
        const made = await answering(() => checkups.draftOutreach(id, { kind: input.type, send: input.send }));
        if (input.send && !made.record.to)
          throw new HttpError(
            409,
            'outreach.no_contact',
            'The customer has no technical contact with an e-mail; the draft was kept.',
          );
        const r = (await outreach.find(made.record.id)) ?? made.record;
        send(res, made.created ? 201 : 200, {
          id: r.id,
          type: r.kind,
          status: r.status,
          created: made.created,
          to: r.to,
          subject: r.subject,
          text: r.text,
          sentAt: iso(r.sentAt),
        });
      }),
    },
    {
      path: '/api/integrations/customer/:customerId',
      method: ['GET'],
      doc: { summary: "A customer's integrations with status, check-ups, usage, issues and outreach" },
      handler: handle(async (req, res) => {
        const key = param(req, 'customerId');
        const customer = await deps.repos.customers.findByRef({ id: key, name: key });
        if (!customer)
          throw new HttpError(404, 'customer.not_found', `No customer with id, external id or name "${key}".`);
        const list = await records.forCustomers([customer.id]);
        send(res, 200, {
          customer: { id: customer.id, name: customer.name },
          integrations: list.map((r) => ({
            id: r.integration.id,
            name: r.integration.name,
            type: r.integration.type,
            ...toApiRecord(r),
          })),
        });
      }),
    },
    {
      path: '/api/integrations/metrics',
      method: ['GET'],
      doc: { summary: 'Onboarding success metrics: check coverage, issue detection, healthy at day 30' },
      handler: handle(async (_req, res) => {
        const m = await deps.onboarding.metrics();
        send(res, 200, {
          ...m,
          targets: { checkCoverage: 1, issueDetectionRate: 0.9, healthyAtDay30: 0.8 },
          measuredAt: new Date(now()).toISOString(),
        });
      }),
    },
  ];
}
