import { Writable } from 'node:stream';
import { type AppOverrides, createApp, type TechHealthApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { type SlackApiStandIn, startSlackApi } from './slack-api.js';
import type { SignedRequest } from './slack-request.js';

/**
 * The assembled app as Slack sees it: `createApp` in HTTP mode on an ephemeral port, its Web API client
 * pointed at the local Slack stand-in, storing into the test database. Tests send signed requests with
 * `post()` and assert on the HTTP answer, the stand-in's recorded calls, MongoDB and the captured logs.
 *
 *   const h = await startAppHarness({ mongodbUri });
 *   const res = await h.post('/slack/events', slashCommand({ text: 'help', responseUrl: h.slack.responseUrl() }, h.signingSecret));
 *   await h.slack.waitForCall('response_url');
 *   await h.stop();
 */

export interface HarnessResponse {
  status: number;
  headers: Headers;
  text: string;
  /** Time from sending the request to the end of the response body, ms. */
  elapsedMs: number;
  json<T = unknown>(): T;
}

export interface AppHarness {
  app: TechHealthApp;
  slack: SlackApiStandIn;
  /** `http://127.0.0.1:<port>` of the app. */
  baseUrl: string;
  signingSecret: string;
  /** Parsed pino lines the app wrote. */
  logs: Record<string, unknown>[];
  /** Resolves with the first log line matching `predicate`; rejects at the deadline. */
  waitForLog(
    predicate: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  post(path: string, request: SignedRequest): Promise<HarnessResponse>;
  get(path: string): Promise<HarnessResponse>;
  stop(): Promise<void>;
}

export const TEST_SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

export async function startAppHarness(opts: {
  mongodbUri: string;
  env?: Record<string, string>;
  /** The app's clock and Agenda's poll interval, for tests that move time. */
  overrides?: Pick<AppOverrides, 'now' | 'agendaProcessEvery'>;
}): Promise<AppHarness> {
  const slack = await startSlackApi();
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  const config = loadConfig(
    {
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      MONGODB_URI: opts.mongodbUri,
      LOG_LEVEL: 'debug',
      ...opts.env,
    },
    ['slack', 'mongodb'],
  );
  let app: TechHealthApp;
  try {
    app = await createApp(config, { logger: createLogger('debug', sink), port: 0, ...opts.overrides });
  } catch (err) {
    await slack.close();
    throw err;
  }
  const { port } = await app.start();
  const baseUrl = `http://127.0.0.1:${port}`;

  const request = async (path: string, init: RequestInit): Promise<HarnessResponse> => {
    const started = performance.now();
    const res = await fetch(`${baseUrl}${path}`, init);
    const text = await res.text();
    const elapsedMs = performance.now() - started;
    return { status: res.status, headers: res.headers, text, elapsedMs, json: <T>() => JSON.parse(text) as T };
  };

  return {
    app,
    slack,
    baseUrl,
    signingSecret: TEST_SIGNING_SECRET,
    logs,
    async waitForLog(predicate, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const line = logs.find(predicate);
        if (line) return line;
        if (Date.now() >= deadline) throw new Error(`no matching log line within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    post: (path, signed) => request(path, { method: 'POST', headers: signed.headers, body: signed.body }),
    get: (path) => request(path, { method: 'GET' }),
    async stop() {
      try {
        await app.stop();
      } finally {
        await slack.close();
      }
    },
  };
}
