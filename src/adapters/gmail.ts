import { createHash } from 'node:crypto';
// The Gmail module alone: the googleapis index loads every Google API (~0.7 s at start-up).
import { gmail_v1 } from 'googleapis/build/src/apis/gmail/v1.js';
import { type Address, buildMimeMessage, parseAddress, toGmailRaw } from '../domain/email/mime.js';
import type { Logger } from '../logger.js';
import type { GoogleAuth } from './google-auth.js';

/**
 * Sends e-mail as the configured mailbox through the Gmail API (`users.messages.send`, `rootUrl` points it
 * at a stand-in in tests). Gmail has no idempotent send, so this sends exactly once per call and never
 * retries on its own: the caller records `idempotencyKey` before and the provider id after, and decides
 * on a retry from `EmailSendError.retryable`. The Message-ID is derived from the key, so before a retry
 * the caller can look the earlier attempt up in the sender's mail (`findSent`) instead of sending again.
 */

export interface OutgoingEmail {
  to: Address | readonly Address[];
  cc?: readonly Address[];
  subject: string;
  text: string;
  html: string;
  /** e.g. the outreach record's key; the Message-ID is derived from it. */
  idempotencyKey: string;
  /** The Date header (the caller's clock). */
  date: Date;
}

export interface GmailSender {
  /** False when credentials or the sender address are missing; `send` then throws `email.not_configured`. */
  configured: boolean;
  send(email: OutgoingEmail): Promise<{ providerMessageId: string }>;
  /**
   * Gmail's id of the message sent earlier with this idempotency key (searched in the sender's mail by its
   * derived Message-ID, `users.messages.list q=rfc822msgid:…`), or null when there is none. For a send
   * whose outcome is unknown (timeout, dropped connection, crash before the outcome was recorded).
   * Throws EmailSendError when the search itself fails (a 403 means the grant lacks gmail.readonly).
   */
  findSent(idempotencyKey: string): Promise<{ providerMessageId: string } | null>;
}

export type EmailSendErrorCode = 'email.not_configured' | 'email.send_failed';

/**
 * A send that did not happen (or whose outcome is unknown, for timeouts). `retryable` says whether the
 * same message may succeed later (429, 5xx, network); `status` is Google's HTTP status when there was one.
 * The message is Google's (or the network error's), never a token.
 */
export class EmailSendError extends Error {
  override readonly name = 'EmailSendError';
  constructor(
    readonly code: EmailSendErrorCode,
    message: string,
    readonly retryable: boolean,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** What the admin must set before TechHealth can e-mail customers (the "not configured" answer). */
export function describeGmailSetup(missing: { credentials: boolean; sender: boolean }): string {
  return [
    'Gmail is not connected, so TechHealth cannot e-mail customers yet. Ask your TechHealth admin to set',
    ...(missing.credentials
      ? [
          'either:',
          '• `GOOGLE_CLIENT_ID`, `GOOGLE_CLIENT_SECRET` and `GOOGLE_REFRESH_TOKEN` (an OAuth grant of the sending mailbox, with the gmail.send and gmail.readonly scopes), or',
          '• `GOOGLE_APPLICATION_CREDENTIALS` (a service-account key with domain-wide delegation for gmail.send and gmail.readonly) and `GOOGLE_IMPERSONATE` (the Workspace mailbox it sends as),',
        ]
      : []),
    ...(missing.sender
      ? [`${missing.credentials ? 'and ' : ''}the sender address (the mailbox the e-mails come from),`]
      : []),
    'then restart the app.',
  ].join('\n');
}

/** `<th.<sha256(key)[0..32]>@<sender domain>>`: the same key always gives the same Message-ID. */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const domain = parseAddress(from, 'from').address.split('@')[1];
  return `<th.${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@${domain}>`;
}

export function createGmailSender(opts: {
  auth: GoogleAuth | null;
  rootUrl: string;
  from: string | null;
  logger: Logger;
  timeoutMs?: number;
}): GmailSender {
  const { auth, from, logger } = opts;
  if (!auth || !from) {
    const message = describeGmailSetup({ credentials: !auth, sender: !from });
    return {
      configured: false,
      async send() {
        throw new EmailSendError('email.not_configured', message, false);
      },
      async findSent() {
        throw new EmailSendError('email.not_configured', message, false);
      },
    };
  }
  // Validate the sender once at start-up rather than on the first alert.
  parseAddress(from, 'from');
  const api = new gmail_v1.Gmail({ auth, rootUrl: opts.rootUrl });
  const timeout = opts.timeoutMs ?? 30_000;

  return {
    configured: true,
    async send(email) {
      const messageId = messageIdFor(email.idempotencyKey, from);
      const raw = toGmailRaw(
        buildMimeMessage({
          from,
          to: email.to,
          cc: email.cc,
          subject: email.subject,
          text: email.text,
          html: email.html,
          messageId,
          date: email.date,
        }),
      );
      try {
        const res = await api.users.messages.send(
          { userId: 'me', requestBody: { raw } },
          // No automatic retry: a POST whose outcome is unknown could send twice; the caller owns retries.
          { timeout, retry: false },
        );
        const providerMessageId = res.data.id;
        if (!providerMessageId)
          throw new EmailSendError('email.send_failed', 'Gmail accepted the message without an id', false);
        logger.info({ providerMessageId, messageId }, 'email sent');
        return { providerMessageId };
      } catch (err) {
        if (err instanceof EmailSendError) throw err;
        const failure = toSendError(err);
        logger.warn(
          { messageId, status: failure.status, retryable: failure.retryable, reason: failure.message },
          'email send failed',
        );
        throw failure;
      }
    },
    async findSent(idempotencyKey) {
      const messageId = messageIdFor(idempotencyKey, from);
      try {
        const res = await api.users.messages.list(
          { userId: 'me', q: `rfc822msgid:${messageId.slice(1, -1)}`, includeSpamTrash: true, maxResults: 1 },
          { timeout, retry: false },
        );
        const id = res.data.messages?.[0]?.id;
        return id ? { providerMessageId: id } : null;
      } catch (err) {
        const failure = toSendError(err);
        logger.warn({ messageId, status: failure.status, reason: failure.message }, 'looking up a sent email failed');
        throw new EmailSendError(
          'email.send_failed',
          failure.status === 403
            ? `Could not check whether an earlier attempt was sent (${failure.message}); the Google grant needs the gmail.readonly scope`
            : `Could not check whether an earlier attempt was sent: ${failure.message}`,
          failure.retryable,
          failure.status,
        );
      }
    },
  };
}

const RETRYABLE_NETWORK_CODES = new Set([
  'ETIMEDOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/**
 * Gaxios errors carry the request config (with the Authorization header), so only the status, the code
 * and Google's message are copied; the original error is not kept as `cause`.
 */
function toSendError(err: unknown): EmailSendError {
  const e = err as {
    status?: number;
    response?: { status?: number; data?: { error?: { message?: string } } };
    code?: string | number;
    name?: string;
    message?: string;
  };
  const status = typeof e.status === 'number' ? e.status : (e.response?.status ?? null);
  const googleMessage = scrub(e.response?.data?.error?.message ?? e.message ?? 'unknown error');
  if (status !== null) {
    const retryable = status === 429 || status === 408 || status >= 500;
    return new EmailSendError('email.send_failed', `Gmail answered ${status}: ${googleMessage}`, retryable, status);
  }
  const code = typeof e.code === 'string' ? e.code : '';
  const aborted =
    e.name === 'AbortError' || e.name === 'TimeoutError' || /timeout|timed out|aborted/i.test(googleMessage);
  // Without a response the failure is the network's; the message may or may not have left, so say so.
  const retryable = aborted || RETRYABLE_NETWORK_CODES.has(code) || code.startsWith('E') || e.name === 'FetchError';
  return new EmailSendError(
    'email.send_failed',
    `Gmail could not be reached${code ? ` (${code})` : ''}: ${googleMessage}`,
    retryable,
    null,
  );
}

function scrub(message: string): string {
  return message.replace(/Bearer\s+\S+/gi, 'Bearer [redacted]').replace(/ya29\.[\w.-]+/g, '[redacted]');
}
