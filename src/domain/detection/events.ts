/**
 * Incoming integration events (`POST /api/integrations/events`): the zod schema, the batch envelope and
 * the per-event error list. Pure: the HTTP layer verifies the signature and body size, then calls
 * `parseEventBatch(JSON.parse(body))`.
 *
 * Unknown integration types are NOT rejected: they are stored as `custom_api` with the sender's spelling
 * kept in `integration.declaredType`. A product team shipping a new connector must not lose events
 * because our catalogue lags; `custom_api` gets the conservative default policy. Type names are matched
 * case-insensitively with spaces and dashes folded to `_` ("Azure-AD" → `azure_ad`).
 */
import { z } from 'zod';
import { securitySchema } from '../environment/schema.js';
import { type IntegrationType, isIntegrationType } from '../records.js';

export const INTEGRATION_EVENT_TYPES = [
  'connected',
  'oauth_completed',
  'api_key_created',
  'auth_failure',
  'token_refresh_failed',
  'token_expired',
  'webhook_failed',
  'webhook_delivered',
  'sync_completed',
  'sync_error',
  'sso_failure',
  'sso_login',
  'api_calls',
  'reconnected',
  'disconnected',
  'usage_snapshot',
  'security_config_changed',
] as const;

export type IntegrationEventType = (typeof INTEGRATION_EVENT_TYPES)[number];

/** Default and hard maximum number of events in one request body. */
export const MAX_EVENTS_PER_BATCH = 500;

/** Epoch values below this are taken as Unix seconds, above as milliseconds (1e11 s is year 5138; 1e11 ms is 1973). */
const SECONDS_CUTOFF = 100_000_000_000;

const trimmed = (max: number) => z.string().trim().min(1).max(max);

const customerSchema = z
  .object({
    id: trimmed(200).optional(),
    externalId: trimmed(200).optional(),
    name: trimmed(300).optional(),
  })
  .refine((c) => c.id !== undefined || c.externalId !== undefined || c.name !== undefined, {
    message: 'customer needs at least one of id, externalId or name',
  });

const integrationSchema = z.object({
  id: trimmed(200).optional(),
  type: trimmed(100),
  name: trimmed(300).optional(),
});

const occurredAtSchema = z.union([
  z
    .number()
    .finite()
    .nonnegative()
    .transform((n) => (n < SECONDS_CUTOFF ? Math.round(n * 1000) : Math.round(n))),
  z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
]);

const count = z.number().int().nonnegative();
/**
 * A `usage_snapshot`'s `usage`: adoption (check-ups, issue 12) and API usage against limits (technical
 * environment, issue 15). Every field is optional: absent means "not reported", never 0.
 */
export const usageSchema = z
  .looseObject({
    activeUsers: count.optional(),
    featuresUsed: count.optional(),
    featuresAvailable: count.optional(),
    workflowsActive: count.optional(),
    lastDataAt: occurredAtSchema.optional(),
    apiCallsThisMonth: count.optional(),
    apiCallsToday: count.optional(),
    rateLimitPeakPerSecond: z.number().finite().nonnegative().optional(),
    storageGb: z.number().finite().nonnegative().optional(),
    webhooks: count.optional(),
    endpoints: z
      .array(z.object({ endpoint: trimmed(500), calls: count }))
      .max(200)
      .optional(),
  })
  .refine(
    (u) => u.featuresUsed === undefined || u.featuresAvailable === undefined || u.featuresUsed <= u.featuresAvailable,
    {
      path: ['featuresUsed'],
      message: 'featuresUsed cannot exceed featuresAvailable',
    },
  );
export type EventUsage = z.output<typeof usageSchema>;

/** Fields that would carry a whole credential: refused, so a secret never reaches the event log. */
const SECRET_FIELDS = ['apiKey', 'key', 'secret', 'token', 'accessToken', 'refreshToken', 'password'] as const;

const rawEventSchema = z
  .object({
    customer: customerSchema,
    integration: integrationSchema,
    type: z.enum(INTEGRATION_EVENT_TYPES),
    errorCode: z
      .union([trimmed(100), z.number().int()])
      .transform((v) => String(v))
      .optional(),
    errorMessage: z.string().max(5000).optional(),
    endpoint: trimmed(500).optional(),
    occurredAt: occurredAtSchema,
    idempotencyKey: trimmed(200),
    count: z.number().int().nonnegative().optional(),
    failed: z.number().int().nonnegative().optional(),
    /** `oauth_completed` / `api_key_created`: the scopes granted. */
    scopes: z.array(trimmed(200)).max(100).optional(),
    /** `api_key_created`: the key's visible prefix (never the key). */
    keyPrefix: z.string().trim().min(1).max(16).optional(),
    usage: usageSchema.optional(),
    /** `security_config_changed`: the security fields as they are after the change. */
    security: securitySchema.optional(),
    /** Who or what made the change (`security_config_changed`), e.g. an admin's e-mail or "scim". */
    actor: trimmed(200).optional(),
  })
  .loose()
  .superRefine((e, ctx) => {
    for (const field of SECRET_FIELDS) {
      if (field in e) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `never send a credential (${field}); send keyPrefix (its first characters) instead`,
        });
      }
    }
    if (e.type === 'usage_snapshot' && e.usage === undefined) {
      ctx.addIssue({ code: 'custom', path: ['usage'], message: 'usage_snapshot needs a usage object' });
    }
    if (e.type === 'security_config_changed' && e.security === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['security'],
        message: 'security_config_changed needs a security object (the settings after the change)',
      });
    }
    if (e.type === 'api_calls' && e.count === undefined) {
      ctx.addIssue({ code: 'custom', path: ['count'], message: 'api_calls needs a count (number of calls)' });
    }
    if (e.count !== undefined && e.failed !== undefined && e.failed > e.count) {
      ctx.addIssue({ code: 'custom', path: ['failed'], message: 'failed cannot exceed count' });
    }
  });

/** One validated event. `occurredAt` is epoch milliseconds (UTC). */
export interface IntegrationEvent {
  customer: { id?: string; externalId?: string; name?: string };
  integration: {
    id?: string;
    type: IntegrationType;
    /** The sender's type string when it was not in our catalogue (then `type` is `custom_api`). */
    declaredType?: string;
    name?: string;
  };
  type: IntegrationEventType;
  errorCode?: string;
  errorMessage?: string;
  endpoint?: string;
  occurredAt: number;
  idempotencyKey: string;
  /** `api_calls` only: calls in the summary. */
  count?: number;
  /** `api_calls` only: how many of them failed (default 0). */
  failed?: number;
  scopes?: string[];
  keyPrefix?: string;
  /** `usage_snapshot` only. */
  usage?: EventUsage;
  /** `security_config_changed` only: the settings after the change. */
  security?: z.output<typeof securitySchema>;
  actor?: string;
}

/** Events that describe the customer's side (usage, settings), not the integration's traffic or health. */
export const INFORMATIONAL_EVENTS: ReadonlySet<IntegrationEventType> = new Set([
  'usage_snapshot',
  'security_config_changed',
]);

export interface EventError {
  /** Position in the batch (0 for a single event). */
  index: number;
  /** Dotted path inside the event, e.g. `customer`, `occurredAt`, `integration.type`; '' for the envelope. */
  path: string;
  message: string;
}

export type ParseBatchResult = { ok: IntegrationEvent[] } | { errors: EventError[] };

/** zod schema of one event as received (before type normalisation). Exported for the HTTP layer's docs. */
export const integrationEventSchema = rawEventSchema;

/**
 * Normalises a sender's integration type: lower-case, spaces/dashes → `_`; unknown → `custom_api`.
 * @example normalizeIntegrationType('Azure-AD') // { type: 'azure_ad' }
 * @example normalizeIntegrationType('netsuite') // { type: 'custom_api', declaredType: 'netsuite' }
 */
export function normalizeIntegrationType(raw: string): { type: IntegrationType; declaredType?: string } {
  const folded = raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return isIntegrationType(folded) ? { type: folded } : { type: 'custom_api', declaredType: raw.trim() };
}

function toEvent(raw: z.output<typeof rawEventSchema>): IntegrationEvent {
  const { type, declaredType } = normalizeIntegrationType(raw.integration.type);
  const event: IntegrationEvent = {
    customer: raw.customer,
    integration: { ...raw.integration, type, ...(declaredType ? { declaredType } : {}) },
    type: raw.type,
    occurredAt: raw.occurredAt,
    idempotencyKey: raw.idempotencyKey,
  };
  if (raw.errorCode !== undefined) event.errorCode = raw.errorCode;
  if (raw.errorMessage !== undefined) event.errorMessage = raw.errorMessage;
  if (raw.endpoint !== undefined) event.endpoint = raw.endpoint;
  if (raw.count !== undefined) event.count = raw.count;
  if (raw.failed !== undefined || raw.type === 'api_calls') event.failed = raw.failed ?? 0;
  for (const k of ['scopes', 'keyPrefix', 'usage', 'security', 'actor'] as const) {
    if (raw[k] !== undefined) (event as unknown as Record<string, unknown>)[k] = raw[k];
  }
  return event;
}

/**
 * Validates a request body holding one event or `{ events: [...] }` (1..maxEvents events).
 * Either every event is valid (`ok`, in order) or nothing is accepted and `errors` lists every problem
 * with the event's index and the field path, so the sender can fix and resend the whole batch
 * (idempotency keys make the resend safe). Never throws.
 *
 * @param body parsed JSON (unknown)
 * @param maxEvents batch limit, default {@link MAX_EVENTS_PER_BATCH}
 * @example parseEventBatch({ events: [{}] }) // { errors: [{ index: 0, path: 'customer', message: ... }, ...] }
 */
export function parseEventBatch(body: unknown, maxEvents: number = MAX_EVENTS_PER_BATCH): ParseBatchResult {
  let items: unknown[];
  if (body !== null && typeof body === 'object' && !Array.isArray(body) && 'events' in body) {
    const events = (body as { events: unknown }).events;
    if (!Array.isArray(events)) return { errors: [{ index: 0, path: 'events', message: 'events must be an array' }] };
    if (events.length === 0) return { errors: [{ index: 0, path: 'events', message: 'events must not be empty' }] };
    if (events.length > maxEvents) {
      return {
        errors: [{ index: 0, path: 'events', message: `too many events: ${events.length} (at most ${maxEvents})` }],
      };
    }
    items = events;
  } else if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    items = [body];
  } else {
    return { errors: [{ index: 0, path: '', message: 'body must be an event object or { "events": [...] }' }] };
  }
  const ok: IntegrationEvent[] = [];
  const errors: EventError[] = [];
  items.forEach((item, index) => {
    const parsed = rawEventSchema.safeParse(item);
    if (parsed.success) ok.push(toEvent(parsed.data));
    else {
      for (const issue of parsed.error.issues) {
        errors.push({ index, path: issue.path.map(String).join('.'), message: issue.message });
      }
    }
  });
  return errors.length > 0 ? { errors } : { ok };
}
