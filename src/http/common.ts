import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ZodType } from 'zod';
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
  ) {
    super(message);
  }
}

export function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  type = 'application/json; charset=utf-8',
): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
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

export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes)
      throw new HttpError(
        413,
        'upload.too_large',
        `The body is over the ${maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MB` : `${Math.round(maxBytes / 1024)} KB`} limit.`,
      );
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
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
          return send(res, err.status, { error: err.code, message: err.message, ...err.extra });
        if (err instanceof UploadError)
          return send(res, 422, { error: err.code, message: err.message, detail: err.detail });
        logger.error({ err, path: req.url }, 'REST request failed');
        send(res, 500, { error: 'internal', message: opts.failure ?? 'Something went wrong; the error was logged.' });
      });
    };
}

/** Reads a bounded JSON body; 400 `request.invalid_json` when it does not parse. */
export async function readJson(req: IncomingMessage, maxBytes: number): Promise<{ raw: Buffer; body: unknown }> {
  const raw = await readBody(req, maxBytes);
  try {
    return { raw, body: JSON.parse(raw.toString('utf8')) as unknown };
  } catch {
    throw new HttpError(400, 'request.invalid_json', 'The body is not valid JSON (UTF-8).');
  }
}
