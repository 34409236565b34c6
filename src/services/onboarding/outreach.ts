import { safeText } from '../../../views/format.js';
import { buildOutreachPreview, type OutreachDraftView } from '../../../views/outreach-preview.js';
import { EmailSendError, type GmailSender } from '../../adapters/gmail.js';
import type { CheckupOutreachRecord } from '../../db/checkup-outreach.js';
import { primaryContact } from '../../db/customers.js';
import type { Repos } from '../../db/index.js';
import type { CheckFinding, OutreachKind } from '../../domain/onboarding/types.js';
import type { Logger } from '../../logger.js';
import type { SlackGateway } from '../../slack/gateway.js';
import type { CheckSubject } from './notify.js';
import type { CheckupTemplates } from './templates.js';

/**
 * Customer outreach after a check-up (setup assistance, best practices, training, success story): drafted
 * from `templates/email/outreach-<kind>.*`, at most one per integration and kind. In `approval` mode the
 * CSM gets a preview with Send / Edit / Skip; in `auto` mode (or when the REST caller asks to send) it is
 * queued at once. Sending is an Agenda job (`checkup.outreach.send`); a send is claimed in MongoDB first,
 * so a double click, a retried job or two workers send one email.
 */

export const OUTREACH_MAX_ATTEMPTS = 5;
const SEND_LEASE_MS = 2 * 60_000;

export class OutreachError extends Error {
  override readonly name = 'OutreachError';
  constructor(
    readonly code: 'outreach.not_found' | 'outreach.no_contact' | 'outreach.already_decided' | 'outreach.invalid',
    message: string,
  ) {
    super(message);
  }
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The HTML part of an edited plain-text body: paragraphs and line breaks, everything escaped. */
export function textToHtml(text: string): string {
  const paragraphs = text.trim().split(/\n{2,}/);
  const body = paragraphs.map((p) => `<p style="margin:0 0 12px;">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`);
  return `<!doctype html><html><body style="font-family:Arial,sans-serif;font-size:14px;line-height:1.5;color:#1d1c1d;">${body.join('')}</body></html>`;
}

export function createCheckupOutreach(deps: {
  repos: Repos;
  slack: SlackGateway;
  templates: CheckupTemplates;
  gmail: GmailSender;
  mode: 'approval' | 'auto' | 'off';
  fallbackChannelId: string | null;
  schedule(outreachId: string): Promise<void>;
  logger: Logger;
  now: () => number;
}) {
  const { repos, slack, logger, now } = deps;

  async function viewOf(r: CheckupOutreachRecord): Promise<OutreachDraftView> {
    const [customer, integration] = await Promise.all([
      repos.customers.findById(r.customerId),
      repos.integrations.summaryOf(r.integrationId),
    ]);
    return {
      outreachId: r.id,
      kind: r.kind,
      customerName: customer?.name ?? 'the customer',
      integrationName: integration?.name ?? 'the integration',
      to: r.to,
      subject: r.subject,
      bodyText: r.text,
      reason: r.reason,
    };
  }

  /** Replaces the preview's buttons with what happened (the CSM sees the outcome where they clicked). */
  async function settlePreview(r: CheckupOutreachRecord, outcome: string): Promise<void> {
    if (!r.preview) return;
    const view = buildOutreachPreview(await viewOf(r));
    const blocks = [
      ...(view.blocks ?? []).filter((b) => b.type !== 'actions'),
      { type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: outcome }] },
    ];
    await slack
      .update(r.preview, { text: `${view.text} (${outcome})`, blocks })
      .catch((err) => logger.warn({ err, outreach: r.id }, 'could not update the outreach preview'));
  }

  /**
   * Drafts the `kind` email for the integration once (a second call returns the first draft); `send`
   * queues it without asking, else the mode decides. Null when outreach is off and nobody asked for it.
   */
  async function propose(
    s: CheckSubject,
    kind: OutreachKind,
    o: { reason: string; findings: CheckFinding[]; checkDay: number; send?: boolean; requested?: boolean },
  ): Promise<{ record: CheckupOutreachRecord; created: boolean } | null> {
    if (deps.mode === 'off' && !o.requested) return null;
    const profile = await repos.customers.findById(s.integration.customerId);
    if (!profile) throw new OutreachError('outreach.not_found', 'The integration’s customer no longer exists.');
    const contact = primaryContact(profile);
    const csm = profile.csmUserId ? await slack.userInfo(profile.csmUserId).catch(() => null) : null;
    const email = deps.templates.outreach(kind, {
      customerName: profile.name,
      contactName: contact?.name ?? null,
      integrationName: s.integration.name,
      purpose: s.entry.purpose,
      findings: o.findings.map((f) => ({ message: f.message })),
      csmName: csm?.name ?? null,
      checkDay: o.checkDay,
    });
    const autoSend = (o.send ?? deps.mode === 'auto') && contact !== null;
    const stored = await repos.checkupOutreach.createOnce(
      {
        integrationId: s.integration.id,
        customerId: profile.id,
        kind,
        status: autoSend ? 'pending' : 'awaiting_approval',
        to: contact?.email ?? null,
        ...email,
        reason: o.reason,
      },
      new Date(now()),
    );
    if (!stored.created) {
      if (o.send && stored.record.status === 'awaiting_approval')
        return { record: await approve(stored.record.id, 'api'), created: false };
      return stored;
    }
    if (autoSend) await deps.schedule(stored.record.id);
    else await postPreview(stored.record, profile.csmUserId);
    logger.info({ outreach: stored.record.id, kind, autoSend }, 'check-up outreach drafted');
    return stored;
  }

  async function postPreview(r: CheckupOutreachRecord, csmUserId: string | null) {
    const to = csmUserId ?? deps.fallbackChannelId;
    if (!to) {
      logger.error({ outreach: r.id }, 'outreach draft has no CSM and no fallback channel to approve it');
      return;
    }
    const ref = await slack.post(to, buildOutreachPreview(await viewOf(r)));
    await repos.checkupOutreach.setPreview(r.id, ref, new Date(now()));
  }

  async function found(id: string): Promise<CheckupOutreachRecord> {
    const r = await repos.checkupOutreach.find(id);
    if (!r) throw new OutreachError('outreach.not_found', 'That draft no longer exists.');
    return r;
  }

  /** Send pressed (or the API asked): queues the email; a second press finds it queued or sent. */
  async function approve(id: string, by: string): Promise<CheckupOutreachRecord> {
    const r = await found(id);
    if (r.status === 'pending' || r.status === 'sent') return r;
    if (r.status === 'skipped') throw new OutreachError('outreach.already_decided', 'This email was skipped.');
    if (!r.to) throw new OutreachError('outreach.no_contact', 'The customer has no technical contact with an e-mail.');
    await repos.checkupOutreach.setStatus(id, 'pending', by, new Date(now()));
    await deps.schedule(id);
    const queued = { ...r, status: 'pending' as const };
    const who = /^[UW][A-Z0-9]+$/.test(by) ? `approved by <@${by}>` : 'asked for over the API';
    await settlePreview(queued, `:outbox_tray: Sending to ${r.to} (${who})…`);
    return queued;
  }

  async function skip(id: string, by: string): Promise<CheckupOutreachRecord> {
    const r = await found(id);
    if (r.status !== 'awaiting_approval' && r.status !== 'failed')
      throw new OutreachError(
        'outreach.already_decided',
        `This email is already ${r.status === 'pending' ? 'queued' : r.status}.`,
      );
    await repos.checkupOutreach.setStatus(id, 'skipped', by, new Date(now()));
    const skipped = { ...r, status: 'skipped' as const };
    await settlePreview(skipped, `:no_entry_sign: Skipped by <@${by}>; nothing was sent.`);
    return skipped;
  }

  /** The Edit modal's save: a new subject and body (HTML rebuilt from the text); only before sending. */
  async function edit(id: string, d: { subject: string; text?: string }, by: string): Promise<CheckupOutreachRecord> {
    const r = await found(id);
    if (r.status !== 'awaiting_approval')
      throw new OutreachError('outreach.already_decided', 'This email can no longer be edited.');
    const subject = d.subject.replace(/\s+/g, ' ').trim();
    if (!subject) throw new OutreachError('outreach.invalid', 'The subject must not be empty.');
    const text = d.text === undefined ? r.text : `${d.text.trim()}\n`;
    if (!text.trim()) throw new OutreachError('outreach.invalid', 'The message must not be empty.');
    const html = d.text === undefined ? r.html : textToHtml(text);
    await repos.checkupOutreach.setDraft(id, { subject, text, html }, by, new Date(now()));
    const edited = { ...r, subject, text, html };
    if (edited.preview)
      await slack.update(edited.preview, buildOutreachPreview(await viewOf(edited))).catch(() => undefined);
    return edited;
  }

  /** The send job: one email per draft, whatever retries or workers run it. */
  async function send(id: string): Promise<'sent' | 'skipped' | 'failed'> {
    const r = await repos.checkupOutreach.find(id);
    if (!r || r.status !== 'pending' || !r.to) return 'skipped';
    if (!(await repos.counters.claim(`checkup-outreach-send:${id}`, SEND_LEASE_MS))) return 'skipped';
    const current = await repos.checkupOutreach.find(id);
    if (current?.status !== 'pending') return 'skipped';
    const customer = await repos.customers.findById(r.customerId);
    const contact = customer ? primaryContact(customer) : null;
    const attempts = r.attempts + 1;
    const key = `checkup-outreach:${id}`;
    try {
      // Counted before the call: an attempt whose outcome is unknown (a crash, a timeout) is looked up in
      // the sender's mail by its derived Message-ID before anything is sent again.
      await repos.checkupOutreach.countAttempt(id, attempts, new Date(now()));
      const earlier = r.attempts > 0 ? await deps.gmail.findSent(key) : null;
      if (earlier) logger.info({ outreach: id }, 'an earlier attempt was sent; recording it, not resending');
      const { providerMessageId } =
        earlier ??
        (await deps.gmail.send({
          to: contact?.name ? { name: contact.name, address: r.to } : r.to,
          subject: r.subject,
          text: r.text,
          html: r.html,
          idempotencyKey: key,
          date: new Date(now()),
        }));
      await repos.checkupOutreach.markSent(id, providerMessageId, new Date(now()));
      await settlePreview(r, `:white_check_mark: Sent to ${r.to}.`);
      if (!r.preview) {
        const view = await viewOf(r);
        const sent = `:email: Sent the ${r.kind.replace(/_/g, ' ')} email about ${view.integrationName} to ${r.to} (${view.customerName}): “${r.subject}”`;
        await tellCsm(r, customer?.csmUserId ?? null, sent);
      }
      logger.info({ outreach: id, providerMessageId }, 'check-up outreach emailed');
      return 'sent';
    } catch (err) {
      const retryable = err instanceof EmailSendError && err.retryable;
      const final = !retryable || attempts >= OUTREACH_MAX_ATTEMPTS;
      const message = err instanceof Error ? err.message : String(err);
      await repos.checkupOutreach.markAttempt(id, attempts, message, final, new Date(now()));
      await repos.counters.release(`checkup-outreach-send:${id}`);
      logger.warn({ outreach: id, attempts, final, err }, 'check-up outreach email failed');
      if (!final) throw err;
      const outcome = `:warning: Could not send the ${r.kind.replace(/_/g, ' ')} email to ${r.to}: ${message}`;
      if (r.preview) await settlePreview(r, outcome);
      else await tellCsm(r, customer?.csmUserId ?? null, outcome);
      return 'failed';
    }
  }

  /** A note to the CSM about an email sent (or failed) without a preview to update (auto mode, the API). */
  async function tellCsm(r: CheckupOutreachRecord, csmUserId: string | null, text: string) {
    const to = csmUserId ?? deps.fallbackChannelId;
    if (!to) return;
    await slack
      .post(to, { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: safeText(text, 2900) } }] })
      .catch((err) => logger.warn({ err, outreach: r.id }, 'could not tell the CSM about the outreach'));
  }

  return { propose, approve, skip, edit, send, find: found, viewOf };
}
export type CheckupOutreach = ReturnType<typeof createCheckupOutreach>;
