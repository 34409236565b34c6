import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Google endpoints the app calls, at their HTTP boundary: the OAuth token
 * endpoint (refresh-token and service-account JWT grants), Calendar v3 events.insert/get and Gmail
 * users.messages.send and users.messages.list (the sent mailbox, searched by `q=rfc822msgid:<id>`). The
 * real googleapis client reaches it through `rootUrl` (GOOGLE_API_ROOT_URL) and
 * the auth client's token URL (GOOGLE_OAUTH_TOKEN_URL). Every request is recorded; API calls need a
 * bearer token the token endpoint issued; Calendar answers 409 to a second event with the same id, as
 * Google does.
 */

export interface GoogleCall {
  /**
   * `token`, `calendar.events.insert`, `calendar.events.list`, `calendar.events.get`,
   * `gmail.users.messages.send`, `gmail.users.messages.list`, or `unknown`.
   */
  kind: string;
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorization: string | null;
  /** When the stand-in received it (ms since the epoch). */
  at: number;
}

export interface GoogleApiStandIn {
  /** `http://127.0.0.1:<port>/` — what GOOGLE_API_ROOT_URL takes. */
  rootUrl: string;
  /** `http://127.0.0.1:<port>/token`. */
  tokenUrl: string;
  /** Env for an OAuth-grant configuration pointed at this stand-in. */
  env(): Record<string, string>;
  calls(kind?: string): GoogleCall[];
  waitForCall(kind: string, n?: number, timeoutMs?: number): Promise<GoogleCall[]>;
  /** Stored Calendar events by id. */
  events(): Map<string, Record<string, unknown>>;
  /** The next request of `kind` answers with this HTTP status and a Google error body. */
  failNext(kind: string, status: number, message?: string): void;
  /**
   * The next Gmail send is accepted (the message is in the sent mailbox) but the connection is dropped
   * before the answer: the sender cannot know whether it went.
   */
  dropAfterSendNext(): void;
  /** Messages in the sent mailbox: Gmail's id and the Message-ID header. */
  sent(): { id: string; messageId: string | null }[];
  reset(): void;
  close(): Promise<void>;
}

export async function startGoogleApi(): Promise<GoogleApiStandIn> {
  let recorded: GoogleCall[] = [];
  let failures = new Map<string, { status: number; message: string }[]>();
  let events = new Map<string, Record<string, unknown>>();
  let sent: { id: string; messageId: string | null }[] = [];
  let dropSends = 0;
  const tokens = new Set<string>();
  let origin = '';

  const send = (res: ServerResponse, status: number, payload: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(payload));
  };
  const googleError = (res: ServerResponse, status: number, message: string, reason = 'backendError') =>
    send(res, status, { error: { code: status, message, errors: [{ domain: 'global', reason, message }] } });

  const readBody = (req: IncomingMessage): Promise<string> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const classify = (method: string, path: string): string => {
    if (method === 'POST' && path === '/token') return 'token';
    if (method === 'POST' && /^\/calendar\/v3\/calendars\/[^/]+\/events$/.test(path)) return 'calendar.events.insert';
    if (method === 'GET' && /^\/calendar\/v3\/calendars\/[^/]+\/events$/.test(path)) return 'calendar.events.list';
    if (method === 'GET' && /^\/calendar\/v3\/calendars\/[^/]+\/events\/[^/]+$/.test(path))
      return 'calendar.events.get';
    if (method === 'POST' && /^\/gmail\/v1\/users\/[^/]+\/messages\/send$/.test(path))
      return 'gmail.users.messages.send';
    if (method === 'GET' && /^\/gmail\/v1\/users\/[^/]+\/messages$/.test(path)) return 'gmail.users.messages.list';
    return 'unknown';
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', origin);
    const text = await readBody(req);
    const type = req.headers['content-type'] ?? '';
    const body: unknown = type.includes('application/json')
      ? text
        ? JSON.parse(text)
        : {}
      : Object.fromEntries(new URLSearchParams(text));
    const method = req.method ?? 'GET';
    const kind = classify(method, url.pathname);
    const authorization = req.headers.authorization ?? null;
    recorded.push({
      kind,
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      authorization,
      at: Date.now(),
    });

    const queued = failures.get(kind);
    if (queued?.length) {
      const f = queued.shift() as { status: number; message: string };
      return googleError(res, f.status, f.message);
    }

    if (kind === 'token') {
      const form = body as Record<string, string>;
      const grant = form.grant_type;
      if (grant === 'refresh_token' && !form.refresh_token) return send(res, 400, { error: 'invalid_request' });
      if (grant !== 'refresh_token' && grant !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
        return send(res, 400, { error: 'unsupported_grant_type' });
      }
      const token = `ya29.test-${randomUUID()}`;
      tokens.add(token);
      return send(res, 200, { access_token: token, expires_in: 3599, token_type: 'Bearer', scope: form.scope ?? '' });
    }

    const bearer = authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : null;
    if (!bearer || !tokens.has(bearer))
      return googleError(res, 401, 'Request had invalid authentication credentials.', 'authError');

    if (kind === 'calendar.events.insert') {
      const event = body as Record<string, unknown>;
      const id = typeof event.id === 'string' ? event.id : `ev${randomUUID().replace(/-/g, '')}`;
      if (!/^[a-v0-9]{5,1024}$/.test(id)) return googleError(res, 400, 'Invalid resource id value.', 'invalid');
      if (events.has(id)) return googleError(res, 409, 'The requested identifier already exists.', 'duplicate');
      const start = event.start as { dateTime?: string; timeZone?: string } | undefined;
      const end = event.end as { dateTime?: string } | undefined;
      if (!start?.dateTime || !end?.dateTime) return googleError(res, 400, 'Missing time.', 'required');
      const withMeet =
        url.searchParams.get('conferenceDataVersion') === '1' &&
        (event.conferenceData as { createRequest?: unknown } | undefined)?.createRequest;
      const stored: Record<string, unknown> = {
        kind: 'calendar#event',
        ...event,
        id,
        status: 'confirmed',
        htmlLink: `https://www.google.com/calendar/event?eid=${id}`,
        ...(withMeet
          ? {
              hangoutLink: `https://meet.google.com/${id.slice(2, 5)}-${id.slice(5, 9)}-${id.slice(9, 12)}`,
              conferenceData: {
                entryPoints: [
                  {
                    entryPointType: 'video',
                    uri: `https://meet.google.com/${id.slice(2, 5)}-${id.slice(5, 9)}-${id.slice(9, 12)}`,
                  },
                ],
              },
            }
          : {}),
      };
      events.set(id, stored);
      return send(res, 200, stored);
    }
    if (kind === 'calendar.events.list') {
      // Events seeded with `calendarId` belong to that calendar only; inserted ones to every calendar.
      const calendar = decodeURIComponent(url.pathname.split('/')[4] ?? '');
      const from = Date.parse(url.searchParams.get('timeMin') ?? '') || Number.NEGATIVE_INFINITY;
      const to = Date.parse(url.searchParams.get('timeMax') ?? '') || Number.POSITIVE_INFINITY;
      const items = [...events.values()].filter((e) => {
        const start = Date.parse((e.start as { dateTime?: string } | undefined)?.dateTime ?? '');
        return (!e.calendarId || e.calendarId === calendar) && start >= from && start < to;
      });
      return send(res, 200, { kind: 'calendar#events', items });
    }
    if (kind === 'calendar.events.get') {
      const id = decodeURIComponent(url.pathname.split('/').pop() ?? '');
      const event = events.get(id);
      return event ? send(res, 200, event) : googleError(res, 404, 'Not Found', 'notFound');
    }
    if (kind === 'gmail.users.messages.send') {
      const raw = (body as { raw?: string }).raw;
      if (!raw)
        return googleError(
          res,
          400,
          "'raw' RFC822 payload message string or uploading message via /upload/* URL required",
          'invalidArgument',
        );
      const id = randomUUID().replace(/-/g, '').slice(0, 16);
      const mime = Buffer.from(raw, 'base64url').toString('utf8');
      const messageId = /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(mime)?.[1] ?? null;
      sent.push({ id, messageId });
      if (dropSends > 0) {
        dropSends -= 1;
        res.socket?.destroy();
        return;
      }
      return send(res, 200, { id, threadId: id, labelIds: ['SENT'] });
    }
    if (kind === 'gmail.users.messages.list') {
      // Only the search the app makes: rfc822msgid:<Message-ID>, with or without the angle brackets.
      const q = /^rfc822msgid:<?([^>\s]+)>?$/.exec(url.searchParams.get('q') ?? '');
      if (!q) return googleError(res, 400, 'Only q=rfc822msgid:… is supported by the stand-in.', 'invalidArgument');
      const found = sent.filter((m) => m.messageId === `<${q[1]}>`);
      return send(res, 200, {
        ...(found.length > 0 ? { messages: found.map((m) => ({ id: m.id, threadId: m.id })) } : {}),
        resultSizeEstimate: found.length,
      });
    }
    return googleError(res, 404, `No stand-in for ${method} ${url.pathname}`, 'notFound');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, { error: { code: 500, message: String(err) } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    rootUrl: `${origin}/`,
    tokenUrl: `${origin}/token`,
    env: () => ({
      GOOGLE_CLIENT_ID: 'test-client.apps.googleusercontent.com',
      GOOGLE_CLIENT_SECRET: 'test-client-secret',
      GOOGLE_REFRESH_TOKEN: '1//test-refresh-token',
      GOOGLE_API_ROOT_URL: `${origin}/`,
      GOOGLE_OAUTH_TOKEN_URL: `${origin}/token`,
    }),
    calls: (kind) => (kind ? recorded.filter((c) => c.kind === kind) : [...recorded]),
    async waitForCall(kind, n = 1, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = recorded.filter((c) => c.kind === kind);
        if (found.length >= n) return found;
        if (Date.now() >= deadline)
          throw new Error(`expected ${n} ${kind} call(s) within ${timeoutMs} ms, saw ${found.length}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    events: () => events,
    failNext(kind, status, message = 'Backend Error') {
      failures.set(kind, [...(failures.get(kind) ?? []), { status, message }]);
    },
    dropAfterSendNext() {
      dropSends += 1;
    },
    sent: () => [...sent],
    reset() {
      recorded = [];
      failures = new Map();
      events = new Map();
      sent = [];
      dropSends = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
