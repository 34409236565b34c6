import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LIMITS } from '../../views/limits.js';
import { checkBlocks } from './block-kit-rules.js';

/**
 * A local stand-in for Slack's Web API (modelled on bolt-python's tests/mock_web_api_server): a node:http
 * server on port 0 that serves POST /api/<method> with form or JSON bodies, checks the bot token, records
 * every call, and rejects what Slack rejects (Block Kit limits, duplicate action_ids, missing arguments).
 * The app reaches it only through `SLACK_API_URL` / `config.slack.apiUrl`.
 *
 * It also plays the two other Slack HTTP endpoints an app talks to: `response_url`s (POST /response/<id>)
 * and private file downloads (GET /files-pri/…, bot token required), plus the upload URL that
 * files.getUploadURLExternal hands out.
 */

export interface RecordedCall {
  /** Web API method (`chat.postMessage`), or `response_url` / `file_upload` for the other endpoints. */
  method: string;
  /** The decoded body: JSON-valued form fields (blocks, view, files…) are parsed. */
  body: Record<string, unknown>;
  /** For response_url calls, the response_url path that was used. */
  path?: string;
  /** When the stand-in received it (ms since the epoch). */
  at: number;
}

export interface SlackUser {
  id: string;
  name: string;
  realName: string;
  email: string;
  tz: string;
  tzOffset: number;
}

export interface RegisteredFile {
  id: string;
  name: string;
  mimetype: string;
  filetype: string;
  size: number;
  url_private: string;
  url_private_download: string;
}

export interface SlackApiStandIn {
  /** Base for the Web API client: `http://127.0.0.1:<port>/api/`. */
  apiUrl: string;
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  botToken: string;
  teamId: string;
  botUserId: string;
  calls(method?: string): RecordedCall[];
  /** Resolves with the calls once `n` calls of `method` were recorded; rejects at the deadline. */
  waitForCall(method: string, n?: number, timeoutMs?: number): Promise<RecordedCall[]>;
  /** Forgets recorded calls, queued failures and uploads (users and files stay). */
  reset(): void;
  /** The next call of `method` answers `{ ok: false, error }`. */
  failNext(method: string, error: string): void;
  /** The next `times` calls of `method` answer HTTP 429 with `Retry-After: retryAfterSeconds`, as Slack does. */
  rateLimitNext(method: string, retryAfterSeconds: number, times?: number): void;
  /** A fresh response_url pointing at this stand-in. */
  responseUrl(): string;
  addUser(user: Partial<SlackUser> & { id: string }): SlackUser;
  /** Makes `content` downloadable at the returned file's `url_private` (bot token required). */
  registerFile(file: { name: string; content: Buffer | string; mimetype?: string; filetype?: string }): RegisteredFile;
  /** Bytes received at upload URLs, by file id. */
  uploads(): Map<string, Buffer>;
  close(): Promise<void>;
}

/** Form fields the Web API client JSON-encodes (arrays and objects). */
const JSON_FIELDS = ['blocks', 'attachments', 'view', 'files', 'metadata', 'unfurls', 'users'];

export async function startSlackApi(
  opts: { botToken?: string; teamId?: string; botUserId?: string } = {},
): Promise<SlackApiStandIn> {
  const botToken = opts.botToken ?? 'xoxb-test-token';
  const teamId = opts.teamId ?? 'T0TEST001';
  const botUserId = opts.botUserId ?? 'U0BOT0001';
  const botId = 'B0BOT0001';
  let recorded: RecordedCall[] = [];
  let failures = new Map<string, string[]>();
  let rateLimits = new Map<string, { retryAfter: number; left: number }>();
  let uploads = new Map<string, Buffer>();
  const pendingUploads = new Map<string, { filename: string; length: number }>();
  const files = new Map<string, { meta: RegisteredFile; content: Buffer }>();
  const users = new Map<string, SlackUser>();
  let tsCounter = 0;
  let origin = '';
  /** Top-level bot messages by conversation (a post to a user id lands in their DM, `D…`), newest first. */
  const history = new Map<string, Record<string, unknown>[]>();
  const dmOf = (channel: string) => (/^[UW]/.test(channel) ? `D${channel.slice(1)}` : channel);

  const nextTs = () => {
    tsCounter += 1;
    return `1768000000.${String(tsCounter).padStart(6, '0')}`;
  };

  const addUser = (u: Partial<SlackUser> & { id: string }): SlackUser => {
    const user: SlackUser = {
      name: u.id.toLowerCase(),
      realName: `User ${u.id}`,
      email: `${u.id.toLowerCase()}@example.com`,
      tz: 'America/New_York',
      tzOffset: -18000,
      ...u,
    };
    users.set(user.id, user);
    return user;
  };

  const userJson = (u: SlackUser) => ({
    id: u.id,
    team_id: teamId,
    name: u.name,
    real_name: u.realName,
    tz: u.tz,
    tz_offset: u.tzOffset,
    is_bot: false,
    profile: { email: u.email, real_name: u.realName, display_name: u.name },
  });

  type Answer = Record<string, unknown>;
  const error = (code: string, extra: Answer = {}): Answer => ({ ok: false, error: code, ...extra });

  const messageChecks = (body: Record<string, unknown>): Answer | null => {
    if (typeof body.text === 'string' && body.text.length > LIMITS.messageText) return error('msg_too_long');
    const violation = checkBlocks(body.blocks, 'message');
    if (violation) return error(violation.error, violation.errors.length ? { errors: violation.errors } : {});
    if (body.text === undefined && body.blocks === undefined && body.attachments === undefined) return error('no_text');
    return null;
  };

  const viewChecks = (view: unknown, type: 'home' | 'modal'): Answer | null => {
    if (!view || typeof view !== 'object') return error('invalid_arguments', { errors: ['view is required'] });
    const v = view as Record<string, unknown>;
    if (v.type !== type) return error('invalid_arguments', { errors: [`view.type must be ${type}`] });
    if (typeof v.private_metadata === 'string' && v.private_metadata.length > LIMITS.privateMetadata) {
      return error('invalid_arguments', { errors: ['private_metadata must be less than 3001 characters'] });
    }
    if (type === 'modal') {
      const title = (v.title as { text?: string } | undefined)?.text;
      if (!title || title.length > 24) return error('invalid_arguments', { errors: ['title must be 1-24 characters'] });
    }
    const violation = checkBlocks(v.blocks ?? [], 'view');
    return violation ? error(violation.error, { errors: violation.errors }) : null;
  };

  const methods: Record<string, (body: Record<string, unknown>) => Answer> = {
    'auth.test': () => ({
      ok: true,
      url: 'https://techhealth-test.slack.com/',
      team: 'TechHealth Test',
      user: 'techhealth',
      team_id: teamId,
      user_id: botUserId,
      bot_id: botId,
      is_enterprise_install: false,
    }),
    'chat.postMessage': (body) => {
      if (!body.channel) return error('channel_not_found');
      const bad = messageChecks(body);
      if (bad) return bad;
      const ts = nextTs();
      const message = {
        type: 'message',
        user: botUserId,
        bot_id: botId,
        text: body.text,
        blocks: body.blocks,
        ts,
        thread_ts: body.thread_ts,
        ...(body.metadata ? { metadata: body.metadata } : {}),
      };
      if (!body.thread_ts) {
        const key = dmOf(String(body.channel));
        history.set(key, [message, ...(history.get(key) ?? [])]);
      }
      return { ok: true, channel: body.channel, ts, message };
    },
    'conversations.open': (body) => {
      const user = String(body.users ?? '');
      if (!/^[UW][A-Z0-9]+$/.test(user)) return error('user_not_found');
      return { ok: true, channel: { id: dmOf(user), is_im: true } };
    },
    'conversations.history': (body) => {
      const channel = String(body.channel ?? '');
      if (!/^[CDG][A-Z0-9]+$/.test(channel)) return error('channel_not_found');
      const limit = Number(body.limit ?? 100);
      const withMeta = body.include_all_metadata === true || body.include_all_metadata === 'true';
      const messages = (history.get(channel) ?? [])
        .slice(0, limit)
        .map((m) => (withMeta ? m : Object.fromEntries(Object.entries(m).filter(([k]) => k !== 'metadata'))));
      return { ok: true, messages, has_more: false };
    },
    'chat.update': (body) => {
      if (!body.channel) return error('channel_not_found');
      if (!body.ts) return error('message_not_found');
      const bad = messageChecks(body);
      return bad ?? { ok: true, channel: body.channel, ts: body.ts, text: body.text };
    },
    'chat.postEphemeral': (body) => {
      if (!body.channel) return error('channel_not_found');
      if (!body.user) return error('user_not_in_channel');
      const bad = messageChecks(body);
      return bad ?? { ok: true, message_ts: nextTs() };
    },
    'views.publish': (body) => {
      if (!body.user_id) return error('invalid_arguments', { errors: ['user_id is required'] });
      const bad = viewChecks(body.view, 'home');
      return bad ?? { ok: true, view: { id: `V${randomUUID().slice(0, 8).toUpperCase()}`, ...(body.view as object) } };
    },
    'views.open': (body) => {
      if (!body.trigger_id) return error('invalid_trigger_id');
      const bad = viewChecks(body.view, 'modal');
      return bad ?? { ok: true, view: { id: `V${randomUUID().slice(0, 8).toUpperCase()}`, ...(body.view as object) } };
    },
    'views.update': (body) => {
      if (!body.view_id && !body.external_id) return error('not_found');
      const bad = viewChecks(body.view, 'modal');
      return bad ?? { ok: true, view: { id: body.view_id, ...(body.view as object) } };
    },
    'users.info': (body) => {
      const id = String(body.user ?? '');
      if (!/^[UW][A-Z0-9]+$/.test(id)) return error('user_not_found');
      return { ok: true, user: userJson(users.get(id) ?? addUser({ id })) };
    },
    'users.lookupByEmail': (body) => {
      const email = String(body.email ?? '').toLowerCase();
      const user = [...users.values()].find((u) => u.email.toLowerCase() === email);
      return user ? { ok: true, user: userJson(user) } : error('users_not_found');
    },
    'conversations.info': (body) => {
      const id = String(body.channel ?? '');
      if (!/^[CDG][A-Z0-9]+$/.test(id)) return error('channel_not_found');
      const isIm = id.startsWith('D');
      return {
        ok: true,
        channel: {
          id,
          name: isIm ? undefined : `channel-${id.toLowerCase()}`,
          is_channel: !isIm,
          is_im: isIm,
          is_member: true,
        },
      };
    },
    'files.info': (body) => {
      const file = files.get(String(body.file ?? ''));
      return file ? { ok: true, file: file.meta } : error('file_not_found');
    },
    'files.getUploadURLExternal': (body) => {
      const length = Number(body.length);
      if (!body.filename || !Number.isInteger(length) || length <= 0) return error('invalid_arguments');
      const id = `F${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
      pendingUploads.set(id, { filename: String(body.filename), length });
      return { ok: true, upload_url: `${origin}/upload/${id}`, file_id: id };
    },
    'files.completeUploadExternal': (body) => {
      const list = body.files as { id: string; title?: string }[] | undefined;
      if (!Array.isArray(list) || list.length === 0) return error('invalid_arguments');
      for (const f of list) if (!uploads.has(f.id)) return error('file_not_found', { file_id: f.id });
      return {
        ok: true,
        files: list.map((f) => ({
          id: f.id,
          title: f.title ?? pendingUploads.get(f.id)?.filename,
          name: pendingUploads.get(f.id)?.filename,
        })),
      };
    },
  };

  const readBody = (req: IncomingMessage): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });

  const decode = (req: IncomingMessage, raw: Buffer): Record<string, unknown> => {
    const type = req.headers['content-type'] ?? '';
    const text = raw.toString('utf8');
    if (type.includes('application/json')) return text ? (JSON.parse(text) as Record<string, unknown>) : {};
    const body: Record<string, unknown> = Object.fromEntries(new URLSearchParams(text));
    for (const field of JSON_FIELDS) {
      if (typeof body[field] === 'string') {
        try {
          body[field] = JSON.parse(body[field] as string);
        } catch {
          // Not JSON: leave the string for the method to reject.
        }
      }
    }
    return body;
  };

  const send = (res: ServerResponse, status: number, payload: unknown, type = 'application/json; charset=utf-8') => {
    res.writeHead(status, { 'content-type': type });
    res.end(typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', origin);
    const raw = await readBody(req);
    const auth = req.headers.authorization ?? '';

    if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
      const method = url.pathname.slice('/api/'.length);
      const body = decode(req, raw);
      const token = auth.startsWith('Bearer ') ? auth.slice('Bearer '.length) : (body.token as string | undefined);
      recorded.push({ method, body, at: Date.now() });
      if (!token) return send(res, 200, error('not_authed'));
      if (!token.startsWith('xoxb-') || token !== botToken) return send(res, 200, error('invalid_auth'));
      const limited = rateLimits.get(method);
      if (limited && limited.left > 0) {
        limited.left -= 1;
        res.writeHead(429, {
          'content-type': 'application/json; charset=utf-8',
          'retry-after': String(limited.retryAfter),
        });
        return res.end(JSON.stringify(error('ratelimited')));
      }
      const queued = failures.get(method);
      if (queued?.length) return send(res, 200, error(queued.shift() as string));
      const answer = methods[method];
      return send(res, 200, answer ? answer(body) : error('unknown_method'));
    }

    if (req.method === 'POST' && url.pathname.startsWith('/response/')) {
      const body = decode(req, raw);
      recorded.push({ method: 'response_url', body, path: url.pathname, at: Date.now() });
      const bad = messageChecks(body);
      // response_url answers plain `ok` or an error object with HTTP 400/404, not the Web API's envelope.
      return bad ? send(res, 400, bad) : send(res, 200, { ok: true });
    }

    if (req.method === 'POST' && url.pathname.startsWith('/upload/')) {
      const id = url.pathname.slice('/upload/'.length);
      if (!pendingUploads.has(id)) return send(res, 404, 'unknown upload', 'text/plain');
      // Slack takes the bytes raw or as multipart/form-data (what @slack/web-api sends).
      const type = req.headers['content-type'] ?? '';
      let bytes = raw;
      if (type.startsWith('multipart/form-data')) {
        const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
        const part = [...form.values()].find((v) => typeof v !== 'string');
        if (!part || typeof part === 'string') return send(res, 400, 'no file part', 'text/plain');
        bytes = Buffer.from(await part.arrayBuffer());
      }
      uploads.set(id, bytes);
      recorded.push({ method: 'file_upload', body: { file_id: id, bytes: bytes.length }, at: Date.now() });
      return send(res, 200, `OK - ${bytes.length}`, 'text/plain');
    }

    if (req.method === 'GET' && url.pathname.startsWith('/files-pri/')) {
      const id = url.pathname.split('/')[2]?.split('-')[1] ?? '';
      const file = files.get(id);
      if (!file) return send(res, 404, 'Not found', 'text/plain');
      // Real Slack answers an unauthenticated download with its sign-in page (200, HTML), not an error.
      if (auth !== `Bearer ${botToken}`)
        return send(res, 200, '<!DOCTYPE html><html><body>Sign in to Slack</body></html>', 'text/html');
      return send(res, 200, file.content, file.meta.mimetype);
    }

    return send(res, 404, { ok: false, error: 'not_found' });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) =>
      send(res, 500, { ok: false, error: 'internal_error', detail: String(err) }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const calls = (method?: string) => (method ? recorded.filter((c) => c.method === method) : [...recorded]);

  return {
    apiUrl: `${origin}/api/`,
    origin,
    botToken,
    teamId,
    botUserId,
    calls,
    async waitForCall(method, n = 1, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = calls(method);
        if (found.length >= n) return found;
        if (Date.now() >= deadline) {
          const seen = recorded.map((c) => c.method).join(', ') || 'none';
          throw new Error(
            `expected ${n} call(s) of ${method} within ${timeoutMs} ms, got ${found.length}; calls seen: ${seen}`,
          );
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    reset() {
      recorded = [];
      history.clear();
      failures = new Map();
      rateLimits = new Map();
      uploads = new Map();
      pendingUploads.clear();
    },
    rateLimitNext(method, retryAfter, times = 1) {
      rateLimits.set(method, { retryAfter, left: times });
    },
    failNext(method, code) {
      failures.set(method, [...(failures.get(method) ?? []), code]);
    },
    responseUrl: () => `${origin}/response/${randomUUID()}`,
    addUser,
    registerFile({ name, content, mimetype = 'text/csv', filetype = 'csv' }) {
      const id = `F${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
      const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
      const path = `${origin}/files-pri/${teamId}-${id}/${encodeURIComponent(name)}`;
      const meta: RegisteredFile = {
        id,
        name,
        mimetype,
        filetype,
        size: bytes.length,
        url_private: path,
        url_private_download: `${path}?download=1`,
      };
      files.set(id, { meta, content: bytes });
      return meta;
    },
    uploads: () => uploads,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
