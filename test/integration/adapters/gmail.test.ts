import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createGmailSender, EmailSendError, messageIdFor, type OutgoingEmail } from '../../../src/adapters/gmail.js';
import { createGoogleAuth, type GoogleAuth } from '../../../src/adapters/google-auth.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { type GoogleApiStandIn, startGoogleApi } from '../../support/google-api.js';

// The real googleapis / google-auth-library clients against the Google stand-in (no MongoDB needed).
let google: GoogleApiStandIn;
let auth: GoogleAuth;
beforeAll(async () => {
  google = await startGoogleApi();
  auth = (await createGoogleAuth(loadConfig(google.env()).google)) as GoogleAuth;
});
afterAll(async () => {
  await google.close();
});
beforeEach(() => google.reset());

const logger = createLogger('silent');
const subject = 'Action requise : reconnectez Salesforce — Acme GmbH ✅';
const email = (over: Partial<OutgoingEmail> = {}): OutgoingEmail => ({
  to: 'Jürgen Müller <juergen@acme.example>',
  cc: ['csm@vendor.example'],
  subject,
  text: 'Bonjour Jürgen,\nreconnectez Salesforce ✅',
  html: '<p>Bonjour Jürgen, reconnectez Salesforce ✅</p>',
  idempotencyKey: 'outreach:alert-1:fix-email',
  date: new Date('2026-12-02T04:36:01Z'),
  ...over,
});

const sender = (rootUrl = google.rootUrl) =>
  createGmailSender({ auth, rootUrl, from: 'TechHealth <cs@vendor.example>', logger });

async function sendError(promise: Promise<unknown>): Promise<EmailSendError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(EmailSendError);
    return err as EmailSendError;
  }
  throw new Error('expected the send to fail');
}

describe('Gmail sender through googleapis', () => {
  it('when an e-mail is sent, then Gmail receives one users.messages.send for "me" whose raw decodes to the message with the UTF-8 subject intact', async () => {
    const gmail = sender();
    expect(gmail.configured).toBe(true);
    const { providerMessageId } = await gmail.send(email());
    const [call] = await google.waitForCall('gmail.users.messages.send');
    expect(google.calls('gmail.users.messages.send')).toHaveLength(1);
    expect(call.path).toBe('/gmail/v1/users/me/messages/send');
    expect(call.authorization).toMatch(/^Bearer ya29\.test-/);
    expect(providerMessageId).toMatch(/^[0-9a-f]{16}$/);

    const message = Buffer.from((call.body as { raw: string }).raw, 'base64url').toString('utf8');
    const head = message.slice(0, message.indexOf('\r\n\r\n')).replace(/\r\n[ \t]/g, ' ');
    const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(head)?.[1] ?? '';
    const decoded = header('Subject')
      .replace(/\?=\s+=\?/g, '?==?')
      .replace(/=\?UTF-8\?B\?([^?]*)\?=/g, (_, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));
    expect(decoded).toBe(subject);
    expect(header('From')).toBe('TechHealth <cs@vendor.example>');
    expect(header('Cc')).toBe('<csm@vendor.example>');
    expect(header('Message-ID')).toBe(messageIdFor('outreach:alert-1:fix-email', 'cs@vendor.example'));
    expect(header('Date')).toBe('Wed, 02 Dec 2026 04:36:01 +0000');
    expect(message).toContain('Content-Type: text/plain; charset=UTF-8');
    expect(message).toContain('Content-Type: text/html; charset=UTF-8');
  });

  it('when the same idempotency key is sent again, then the Message-ID is the same, so the resend is recognisable', async () => {
    await sender().send(email());
    await sender().send(email({ date: new Date('2026-12-02T05:00:00Z') }));
    const ids = google
      .calls('gmail.users.messages.send')
      .map((c) => /Message-ID: (\S+)/.exec(Buffer.from((c.body as { raw: string }).raw, 'base64url').toString())?.[1]);
    expect(ids[0]).toBe(ids[1]);
    expect(messageIdFor('another-key', 'cs@vendor.example')).not.toBe(ids[0]);
  });

  it('when Gmail answers 500 or 429, then the error is retryable and no automatic retry was made', async () => {
    for (const status of [500, 503, 429]) {
      google.reset();
      google.failNext('gmail.users.messages.send', status, 'Backend Error');
      const err = await sendError(sender().send(email()));
      expect([err.code, err.retryable, err.status]).toEqual(['email.send_failed', true, status]);
      expect(google.calls('gmail.users.messages.send')).toHaveLength(1);
    }
  });

  it("when Gmail answers 400, 401, 403 or 404, then the error is not retryable, carries Google's message and never the token", async () => {
    for (const status of [400, 401, 403, 404]) {
      google.reset();
      google.failNext('gmail.users.messages.send', status, `Denied ${status}: Mail service not enabled`);
      const err = await sendError(sender().send(email()));
      expect([err.code, err.retryable, err.status]).toEqual(['email.send_failed', false, status]);
      expect(err.message).toContain(`Denied ${status}: Mail service not enabled`);
      expect(google.calls('gmail.users.messages.send')).toHaveLength(1);
      const [call] = google.calls('gmail.users.messages.send');
      const token = (call.authorization ?? '').replace('Bearer ', '');
      expect(token).not.toBe('');
      expect(`${err.message} ${JSON.stringify(err)} ${String(err.stack)}`).not.toContain(token);
      expect(err.cause).toBeUndefined();
    }
  });

  it('when Gmail cannot be reached, then the error is retryable', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const err = await sendError(sender(`http://127.0.0.1:${port}/`).send(email()));
    expect([err.code, err.retryable, err.status]).toEqual(['email.send_failed', true, null]);
  });

  it('when the connection drops after Gmail accepted the send, then the error is retryable and findSent finds the message by its Message-ID', async () => {
    const gmail = sender();
    expect(await gmail.findSent(email().idempotencyKey)).toBeNull();
    google.dropAfterSendNext();
    const err = await sendError(gmail.send(email()));
    expect([err.code, err.retryable, err.status]).toEqual(['email.send_failed', true, null]);
    const [stored] = google.sent();
    expect(stored.messageId).toBe(messageIdFor(email().idempotencyKey, 'cs@vendor.example'));
    expect(await gmail.findSent(email().idempotencyKey)).toEqual({ providerMessageId: stored.id });
    expect(await gmail.findSent('another-key')).toBeNull();
  });

  it('when the sent-mail search is refused (403), then findSent throws and names the missing gmail.readonly scope', async () => {
    google.failNext('gmail.users.messages.list', 403, 'Request had insufficient authentication scopes.');
    const err = await sendError(sender().findSent(email().idempotencyKey));
    expect([err.retryable, err.status]).toEqual([false, 403]);
    expect(err.message).toMatch(/gmail\.readonly/);
  });

  it('when the message is invalid, then nothing is sent', async () => {
    await expect(sender().send(email({ to: 'not-an-address' }))).rejects.toMatchObject({
      code: 'email.invalid_address',
    });
    expect(google.calls('gmail.users.messages.send')).toHaveLength(0);
  });

  it('when credentials or the sender are missing, then the sender is not configured and send says what to set', async () => {
    const noAuth = createGmailSender({ auth: null, rootUrl: google.rootUrl, from: 'cs@vendor.example', logger });
    expect(noAuth.configured).toBe(false);
    const err = await sendError(noAuth.send(email()));
    expect([err.code, err.retryable]).toEqual(['email.not_configured', false]);
    expect(err.message).toContain('GOOGLE_REFRESH_TOKEN');
    expect(err.message).toContain('GOOGLE_APPLICATION_CREDENTIALS');
    const noFrom = createGmailSender({ auth, rootUrl: google.rootUrl, from: null, logger });
    expect(noFrom.configured).toBe(false);
    const err2 = await sendError(noFrom.send(email()));
    expect(err2.message).toContain('sender address');
    expect(err2.message).not.toContain('GOOGLE_REFRESH_TOKEN');
    expect(google.calls()).toHaveLength(0);
  });
});
