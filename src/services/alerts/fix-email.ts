import { EmailSendError, type GmailSender } from '../../adapters/gmail.js';
import type { Repos } from '../../db/index.js';
import type { Logger } from '../../logger.js';
import type { Alerting } from './index.js';
import { type AlertTemplates, templateModel } from './templates.js';

/**
 * Sends one fix-instructions email (an outreach record) to the customer's technical contact through Gmail.
 * The outreach lease makes the send exclusive (two workers, a retried job); a retryable failure is thrown
 * back to Agenda, which retries with backoff; the last failure, or a permanent one, is recorded and the
 * CSM is told in the alert's thread.
 *
 * Gmail has no idempotent send. So every attempt after the first (a timeout, a dropped connection, a
 * worker that died between the send and the record) first looks for the earlier attempt in the sender's
 * mail by the Message-ID derived from the outreach key; found, it is recorded as sent and not sent again.
 * If the search itself fails, nothing is sent: the attempt counts as failed (retried with backoff).
 */

export const EMAIL_MAX_ATTEMPTS = 5;
// Longer than one attempt can take (the Sent-mail look-up and the send, 30 s timeout each).
const LEASE_MS = 75_000;

export interface FixEmailSender {
  send(outreachKey: string): Promise<'sent' | 'skipped' | 'failed'>;
}

export function createFixEmailSender(deps: {
  repos: Repos;
  gmail: GmailSender;
  templates: AlertTemplates;
  alerting: Alerting;
  reconnectUrlPattern: string;
  logger: Logger;
  now?: () => number;
}): FixEmailSender {
  const now = deps.now ?? Date.now;
  return {
    async send(key) {
      const record = await deps.repos.outreach.lease(key, new Date(now()), LEASE_MS);
      if (!record) return 'skipped';
      const inc = record.signalId ? await deps.repos.incidents.findById(record.signalId) : null;
      const customer = await deps.alerting.customerContext(record.customerId);
      if (!inc || !customer) {
        await deps.repos.outreach.markAttemptFailed(key, 'the incident or customer no longer exists', true);
        return 'failed';
      }
      try {
        // Any earlier attempt, also one before a CSM's manual retry (which resets `attempts`), may have been sent.
        const earlier = record.totalAttempts > 1 ? await deps.gmail.findSent(key) : null;
        if (earlier) deps.logger.info({ outreach: key }, 'an earlier attempt was sent; recording it, not resending');
        const { providerMessageId } =
          earlier ??
          (await deps.gmail.send({
            to: customer.contact?.name ? { name: customer.contact.name, address: record.to } : record.to,
            ...deps.templates.renderFixEmail(
              templateModel(
                inc,
                customer,
                deps.reconnectUrlPattern,
                `${inc.openedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
              ),
            ),
            idempotencyKey: key,
            date: new Date(now()),
          }));
        const at = new Date(now());
        await deps.repos.outreach.markSent(key, providerMessageId, at);
        await deps.alerting.emailFinished(inc.id, { sent: true, at });
        deps.logger.info({ outreach: key, incident: inc.id, providerMessageId }, 'fix instructions emailed');
        return 'sent';
      } catch (err) {
        const retryable = err instanceof EmailSendError && err.retryable;
        const final = !retryable || record.attempts >= EMAIL_MAX_ATTEMPTS;
        const message = err instanceof Error ? err.message : String(err);
        await deps.repos.outreach.markAttemptFailed(key, message, final);
        deps.logger.warn({ outreach: key, attempt: record.attempts, final, err }, 'fix instructions email failed');
        if (!final) throw err;
        await deps.alerting.emailFinished(inc.id, { sent: false, error: message });
        return 'failed';
      }
    },
  };
}
