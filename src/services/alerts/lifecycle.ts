import type { IncidentRecord } from '../../db/incidents.js';
import { type AlertContext, fixEmailKey } from './context.js';
import type { AlertDelivery } from './deliver.js';

/** What the CSM does to an alert (acknowledge, snooze, ask for the fix email) and what comes back from it. */

export function createAlertLifecycle(ctx: AlertContext, delivery: AlertDelivery) {
  const { repos, config, now, customerContext } = ctx;
  const deps = ctx;
  const { refresh, threadReply } = delivery;

  /** Acknowledge or snooze from the alert's buttons; the message is edited to show who and until when. */
  async function setLifecycle(
    incidentId: string,
    status: 'acknowledged' | 'snoozed',
    by: string,
    snoozeMs = 0,
  ): Promise<IncidentRecord | null> {
    const until = status === 'snoozed' ? new Date(now() + snoozeMs) : null;
    const inc = await repos.incidents.setLifecycle(incidentId, status, by, until);
    if (inc) await refresh(inc.id);
    return inc;
  }

  /**
   * The CSM asks for the fix instructions: approves a held email or retries a failed one. Returns what
   * happened, for the ephemeral answer.
   */
  async function requestFixEmail(
    incidentId: string,
    by: string,
  ): Promise<{
    outcome: 'queued' | 'already_sent' | 'in_progress' | 'no_contact' | 'disabled' | 'not_found';
    to?: string;
  }> {
    const inc = await repos.incidents.findById(incidentId);
    if (!inc) return { outcome: 'not_found' };
    if (config.emailMode === 'off') return { outcome: 'disabled' };
    const customer = await customerContext(inc.customerId);
    if (!customer?.contact) return { outcome: 'no_contact' };
    const key = fixEmailKey(inc.id);
    const { record } = await repos.outreach.createOnce({
      key,
      kind: 'fix_instructions',
      signalId: inc.id,
      customerId: inc.customerId,
      to: customer.contact.email,
      status: 'pending',
    });
    if (record.status === 'sent') return { outcome: 'already_sent', to: record.to };
    const approved = await repos.outreach.approve(key, by);
    if (approved || record.status === 'pending') {
      await repos.incidents.setEmail(inc.id, { state: 'pending', to: record.to, at: null, error: null });
      await deps.scheduleEmail(key);
      await refresh(inc.id);
      return { outcome: 'queued', to: record.to };
    }
    return { outcome: 'in_progress', to: record.to };
  }

  /** After the email job: record the outcome on the incident, edit the alert, and say so on failure. */
  async function emailFinished(incidentId: string, result: { sent: true; at: Date } | { sent: false; error: string }) {
    const inc = await repos.incidents.findById(incidentId);
    if (!inc) return;
    await repos.incidents.setEmail(
      inc.id,
      result.sent
        ? { state: 'sent', to: inc.email.to, at: result.at, error: null }
        : { state: 'failed', to: inc.email.to, at: null, error: result.error },
    );
    if (!result.sent) {
      await threadReply(inc, `email-failed:${inc.id}:${inc.email.at?.getTime() ?? 0}:${result.error.slice(0, 40)}`, {
        text: `:warning: The fix instructions to ${inc.email.to ?? 'the technical contact'} could not be sent: ${result.error}. Press *Send Fix Instructions* to try again.`,
      });
    }
    await refresh(inc.id);
  }

  /** Snoozes that ran out become open again (and the message says so). */
  async function wakeSnoozed(): Promise<void> {
    for (const id of await repos.incidents.snoozeEnded(new Date(now()))) {
      const inc = await repos.incidents.setLifecycle(id, 'open', null, null);
      if (inc) await refresh(inc.id);
    }
  }

  return { setLifecycle, requestFixEmail, emailFinished, wakeSnoozed };
}
