import { z } from 'zod';
import type { Repos } from '../db/index.js';
import { integrationEventSchema, MAX_EVENTS_PER_BATCH, parseEventBatch } from '../domain/detection/events.js';
import { type MaintenanceWindow, validateMaintenanceWindow } from '../domain/detection/maintenance.js';
import type { Logger } from '../logger.js';
import type { Alerting } from '../services/alerts/index.js';
import type { EventIntake } from '../services/alerts/intake.js';
import {
  databaseUnavailable,
  decodeUtf8,
  guard,
  HttpError,
  param,
  type Route,
  readBody,
  readValid,
  send,
} from './common.js';
import { verifyEventSignature } from './event-signature.js';

/**
 * Integration-disconnect routes:
 *
 *   POST   /api/integrations/events            one event or { events: [...] } from the product backend,
 *          signed (X-TechHealth-Timestamp, X-TechHealth-Signature; see event-signature.ts) → 202
 *   GET    /api/integrations/:integrationId/status   status, open signals, recent events, uptime (bearer token)
 *   GET    /api/maintenance-windows, POST (create), DELETE /api/maintenance-windows/:id   (bearer token)
 *
 * Errors: 401 bad or stale signature, 400 unreadable JSON or invalid events (every problem listed as
 * { index, path, message }), 413 body over the limit, 422 unknown customer, 503 endpoint disabled.
 */

export const EVENTS_MAX_BYTES = 1024 * 1024;

export interface EventRouteDeps {
  eventsSecret: string | null;
  apiToken: string | null;
  intake: EventIntake;
  /** Late-bound: the alerting service needs the Slack client, which exists only after the routes. */
  alerting: Alerting;
  repos: Repos;
  /** The integration's check-up record for the status answer (JSON), or null. */
  healthCheckOf?(integrationId: string): Promise<unknown>;
  /** False while MongoDB is unreachable: event posts then answer 503 at once instead of waiting. */
  databaseConnected?: () => boolean;
  logger: Logger;
  now?: () => number;
}

/**
 * How long an event post waits for storage before answering 503 (a resend of the batch is a duplicate): a
 * backstop for a database that accepts connections but does not answer. A database that is down is
 * answered at once (not connected, or a network error); a slow one under load must not be cut short,
 * because its writes still land.
 */
const INTAKE_DEADLINE_MS = 20_000;

const scopeSchema = z
  .object({
    customerId: z.string().min(1).optional(),
    integrationKey: z.string().min(1).optional(),
    integrationType: z.string().min(1).optional(),
  })
  .strict();
const windowSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('once'),
    scope: scopeSchema,
    startsAt: z.union([z.number(), z.iso.datetime({ offset: true })]),
    endsAt: z.union([z.number(), z.iso.datetime({ offset: true })]),
  }),
  z.object({
    kind: z.literal('weekly'),
    scope: scopeSchema,
    days: z.array(z.number().int()).min(1),
    startTime: z.string(),
    durationMinutes: z.number().int(),
    timeZone: z.string(),
  }),
]);

/** The promise's value, or 503 database.unavailable when it takes longer than `ms` (storage is stuck). */
function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(databaseUnavailable()), ms);
  });
  // The late write may still land; the sender resends, and a resent event is a duplicate.
  p.catch(() => {});
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

export function eventRoutes(deps: EventRouteDeps): Route[] {
  const now = deps.now ?? Date.now;
  const handle = guard(deps.apiToken, deps.logger, {
    failure: 'Something went wrong; the error was logged. Resend the batch.',
  });

  return [
    {
      path: '/api/integrations/events',
      method: ['POST'],
      doc: {
        summary: 'Integration events from the product backend: one event or { events: [...] } (signed)',
        body: z.union([
          integrationEventSchema,
          z.object({ events: z.array(integrationEventSchema).min(1).max(MAX_EVENTS_PER_BATCH) }),
        ]),
        auth: 'signature',
      },
      handler: handle(
        async (req, res) => {
          if (!deps.eventsSecret) {
            throw new HttpError(
              503,
              'events.disabled',
              'Event intake is disabled: set TECHHEALTH_EVENTS_SECRET on the server.',
            );
          }
          const raw = await readBody(req, EVENTS_MAX_BYTES);
          const header = (name: string) => {
            const v = req.headers[name];
            return Array.isArray(v) ? v[0] : v;
          };
          const problem = verifyEventSignature(
            raw,
            { timestamp: header('x-techhealth-timestamp'), signature: header('x-techhealth-signature') },
            deps.eventsSecret,
            now(),
          );
          if (problem) throw new HttpError(401, 'events.bad_signature', problem);
          const text = decodeUtf8(raw);
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            throw new HttpError(400, 'request.invalid_json', 'The body is not valid JSON (UTF-8).');
          }
          const parsed = parseEventBatch(body);
          if ('errors' in parsed) {
            throw new HttpError(400, 'events.invalid', 'Some events are invalid; nothing was accepted.', {
              errors: parsed.errors,
            });
          }
          if (deps.databaseConnected && !deps.databaseConnected()) throw databaseUnavailable();
          const result = await withDeadline(deps.intake.accept(parsed.ok), INTAKE_DEADLINE_MS);
          if ('errors' in result) {
            throw new HttpError(
              422,
              'events.unknown_customer',
              'Some events name no known customer; nothing was accepted.',
              {
                errors: result.errors,
              },
            );
          }
          send(res, 202, result.ok);
        },
        { bearer: false },
      ),
    },
    {
      path: '/api/integrations/:integrationId/status',
      method: ['GET'],
      doc: { summary: "An integration's status, open signals, recent events, uptime and its check-ups" },
      handler: handle(async (req, res) => {
        const status = await deps.alerting.integrationStatus(param(req, 'integrationId'));
        if (!status)
          throw new HttpError(404, 'integration.not_found', `No integration with id "${param(req, 'integrationId')}".`);
        const healthCheck = (await deps.healthCheckOf?.(param(req, 'integrationId'))) ?? null;
        send(res, 200, { ...status, healthCheck });
      }, {}),
    },
    {
      path: '/api/maintenance-windows',
      method: ['GET', 'POST'],
      doc: { summary: 'List (GET) or add (POST) maintenance windows', body: windowSchema },
      handler: handle(async (req, res) => {
        if (req.method === 'GET') return send(res, 200, { windows: await deps.repos.maintenance.list() });
        const w = await readValid(req, windowSchema, {
          code: 'maintenance.invalid',
          message: 'The maintenance window is invalid.',
          maxBytes: 64 * 1024,
        });
        const toMs = (v: number | string) => (typeof v === 'number' ? v : Date.parse(v));
        const window = (w.kind === 'once' ? { ...w, startsAt: toMs(w.startsAt), endsAt: toMs(w.endsAt) } : w) as Omit<
          MaintenanceWindow,
          'id'
        >;
        const problems = validateMaintenanceWindow({ ...window, id: 'new' } as MaintenanceWindow);
        if (problems.length > 0) {
          throw new HttpError(400, 'maintenance.invalid', 'The maintenance window is invalid.', {
            errors: problems.map((message) => ({ path: '', message })),
          });
        }
        send(res, 201, await deps.repos.maintenance.add(window));
      }, {}),
    },
    {
      path: '/api/maintenance-windows/:id',
      method: ['DELETE'],
      doc: { summary: 'Remove a maintenance window' },
      handler: handle(async (req, res) => {
        if (!(await deps.repos.maintenance.remove(param(req, 'id')))) {
          throw new HttpError(404, 'maintenance.not_found', `No maintenance window "${param(req, 'id')}".`);
        }
        send(res, 200, { removed: param(req, 'id') });
      }, {}),
    },
  ];
}
