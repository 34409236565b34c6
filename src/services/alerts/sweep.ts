import { buildTaskReminder } from '../../../views/alert-message.js';
import type { AlertContext } from './context.js';
import type { AlertDelivery } from './deliver.js';
import type { AlertRenderer } from './view-model.js';

/** The periodic alert sweep's work: deliveries that became due, and reminders for overdue tasks. */

export function createAlertSweep(ctx: AlertContext, renderer: AlertRenderer, delivery: AlertDelivery) {
  const { repos, slack, now, recipientOf } = ctx;
  const { render } = renderer;
  const { refresh } = delivery;

  /** Incidents whose maintenance window ended, or whose first delivery failed: deliver them now. */
  async function deliverPending(): Promise<number> {
    const due = await repos.incidents.deferralEnded(new Date(now()));
    for (const inc of due) {
      await repos.incidents.setDeferred(inc.id, null);
      await refresh(inc.id);
    }
    // A failed or interrupted first post. The delivery claim (released on failure, run out after a crash)
    // lets one process post it, so an incident whose first post is under way right now is left alone.
    const failed = await repos.incidents.undelivered();
    let retried = 0;
    for (const inc of failed) {
      try {
        await refresh(inc.id);
        retried += 1;
      } catch (err) {
        ctx.logger.warn({ err, incident: inc.id }, 'alert delivery failed again; the next sweep retries');
      }
    }
    // Replies queued before the thread existed, left by a crash between the first post and posting them.
    for (const id of await repos.incidents.withQueuedReplies()) await delivery.postQueuedReplies(id);
    return due.length + retried;
  }

  /** Overdue tasks get one reminder DM each (none while the incident is snoozed). */
  async function remindOverdue(): Promise<number> {
    let sent = 0;
    for (const task of await repos.tasks.overdueWithoutReminder(new Date(now()))) {
      const inc = task.signalId ? await repos.incidents.findById(task.signalId) : null;
      if (!inc || inc.status === 'resolved') continue;
      if (inc.status === 'snoozed' && inc.snoozedUntil && inc.snoozedUntil.getTime() > now()) continue;
      const recipient = recipientOf(inc);
      if (!recipient || !(await repos.tasks.claimReminder(task.id, new Date(now())))) continue;
      const { view, timeZone } = await render(inc, recipient);
      await slack.post(recipient, buildTaskReminder(view, { now: now(), timeZone }));
      sent += 1;
    }
    return sent;
  }

  return { deliverPending, remindOverdue };
}
