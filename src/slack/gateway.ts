import { setTimeout as sleep } from 'node:timers/promises';
import { type ChatPostMessageArguments, ErrorCode, LogLevel, WebClient } from '@slack/web-api';
import type { SlackMessage, SlackView } from '../../views/message.js';
import type { Logger } from '../logger.js';

/**
 * The one way out to Slack: every Web API call the app makes goes through this port, so rate limits,
 * retries and the token live in one place. Use cases ask it for effects (post, edit, reply in a thread,
 * DM a person by e-mail, upload a file, open or publish a view), never for raw Web API methods.
 *
 * 429s: Slack answers with `Retry-After` (seconds). The client is told to hand those to us instead of
 * queueing them itself, and `call` waits that long and tries again, up to `maxRateLimitRetries` times and
 * `maxRetryWaitMs` in all, then fails with the rate-limit error. Other failures keep the Web API client's
 * own policy (network errors and 5xx are retried by it; `ok: false` answers are thrown at once).
 */

export interface SlackRef {
  channel: string;
  ts: string;
}

export interface SlackFileInfo {
  id: string;
  name: string;
  size: number | null;
  downloadUrl: string | null;
  /** Message ts the file was shared with in `channel`, when Slack says so. */
  shareTs(channel: string): string | null;
}

/** Message metadata that names what a post is for (Slack's `metadata.event_type` and a payload key). */
export interface PostMarker {
  type: string;
  key: string;
}

export interface SlackGateway {
  /**
   * Posts a message (in a thread when `threadTs` is set); returns where it landed. `marker` is stored as the
   * message's metadata so {@link findPost} can find it again.
   */
  post(
    channel: string,
    message: SlackMessage,
    opts?: { threadTs?: string | null; marker?: PostMarker },
  ): Promise<SlackRef>;
  /**
   * The bot's recent message in `channel` (a user id means the DM with them) carrying `marker`, or null:
   * how a retry learns whether an attempt that died mid-call was posted after all.
   */
  findPost(channel: string, marker: PostMarker): Promise<SlackRef | null>;
  /** Replaces a posted message. */
  update(ref: SlackRef, message: SlackMessage): Promise<void>;
  /** A message only `user` sees in `channel`. */
  ephemeral(channel: string, user: string, message: SlackMessage): Promise<void>;
  /** The Slack user with this e-mail, or null when the workspace has none. */
  userIdByEmail(email: string): Promise<string | null>;
  /** The user's IANA time zone, e-mail and real name, each null when Slack does not say. */
  userInfo(userId: string): Promise<{ timeZone: string | null; email: string | null; name: string | null }>;
  openModal(triggerId: string, view: SlackView): Promise<void>;
  publishHome(userId: string, view: SlackView): Promise<void>;
  fileInfo(fileId: string): Promise<SlackFileInfo | null>;
  /** GETs a private file URL with the bot token (Slack's file downloads are not Web API calls). */
  download(url: string): Promise<Response>;
  /** Uploads files shared together in `channel` (and thread), with an optional comment; returns their ids. */
  uploadFiles(share: {
    channel: string;
    threadTs?: string | null;
    comment?: string;
    files: { filename: string; title: string; content: Buffer }[];
  }): Promise<string[]>;
  /** `auth.test`: who the token belongs to (the status check). */
  whoAmI(): Promise<{ team: string | null; teamId: string | null; user: string | null; userId: string | null }>;
}

export interface SlackGatewayOptions {
  token: string;
  /** Web API base, e.g. the local stand-in in tests; Slack's own by default. */
  apiUrl?: string;
  logger: Logger;
  maxRateLimitRetries?: number;
  maxRetryWaitMs?: number;
}

export function createSlackGateway(opts: SlackGatewayOptions): SlackGateway {
  const client = new WebClient(opts.token, {
    slackApiUrl: opts.apiUrl,
    rejectRateLimitedCalls: true,
    // Our own log lines say what happened; the client's console logger would only repeat them.
    logLevel: LogLevel.ERROR,
  });
  const log = opts.logger;
  const maxRetries = opts.maxRateLimitRetries ?? 3;
  const maxWaitMs = opts.maxRetryWaitMs ?? 60_000;

  async function call<T>(method: string, run: () => Promise<T>): Promise<T> {
    let waited = 0;
    for (let attempt = 0; ; attempt++) {
      try {
        return await run();
      } catch (err) {
        const e = err as { code?: string; retryAfter?: number };
        if (e.code !== ErrorCode.RateLimitedError) throw err;
        const waitMs = Math.max(1, e.retryAfter ?? 1) * 1000;
        if (attempt >= maxRetries || waited + waitMs > maxWaitMs) throw err;
        waited += waitMs;
        log.warn({ method, retryAfterS: waitMs / 1000, attempt: attempt + 1 }, 'Slack rate limit; waiting Retry-After');
        await sleep(waitMs);
      }
    }
  }

  return {
    async post(channel, message, o = {}) {
      const args = {
        channel,
        text: message.text,
        // A plain-text reply has no blocks; Slack then renders `text` itself.
        ...(message.blocks.length > 0 ? { blocks: message.blocks } : {}),
        ...(o.threadTs ? { thread_ts: o.threadTs } : {}),
        ...(o.marker ? { metadata: { event_type: o.marker.type, event_payload: { key: o.marker.key } } } : {}),
      } as ChatPostMessageArguments;
      const res = await call('chat.postMessage', () => client.chat.postMessage(args));
      if (!res.ts) throw new Error('chat.postMessage returned no ts');
      return { channel: String(res.channel ?? channel), ts: res.ts };
    },
    async findPost(channel, marker) {
      const id = /^[UW]/.test(channel)
        ? (await call('conversations.open', () => client.conversations.open({ users: channel }))).channel?.id
        : channel;
      if (!id) return null;
      const res = await call('conversations.history', () =>
        client.conversations.history({ channel: id, limit: 100, include_all_metadata: true }),
      );
      const found = res.messages?.find(
        (m) =>
          m.metadata?.event_type === marker.type &&
          (m.metadata?.event_payload as { key?: unknown } | undefined)?.key === marker.key,
      );
      return found?.ts ? { channel: id, ts: found.ts } : null;
    },
    async update(ref, message) {
      await call('chat.update', () =>
        client.chat.update({ channel: ref.channel, ts: ref.ts, text: message.text, blocks: message.blocks }),
      );
    },
    async ephemeral(channel, user, message) {
      await call('chat.postEphemeral', () =>
        client.chat.postEphemeral({ channel, user, text: message.text, blocks: message.blocks }),
      );
    },
    async userIdByEmail(email) {
      try {
        return (await call('users.lookupByEmail', () => client.users.lookupByEmail({ email }))).user?.id ?? null;
      } catch (err) {
        if ((err as { data?: { error?: string } }).data?.error === 'users_not_found') return null;
        throw err;
      }
    },
    async userInfo(userId) {
      const user = (await call('users.info', () => client.users.info({ user: userId }))).user;
      return {
        timeZone: user?.tz ?? null,
        email: user?.profile?.email ?? null,
        name: user?.real_name || user?.profile?.real_name || user?.name || null,
      };
    },
    async openModal(triggerId, view) {
      await call('views.open', () => client.views.open({ trigger_id: triggerId, view }));
    },
    async publishHome(userId, view) {
      await call('views.publish', () => client.views.publish({ user_id: userId, view }));
    },
    async fileInfo(fileId) {
      const file = (await call('files.info', () => client.files.info({ file: fileId }))).file;
      if (!file) return null;
      const shares = (file.shares ?? {}) as Record<string, Record<string, { ts?: string }[]>>;
      return {
        id: file.id ?? fileId,
        name: file.name ?? fileId,
        size: typeof file.size === 'number' ? file.size : null,
        downloadUrl: file.url_private_download ?? file.url_private ?? null,
        shareTs: (channel) => shares.public?.[channel]?.[0]?.ts ?? shares.private?.[channel]?.[0]?.ts ?? null,
      };
    },
    download(url) {
      return fetch(url, { headers: { authorization: `Bearer ${opts.token}` } });
    },
    async uploadFiles(share) {
      const files: { id: string; title: string }[] = [];
      for (const f of share.files) {
        const target = await call('files.getUploadURLExternal', () =>
          client.files.getUploadURLExternal({ filename: f.filename, length: f.content.length }),
        );
        if (!target.upload_url || !target.file_id) throw new Error('files.getUploadURLExternal gave no upload_url');
        const put = await fetch(target.upload_url, { method: 'POST', body: f.content });
        if (!put.ok) throw new Error(`file upload failed with HTTP ${put.status}`);
        files.push({ id: target.file_id, title: f.title });
      }
      await call('files.completeUploadExternal', () =>
        client.files.completeUploadExternal({
          files: files as [{ id: string; title: string }],
          channel_id: share.channel,
          ...(share.threadTs ? { thread_ts: share.threadTs } : {}),
          ...(share.comment ? { initial_comment: share.comment } : {}),
        }),
      );
      return files.map((f) => f.id);
    },
    async whoAmI() {
      const res = await call('auth.test', () => client.auth.test());
      return {
        team: res.team ?? null,
        teamId: res.team_id ?? null,
        user: res.user ?? null,
        userId: res.user_id ?? null,
      };
    },
  };
}

/**
 * The port for a process without a bot token (e.g. `techhealth customers import`): every effect fails
 * with the reason, so a use case that needs Slack says what is missing instead of calling out half-set.
 */
export function unconfiguredSlack(): SlackGateway {
  const fail = async (): Promise<never> => {
    throw new Error('Slack is not configured: set SLACK_BOT_TOKEN');
  };
  return {
    post: fail,
    findPost: fail,
    update: fail,
    ephemeral: fail,
    userIdByEmail: fail,
    userInfo: fail,
    openModal: fail,
    publishHome: fail,
    fileInfo: fail,
    download: fail,
    uploadFiles: fail,
    whoAmI: fail,
  };
}
