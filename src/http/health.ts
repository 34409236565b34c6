import type { ServerResponse } from 'node:http';
import type { Route } from './common.js';

/**
 * Liveness and readiness for orchestrators: `/healthz` answers as long as the process serves HTTP;
 * `/readyz` also checks what a request needs (MongoDB), each check bounded by a timeout so a hung
 * dependency gives a fast 503 rather than a hung probe.
 */

export interface ReadinessCheck {
  name: string;
  /** Resolves when the dependency is usable; rejects (or times out) otherwise. */
  check: () => Promise<void>;
}

const CHECK_TIMEOUT_MS = 2000;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function withTimeout(promise: Promise<void>, ms: number, name: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function healthRoutes(checks: ReadinessCheck[], opts: { timeoutMs?: number } = {}): Route[] {
  const timeoutMs = opts.timeoutMs ?? CHECK_TIMEOUT_MS;
  return [
    {
      path: '/healthz',
      method: ['GET', 'HEAD'],
      doc: { summary: 'Liveness: the process answers', auth: 'none' },
      handler: (_req, res) => sendJson(res, 200, { status: 'ok' }),
    },
    {
      path: '/readyz',
      method: ['GET', 'HEAD'],
      doc: { summary: 'Readiness: MongoDB answers', auth: 'none' },
      handler: (_req, res) => {
        void (async () => {
          const results = await Promise.all(
            checks.map(async ({ name, check }) => {
              try {
                await withTimeout(check(), timeoutMs, name);
                return { name, ok: true as const };
              } catch (err) {
                return { name, ok: false as const, reason: err instanceof Error ? err.message : String(err) };
              }
            }),
          );
          const failed = results.filter((r) => !r.ok);
          const body = {
            status: failed.length === 0 ? 'ready' : 'unavailable',
            checks: Object.fromEntries(results.map((r) => [r.name, r.ok ? 'ok' : `error: ${r.reason}`])),
          };
          sendJson(res, failed.length === 0 ? 200 : 503, body);
        })();
      },
    },
  ];
}
