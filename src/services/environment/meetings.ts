import { buildEnvironmentSummary } from '../../../views/environment-summary.js';
import type { CalendarService } from '../../adapters/calendar.js';
import type { Repos } from '../../db/index.js';
import { normalizeCustomerName } from '../../domain/customers/match.js';
import type { Logger } from '../../logger.js';
import type { SlackGateway } from '../../slack/gateway.js';
import type { EnvironmentSummaries } from './summary.js';

/**
 * Auto-surface before technical meetings: for each CSM's Google Calendar events starting within the next
 * hour, a meeting with one of their customers' technical contacts, or with "technical", "integration" or
 * "architecture" and the customer's name in its title, gets that customer's technical environment summary
 * in a DM, once per meeting and customer (a stored claim, so reruns and several workers DM once).
 */

export const SURFACE_AHEAD_MS = 60 * 60_000;
const TOPIC = /\b(technical|integrations?|architecture)\b/i;
/** Claims outlive the meeting: a meeting moved within the hour is not surfaced twice. */
const CLAIM_MS = 7 * 24 * 60 * 60_000;

export function createMeetingSurface(deps: {
  repos: Repos;
  summaries: EnvironmentSummaries;
  slack: SlackGateway;
  calendar: CalendarService | null;
  logger: Logger;
  now?: () => number;
}) {
  const { repos, slack, logger } = deps;
  const now = deps.now ?? Date.now;

  /** The customers of this CSM with their normalised name and technical contacts' e-mails. */
  async function customersOf(csm: string) {
    const list = await repos.customers.ofCsm(csm);
    return Promise.all(
      list.map(async (c) => {
        const profile = await repos.customers.findById(c.id);
        const emails = new Set(
          (profile?.technicalContacts ?? []).flatMap((t) => (t.email ? [t.email.toLowerCase()] : [])),
        );
        return { id: c.id, name: c.name, key: normalizeCustomerName(c.name), emails };
      }),
    );
  }

  async function surfaceFor(csm: string): Promise<number> {
    const email = (await slack.userInfo(csm)).email;
    if (!email || !deps.calendar) return 0;
    const from = new Date(now());
    const meetings = await deps.calendar.listEvents(email, from, new Date(from.getTime() + SURFACE_AHEAD_MS));
    if (meetings.length === 0) return 0;
    const customers = await customersOf(csm);
    let sent = 0;
    for (const m of meetings) {
      const title = normalizeCustomerName(m.summary);
      const matched = customers.filter(
        (c) => m.attendees.some((a) => c.emails.has(a)) || (TOPIC.test(m.summary) && c.key && title.includes(c.key)),
      );
      for (const c of matched) {
        if (!(await repos.counters.claim(`env:meeting:${m.id}:${c.id}`, CLAIM_MS, csm))) continue;
        const env = await deps.summaries.build(c.id);
        if (!env) continue;
        const summary = buildEnvironmentSummary(env, { now: now() });
        const at = new Date(m.start).toISOString().slice(11, 16);
        const lead = `:calendar: Your meeting *${m.summary || 'without a title'}* starts at ${at} UTC. Here is ${c.name}'s technical environment.`;
        await slack.post(csm, {
          text: `Your meeting "${m.summary}" starts at ${at} UTC. ${summary.text}`,
          blocks: [
            { type: 'section' as const, text: { type: 'mrkdwn' as const, text: lead } },
            ...summary.blocks,
          ].slice(0, 50),
        });
        sent++;
      }
    }
    return sent;
  }

  return {
    /** One pass over every CSM's next hour; returns how many summaries were sent. */
    async run(): Promise<number> {
      if (!deps.calendar) return 0;
      let sent = 0;
      for (const csm of await repos.customers.csmUserIds()) {
        try {
          sent += await surfaceFor(csm);
        } catch (err) {
          logger.warn({ err, csm }, 'meeting auto-surface skipped a CSM');
        }
      }
      return sent;
    },
  };
}
export type MeetingSurface = ReturnType<typeof createMeetingSurface>;
