import { buildUpstreamAlert } from '../../../views/alert-message.js';
import type { SlackMessage } from '../../../views/message.js';
import type { IncidentRecord } from '../../db/incidents.js';
import { isUpstreamOutage } from '../../domain/detection/outage.js';
import { DAY_MS, MINUTE_MS } from '../../domain/detection/policy.js';
import { integrationTypeInfo } from '../../domain/records.js';
import type { AlertContext, CustomerContext } from './context.js';
import type { AlertRenderer } from './view-model.js';

/**
 * Getting an incident in front of the CSM and keeping it current: the first post (a DM or fallback
 * channel post, or a line in an upstream-outage alert when several customers fail alike), edits when the
 * incident changes, and thread replies posted once per key.
 */

const OUTAGE_WINDOW_MS = 15 * MINUTE_MS;

export type AlertDelivery = ReturnType<typeof createAlertDelivery>;

export function createAlertDelivery(ctx: AlertContext, renderer: AlertRenderer) {
  const { repos, slack, config, logger, now, customerContext, timeZoneOf, recipientOf, refreshLock } = ctx;
  const { render } = renderer;

  /** Posts the first alert: a DM (or fallback channel post), or a line in the recipient's upstream alert. */
  async function deliver(inc: IncidentRecord): Promise<void> {
    const recipient = recipientOf(inc);
    if (!recipient) {
      logger.error(
        { incident: inc.id, customer: inc.customerId },
        'integration alert has no recipient: the customer has no CSM and ALERT_FALLBACK_CHANNEL_ID is unset',
      );
      await repos.incidents.markDelivered(inc.id, null);
      return;
    }
    if (!(await repos.counters.claim(`deliver:${inc.id}`, 60_000))) return;
    try {
      const since = new Date(now() - OUTAGE_WINDOW_MS);
      const sameType = await repos.incidents.openOfTypeSince(inc.integrationType, since);
      const customers = new Set(sameType.map((s) => s.customerId));
      if (isUpstreamOutage(customers.size, config.outageMinCustomers)) {
        const { alert } = await repos.upstreamAlerts.addIncident(
          recipient,
          inc.integrationType,
          inc.id,
          new Date(now()),
        );
        await repos.incidents.markDelivered(inc.id, alert.key);
        await refreshUpstream(alert.key);
        logger.info(
          { incident: inc.id, upstream: alert.key, customers: customers.size },
          'alert folded into upstream alert',
        );
        return;
      }
      // A worker that died between Slack's answer and the record leaves a DM nobody recorded: a later
      // attempt looks for it (by its metadata) before posting, so the CSM never gets the alert twice.
      const marker = { type: 'techhealth_alert', key: inc.id };
      const firstTry = await repos.counters.claim(`deliver-tried:${inc.id}`, 100 * 365 * DAY_MS);
      const earlier = firstTry ? null : await slack.findPost(recipient, marker).catch(() => null);
      if (earlier) {
        await repos.incidents.setSlackMessage(inc.id, earlier);
        logger.info({ incident: inc.id, recipient }, 'an earlier attempt had posted the alert; recorded it');
        return;
      }
      const { message } = await render(inc, recipient);
      await repos.incidents.setSlackMessage(inc.id, await slack.post(recipient, message, { marker }));
      logger.info({ incident: inc.id, recipient, severity: inc.severity }, 'integration alert sent');
    } catch (err) {
      // Give the claim back so the recovery sweep (or the next event) can try again.
      await repos.counters.release(`deliver:${inc.id}`);
      throw err;
    }
  }

  async function refreshUpstream(key: string): Promise<void> {
    const alert = await repos.upstreamAlerts.findByKey(key);
    if (!alert) return;
    const incidents = (await Promise.all(alert.incidentIds.map((id) => repos.incidents.findById(id)))).filter(
      (i): i is IncidentRecord => i !== null,
    );
    if (incidents.length === 0) return;
    const firstAt = Math.min(...incidents.map((i) => i.openedAt.getTime()));
    const all = await repos.incidents.openOfTypeSince(alert.integrationType, new Date(firstAt - OUTAGE_WINDOW_MS));
    const contexts = new Map<string, CustomerContext | null>();
    for (const i of incidents) {
      if (!contexts.has(i.customerId)) contexts.set(i.customerId, await customerContext(i.customerId));
    }
    const type = incidents[0].integrationType;
    const message = buildUpstreamAlert(
      {
        integrationType: type,
        integrationLabel: integrationTypeInfo(type).displayName,
        totalCustomers: new Set([...all, ...incidents].map((i) => i.customerId)).size,
        firstAt,
        customers: incidents.map((i) => ({
          customerId: i.customerId,
          customerName: contexts.get(i.customerId)?.name ?? 'Unknown customer',
          signalId: i.id,
          severity: i.severity,
          arrUsd: contexts.get(i.customerId)?.arrUsd ?? null,
          status: i.status === 'resolved' ? 'healthy' : i.healthStatus,
        })),
      },
      { now: now(), timeZone: await timeZoneOf(alert.recipient) },
    );
    if (alert.slackMessage) {
      await slack.update(alert.slackMessage, message);
      return;
    }
    if (!(await repos.counters.claim(`upstream-post:${key}`, 60_000))) return;
    await repos.upstreamAlerts.setSlackMessage(key, await slack.post(alert.recipient, message));
  }

  const threadOf = async (inc: IncidentRecord) =>
    inc.slackMessage ??
    (inc.upstreamKey ? (await repos.upstreamAlerts.findByKey(inc.upstreamKey))?.slackMessage : null) ??
    null;

  /**
   * Posts a thread reply under the incident's message (or its upstream alert) once per `onceKey`. Before
   * the alert has a thread (its first post failed or is still on its way), the reply is queued on the
   * incident and posted by the refresh that delivers the alert.
   */
  async function threadReply(
    inc: IncidentRecord,
    onceKey: string,
    message: { text: string; blocks?: SlackMessage['blocks'] },
  ) {
    const thread = await threadOf(inc);
    if (!thread) {
      await repos.incidents.queueReply(inc.id, { key: onceKey, text: message.text }, new Date(now()));
      return;
    }
    if (!(await repos.counters.claim(onceKey, 100 * 365 * DAY_MS))) return;
    try {
      await slack.post(thread.channel, { text: message.text, blocks: message.blocks ?? [] }, { threadTs: thread.ts });
    } catch (err) {
      await repos.counters.release(onceKey);
      throw err;
    }
  }

  /** Posts the replies queued before the alert had a thread. */
  async function postQueuedReplies(incidentId: string): Promise<void> {
    const inc = await repos.incidents.findById(incidentId);
    if (!inc?.pendingReplyAt) return;
    const thread = await threadOf(inc);
    if (!thread) return;
    for (const reply of inc.pendingReplies) {
      if (!(await repos.counters.claim(reply.key, 100 * 365 * DAY_MS))) continue;
      try {
        await slack.post(thread.channel, { text: reply.text, blocks: [] }, { threadTs: thread.ts });
      } catch (err) {
        await repos.counters.release(reply.key);
        throw err;
      }
    }
    await repos.incidents.dropReplies(
      inc.id,
      inc.pendingReplies.map((r) => r.key),
      inc.pendingReplyAt,
    );
  }

  /**
   * Brings Slack in line with the stored incident: posts the first alert once it is deliverable (not held
   * by maintenance), otherwise edits the existing message (or the upstream alert it is folded into).
   */
  function refresh(incidentId: string): Promise<void> {
    // One at a time per incident: a refresh that arrives while the first alert is being posted waits and
    // then edits it, instead of finding it undelivered, losing the delivery claim and doing nothing.
    return refreshLock(incidentId, async () => {
      const inc = await repos.incidents.findById(incidentId);
      if (!inc) return;
      if (!inc.delivered) {
        if (inc.status === 'resolved') return;
        if (inc.deferredUntil && inc.deferredUntil.getTime() > now()) return;
        await deliver(inc);
        await postQueuedReplies(inc.id);
        return;
      }
      if (inc.slackMessage) {
        const { message } = await render(inc, recipientOf(inc) ?? 'UTC');
        await slack.update(inc.slackMessage, message);
      }
      if (inc.upstreamKey) await refreshUpstream(inc.upstreamKey);
      if (inc.pendingReplyAt) await postQueuedReplies(inc.id);
    });
  }

  return { deliver, refresh, refreshUpstream, threadReply, postQueuedReplies };
}
