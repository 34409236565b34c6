import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ZodType, z } from 'zod';
import { UploadError } from '../domain/errors.js';
import type { Logger } from '../logger.js';

/**
 * What every REST route shares: the route shape the Bolt receiver mounts (its `customRoutes`), bearer-token
 * checks, JSON answers, bounded bodies, and one translation of errors into HTTP answers.
 */

/**
 * What `GET /api/openapi.json` says of a route: a summary, the zod schema its JSON body is validated with,
 * its query parameters, and how it authenticates (bearer token unless said otherwise). Every route has one.
 */
export interface RouteDoc {
  summary: string;
  body?: ZodType;
  /** A body that is not JSON (a file upload, CSV): its media types. */
  rawBody?: string[];
  query?: Record<string, string>;
  auth?: 'bearer' | 'signature' | 'none';
}

/** A route on the receiver's HTTP server (the shape of Bolt's `customRoutes` entries) and its docs. */
export interface Route {
  path: string;
  method: string | string[];
  doc: RouteDoc;
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

export type Req = IncomingMessage & { params?: Record<string, string | string[]> };
export const param = (req: Req, name: string): string => {
  const v = req.params?.[name];
  return Array.isArray(v) ? v.join('/') : (v ?? '');
};

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra fields for the JSON error body (e.g. a per-item error list). */
    readonly extra: Record<string, unknown> = {},
    /** Extra response headers (e.g. `retry-after`, `connection`). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  type = 'application/json; charset=utf-8',
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

export function authorized(req: IncomingMessage, token: string | null): boolean {
  if (!token) return false;
  const header = req.headers.authorization ?? '';
  const m = /^Bearer\s+(.+)$/i.exec(header);
  if (!m) return false;
  const given = Buffer.from(m[1].trim());
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

/** Past the limit, this many more bytes are read and dropped so the connection stays usable. */
const DISCARD_MAX_BYTES = 8 * 1024 * 1024;

/**
 * Reads the body, at most `maxBytes`; 413 beyond. An oversized body is read to its end and dropped (up to
 * DISCARD_MAX_BYTES more) before the 413, so a keep-alive client can send its next request on the same
 * connection; a bigger one is answered 413 with `Connection: close`. (Leaving a `for await` over the
 * request early destroys it, and the socket with it: the client then saw a reset instead of the 413.)
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const limit =
    maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MB` : `${Math.round(maxBytes / 1024)} KB`;
  const tooLarge = (close: boolean) =>
    new HttpError(
      413,
      'upload.too_large',
      `The body is over the ${limit} limit.`,
      {},
      close ? { connection: 'close' } : {},
    );
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else if (size - maxBytes > DISCARD_MAX_BYTES) {
        req.pause();
        settle(() => reject(tooLarge(true)));
      }
    });
    req.on('end', () => settle(() => (size <= maxBytes ? resolve(Buffer.concat(chunks)) : reject(tooLarge(false)))));
    req.on('error', (err) => settle(() => reject(err)));
    req.on('close', () =>
      settle(() => reject(new HttpError(400, 'request.aborted', 'The request ended before its body did.'))),
    );
  });
}

/** Seconds a client is asked to wait when the database is unreachable. */
export const DATABASE_RETRY_AFTER_S = 5;

/** 503 with Retry-After: the database cannot be reached, nothing was accepted (resending is safe). */
export function databaseUnavailable(): HttpError {
  return new HttpError(
    503,
    'database.unavailable',
    'The database cannot be reached right now, so the request may not have been stored. Resend it after the Retry-After delay (events already stored count as duplicates).',
    {},
    { 'retry-after': String(DATABASE_RETRY_AFTER_S) },
  );
}

const UNREACHABLE =
  /^(MongoServerSelectionError|MongooseServerSelectionError|MongoNetworkError|MongoNetworkTimeoutError|MongoNotConnectedError|MongoTopologyClosedError|MongoPoolClearedError)$/;

/**
 * Errors that mean the database is unreachable (no server, connection lost or refused, not connected,
 * timed out), also when wrapped (a bulk write reports its network error in `errorResponse`).
 */
export function isDatabaseUnreachable(err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null || depth > 3) return false;
  const e = err as { name?: string; message?: string; errorResponse?: unknown; cause?: unknown; reason?: unknown };
  if (UNREACHABLE.test(e.name ?? '') || /buffering timed out/.test(e.message ?? '')) return true;
  return [e.errorResponse, e.cause, e.reason].some((inner) => inner !== err && isDatabaseUnreachable(inner, depth + 1));
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as text; 400 `request.invalid_utf8` for bytes that are not UTF-8 (never replaced with U+FFFD). */
export function decodeUtf8(raw: Buffer): string {
  try {
    return strictUtf8.decode(raw);
  } catch {
    throw new HttpError(400, 'request.invalid_utf8', 'The body is not valid UTF-8; nothing was accepted.');
  }
}

/**
 * Wraps a handler: 401 without the right bearer token (always, while the token is unset) unless the route
 * authenticates otherwise (`bearer: false`, e.g. signed event posts), then the handler; an HttpError
 * becomes its status, code and extra fields, an UploadError 422, anything else a logged 500.
 */
export function guard(apiToken: string | null, logger: Logger, opts: { failure?: string } = {}) {
  return (handler: (req: Req, res: ServerResponse) => Promise<void>, route: { bearer?: boolean } = {}) =>
    (req: Req, res: ServerResponse): void => {
      if (route.bearer !== false && !authorized(req, apiToken)) {
        res.setHeader('www-authenticate', 'Bearer realm="techhealth"');
        send(res, 401, {
          error: 'unauthorized',
          message: apiToken
            ? 'Send Authorization: Bearer <TECHHEALTH_API_TOKEN>.'
            : 'The REST API is disabled: set TECHHEALTH_API_TOKEN on the server.',
        });
        return;
      }
      handler(req, res).catch((err: unknown) => {
        if (err instanceof HttpError)
          return send(res, err.status, { error: err.code, message: err.message, ...err.extra }, undefined, err.headers);
        if (isDatabaseUnreachable(err)) {
          const e = databaseUnavailable();
          logger.warn({ err, path: req.url }, 'REST request failed: the database is unreachable');
          return send(res, e.status, { error: e.code, message: e.message }, undefined, e.headers);
        }
        if (err instanceof UploadError)
          return send(res, 422, { error: err.code, message: err.message, detail: err.detail });
        logger.error({ err, path: req.url }, 'REST request failed');
        send(res, 500, { error: 'internal', message: opts.failure ?? 'Something went wrong; the error was logged.' });
      });
    };
}

/** Reads a bounded JSON body; 400 `request.invalid_json` when it does not parse. */
export async function readJson(req: IncomingMessage, maxBytes: number): Promise<{ raw: Buffer; body: unknown }> {
  return parseJson(await readBody(req, maxBytes));
}

function parseJson(raw: Buffer): { raw: Buffer; body: unknown } {
  const text = decodeUtf8(raw);
  try {
    return { raw, body: JSON.parse(text) as unknown };
  } catch {
    throw new HttpError(400, 'request.invalid_json', 'The body is not valid JSON (UTF-8).');
  }
}

/**
 * Reads a bounded JSON body and validates it with `schema` (the one the route's `doc` names); an empty
 * body is `{}` when `emptyIsObject`. 400 `code` with every problem as `{ path, message }` otherwise.
 */
export async function readValid<T extends ZodType>(
  req: IncomingMessage,
  schema: T,
  opts: { code: string; message: string; maxBytes: number; emptyIsObject?: boolean },
): Promise<z.output<T>> {
  const raw = await readBody(req, opts.maxBytes);
  const body = raw.length === 0 && opts.emptyIsObject ? {} : parseJson(raw).body;
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new HttpError(400, opts.code, opts.message, {
      errors: parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message })),
    });
  }
  return parsed.data;
}
