import { buildDigestMessage } from '../../../views/digest-message.js';
import { buildCsmDigest, nextDigestAt } from '../../domain/detection/digest.js';
import { DAY_MS } from '../../domain/detection/policy.js';
import { toZonedParts } from '../../domain/detection/zoned-time.js';
import type { AlertContext, CustomerContext } from './context.js';

export function createDigests(ctx: AlertContext) {
  const { repos, slack, config, now, customerContext, timeZoneOf } = ctx;

  /**
   * The daily digest: each CSM with open incidents gets one DM at `config.digestTime` in their own zone,
   * once per local day (claimed), listing open integration issues across their portfolio.
   */
  async function sendDigests(): Promise<number> {
    let sent = 0;
    const t = now();
    for (const csm of await repos.incidents.csmsWithOpenIncidents()) {
      const zone = await timeZoneOf(csm);
      // Due when the last digest instant (the next one, a day back) has passed today in the CSM's zone.
      const last = nextDigestAt(zone, config.digestTime, t - DAY_MS);
      if (last > t) continue;
      const local = toZonedParts(last, zone);
      const day = `${local.year}-${local.month}-${local.day}`;
      if (!(await repos.counters.claim(`digest:${csm}:${day}`, 2 * DAY_MS))) continue;
      const open = await repos.incidents.openForCsm(csm);
      const names = new Map<string, CustomerContext | null>();
      for (const i of open) if (!names.has(i.customerId)) names.set(i.customerId, await customerContext(i.customerId));
      const digest = buildCsmDigest(
        open.map((i) => ({
          incidentId: i.id,
          customerId: i.customerId,
          customerName: names.get(i.customerId)?.name ?? 'Unknown customer',
          customerArrUsd: names.get(i.customerId)?.arrUsd ?? null,
          integrationLabel: i.integrationLabel,
          failureClass: i.failureClass,
          status: i.healthStatus === 'healthy' ? i.worstStatus : i.healthStatus,
          severity: i.severity,
          openedAt: i.openedAt.getTime(),
          occurrences: i.occurrences,
          acknowledged: i.status === 'acknowledged',
        })),
        t,
      );
      if (digest.customers.length === 0) continue;
      const onboarding = (await ctx.onboardingMetricsFor?.(csm).catch(() => null)) ?? null;
      await slack.post(csm, buildDigestMessage(digest, { now: t, timeZone: zone, onboarding }));
      sent += 1;
    }
    return sent;
  }

  return { sendDigests };
}
