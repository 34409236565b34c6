import { buildEnvironmentAlert } from '../../../views/environment-alert.js';
import type { SlackMessage } from '../../../views/message.js';
import type { Repos } from '../../db/index.js';
import type { IntegrationEvent } from '../../domain/detection/events.js';
import {
  type ConditionDecision,
  decideApiUsageHigh,
  decideIntegrationDown,
  decideSecurityChange,
  decideWebhookErrors,
} from '../../domain/environment/monitor.js';
import { isoDay, projectMonthlyCalls, usageVsLimits } from '../../domain/environment/usage.js';
import type { Logger } from '../../logger.js';
import type { SlackGateway } from '../../slack/gateway.js';
import type { AppliedChange } from './store.js';

/**
 * Monitoring of the technical environment (the spec's alert table), run by an Agenda job every minute:
 * integration down > 1 h → the CSM and the technical channel (high); API usage > 90 % of a limit → the CSM
 * with the projection and Request Limit Increase (medium); webhook errors > 10 % over the last hour → the
 * technical channel, naming the endpoint (medium). Security changes are told as they arrive (`securityChanged`):
 * every one is in the audit log; a weakening one also goes to the CSM. Each condition alerts once while it
 * holds and says once when it clears (environment_conditions), however many workers run the job.
 */

export const WEBHOOK_WINDOW_MS = 3_600_000;

type Target = { customerId: string; limitKey?: string; integrationId?: string };

export function createEnvironmentMonitor(deps: {
  repos: Repos;
  slack: SlackGateway;
  techChannelId: string | null;
  fallbackChannelId: string | null;
  logger: Logger;
  now?: () => number;
}) {
  const { repos, slack, logger } = deps;
  const now = deps.now ?? Date.now;
  const names = new Map<string, { name: string; csm: string | null }>();

  async function customerOf(id: string) {
    const hit = names.get(id);
    if (hit) return hit;
    const c = await repos.customers.findById(id);
    const v = { name: c?.name ?? 'Unknown customer', csm: c?.csmUserId ?? null };
    names.set(id, v);
    return v;
  }

  async function notify(d: ConditionDecision, effect: 'raise' | 'clear', target: Target): Promise<void> {
    const message: SlackMessage = buildEnvironmentAlert(d, { effect, ...target });
    const { csm } = await customerOf(target.customerId);
    const to = new Set<string>();
    if (d.notify.includes('csm')) {
      const r = csm ?? deps.fallbackChannelId;
      if (r) to.add(r);
    }
    if (d.notify.includes('technical_channel') && deps.techChannelId) to.add(deps.techChannelId);
    if (to.size === 0) logger.warn({ key: d.key }, 'environment alert has nobody to go to (no CSM, no channel)');
    for (const channel of to) {
      await slack
        .post(channel, message)
        .catch((err) => logger.error({ err, key: d.key, channel }, 'environment alert not sent'));
    }
  }

  /** Applies one decision: raise or clear through the dedup store, then tell; returns 1 when it told. */
  async function apply(d: ConditionDecision, target: Target): Promise<number> {
    if (d.effect === 'none') return 0;
    const state = await repos.environmentConditions.get(d.key);
    const at = new Date(now());
    const won =
      d.effect === 'raise'
        ? await repos.environmentConditions.raise(d.key, (state?.episode ?? 0) + 1, at, d.message)
        : await repos.environmentConditions.clear(d.key, state?.episode ?? 0, at);
    if (!won) return 0;
    logger.info({ key: d.key, effect: d.effect, severity: d.severity }, 'environment condition');
    await notify(d, d.effect, target);
    return 1;
  }
  const wasActive = async (key: string) => (await repos.environmentConditions.get(key))?.active ?? false;

  async function integrationsDown(): Promise<number> {
    const down = await repos.integrations.disconnected();
    const seen = new Set(down.map((i) => `integration_down:${i.id}`));
    let told = 0;
    for (const i of down) {
      const d = decideIntegrationDown(
        {
          integrationId: i.id,
          name: i.name,
          customerName: (await customerOf(i.customerId)).name,
          status: 'disconnected',
          downSince: i.since?.getTime() ?? null,
        },
        now(),
        await wasActive(`integration_down:${i.id}`),
      );
      told += await apply(d, { customerId: i.customerId, integrationId: i.id });
    }
    // Active conditions of integrations no longer disconnected: they cleared.
    for (const key of await repos.environmentConditions.activeKeys('integration_down:')) {
      if (seen.has(key)) continue;
      const integration = await repos.integrations.findMonitored(key.slice('integration_down:'.length));
      const name = integration?.name ?? 'The integration';
      const customerId = integration?.customerId ?? '';
      const d = decideIntegrationDown(
        {
          integrationId: key.slice('integration_down:'.length),
          name,
          customerName: (await customerOf(customerId)).name,
          status: integration?.status ?? 'unknown',
          downSince: null,
        },
        now(),
        true,
      );
      told += await apply(d, { customerId });
    }
    return told;
  }

  /** Only what the usage condition needs (limits, latest snapshot, daily series), not the whole summary. */
  async function usageOf(customerId: string) {
    const stored = await repos.customers.environmentOf(customerId);
    const usage = await repos.environmentUsage.latest(customerId);
    if (!stored || !usage) return null;
    const daily = await repos.environmentUsage.daily(customerId, isoDay(now() - 40 * 86_400_000));
    const limits = usageVsLimits(stored.environment.limits, usage);
    const projection = projectMonthlyCalls({
      apiCallsThisMonth: usage.apiCallsThisMonth,
      limit: stored.environment.limits?.apiCallsPerMonth,
      now: usage.at ?? now(),
      daily,
    });
    return { name: stored.customer.name, limits, projection };
  }

  async function usageHigh(): Promise<number> {
    let told = 0;
    for (const customerId of await repos.environmentUsage.customerIds()) {
      const u = await usageOf(customerId);
      if (!u) continue;
      for (const l of u.limits) {
        const key = `api_usage_high:${customerId}:${l.key}`;
        const d = decideApiUsageHigh(
          { customerId, customerName: u.name, limitKey: l.key, label: l.label, fraction: l.fraction },
          u.projection,
          await wasActive(key),
        );
        told += await apply(d, { customerId, limitKey: l.key });
      }
    }
    return told;
  }

  async function webhookErrors(): Promise<number> {
    const outcomes = await repos.events.webhookOutcomesSince(new Date(now() - WEBHOOK_WINDOW_MS));
    const groups = new Map<string, { customerId: string; endpoint: string; deliveries: number; failures: number }>();
    for (const o of outcomes) {
      const k = `webhook_errors:${o.customerId}:${o.endpoint}`;
      const g = groups.get(k) ?? { customerId: o.customerId, endpoint: o.endpoint, deliveries: 0, failures: 0 };
      g.deliveries++;
      if (o.failed) g.failures++;
      groups.set(k, g);
    }
    for (const key of await repos.environmentConditions.activeKeys('webhook_errors:')) {
      if (groups.has(key)) continue;
      const [, customerId, ...rest] = key.split(':');
      groups.set(key, { customerId, endpoint: rest.join(':'), deliveries: 0, failures: 0 });
    }
    let told = 0;
    for (const [key, g] of groups) {
      const d = decideWebhookErrors(
        { ...g, customerName: (await customerOf(g.customerId)).name, windowMs: WEBHOOK_WINDOW_MS },
        await wasActive(key),
      );
      told += await apply(d, { customerId: g.customerId });
    }
    return told;
  }

  return {
    /** One pass over every condition; returns how many alerts and all-clears were sent. */
    async run(): Promise<{ down: number; usage: number; webhooks: number }> {
      names.clear();
      return { down: await integrationsDown(), usage: await usageHigh(), webhooks: await webhookErrors() };
    },
    /** A newly audited security change: a weakening one tells the CSM, once per change. */
    async securityChanged(customerId: string, change: AppliedChange, event: IntegrationEvent): Promise<void> {
      const d = decideSecurityChange(
        { customerId, customerName: (await customerOf(customerId)).name, changeId: event.idempotencyKey },
        change.security,
      );
      if (d.notify.length === 0) return;
      await apply(d, { customerId });
    },
  };
}
export type EnvironmentMonitor = ReturnType<typeof createEnvironmentMonitor>;
