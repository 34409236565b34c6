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
    return due.length;
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
