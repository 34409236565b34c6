import { actionFailedMessage, alreadyRunningMessage } from '../../../views/action-messages.js';
import { buildEnvironmentSummary } from '../../../views/environment-summary.js';
import { parseLimitIncreaseValue } from '../../../views/ids.js';
import type { SlackMessage } from '../../../views/message.js';
import type { GmailSender } from '../../adapters/gmail.js';
import type { Repos } from '../../db/index.js';
import { renderIntegrationProposal } from '../../domain/environment/proposal.js';
import { renderEnvironmentMarkdown } from '../../domain/environment/render-markdown.js';
import type { TechnicalEnvironment } from '../../domain/environment/summary.js';
import type { Logger } from '../../logger.js';
import type { SlackGateway } from '../../slack/gateway.js';
import type { CallScheduler, SubmittedCall } from '../reports/schedule-call.js';
import { ephemeralAnswers } from '../tell.js';
import { environmentCharts } from './charts.js';
import { environmentPdf } from './pdf.js';
import type { EnvironmentSummaries } from './summary.js';

/**
 * The quick actions of a technical environment summary. Each runs once per click window (a stored claim, so
 * double clicks and two app instances do the work once) and answers where the summary is: in its thread, or
 * in the channel when the summary was an ephemeral answer (those have no thread). Failures are told to the
 * clicking CSM.
 */

export interface EnvironmentClick {
  user: string;
  channel: string;
  /** The summary message's thread; null when it was ephemeral. */
  threadTs: string | null;
  triggerId?: string;
}

const MINUTE = 60_000;
/** Slack's answers for a channel the bot cannot post in. */
const NOT_THERE = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);
const DAY = 24 * 60 * MINUTE;

const text = (t: string): SlackMessage => ({
  text: t,
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: t } }],
});
const slug = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'customer';

export function createEnvironmentActions(deps: {
  repos: Repos;
  summaries: EnvironmentSummaries;
  slack: SlackGateway;
  gmail: GmailSender;
  calls: CallScheduler;
  seChannelId: string | null;
  logger: Logger;
  now?: () => number;
}) {
  const { repos, slack, logger } = deps;
  const now = deps.now ?? Date.now;
  const tell = ephemeralAnswers(slack, logger);
  const day = () => new Date(now()).toISOString().slice(0, 10);

  /** Loads the summary and claims the work; null (and the CSM told why) when it must not run. */
  async function start(c: EnvironmentClick, customerId: string, key: string, windowMs: number, what: string) {
    const env = await deps.summaries.build(customerId);
    if (!env) return void (await tell(c.channel, c.user, text('That customer no longer exists.')));
    if (!(await repos.counters.claim(key, windowMs, c.user))) {
      return void (await tell(c.channel, c.user, alreadyRunningMessage(what)));
    }
    return env;
  }
  /**
   * Runs `post` where the summary is. An ephemeral summary (a slash command answer) may sit in a channel the
   * bot is not in: then the CSM gets the result in a DM instead.
   */
  async function where<T>(c: EnvironmentClick, post: (channel: string, threadTs: string | null) => Promise<T>) {
    try {
      return await post(c.channel, c.threadTs);
    } catch (err) {
      const code = (err as { data?: { error?: string } }).data?.error ?? '';
      if (c.threadTs !== null || !NOT_THERE.has(code)) throw err;
      const dm = await slack.post(c.user, text(`I cannot post in <#${c.channel}>, so here it is.`));
      return post(dm.channel, dm.ts);
    }
  }
  const reply = (c: EnvironmentClick, m: SlackMessage) =>
    where(c, (channel, threadTs) => slack.post(channel, m, { threadTs }));
  const files = (c: EnvironmentClick, comment: string, list: { filename: string; title: string; content: Buffer }[]) =>
    where(c, (channel, threadTs) => slack.uploadFiles({ channel, threadTs, comment, files: list }));
  const seChannel = async (c: EnvironmentClick) => {
    if (deps.seChannelId) return deps.seChannelId;
    await tell(c.channel, c.user, actionFailedMessage('Posting to solutions engineering', 'SE_CHANNEL_ID is not set'));
    return null;
  };

  return {
    /** An unexpected failure of `what`, told to the clicking CSM (the error itself is logged by the caller). */
    failed: (c: EnvironmentClick, what: string) =>
      tell(c.channel, c.user, actionFailedMessage(what, 'something went wrong; the error was logged')),
    /** Export Tech Summary: the summary as PDF (gauge, every section, any script) and Markdown in the thread. */
    async exportSummary(c: EnvironmentClick, customerId: string): Promise<void> {
      const env = await start(
        c,
        customerId,
        `env:export:${customerId}:${c.channel}:${c.threadTs}`,
        MINUTE,
        'The export',
      );
      if (!env) return;
      const markdown = renderEnvironmentMarkdown(env);
      const pdf = await environmentPdf(markdown, {
        title: `Technical environment — ${env.customer.name}`,
        score: env.healthScore.score,
        charts: await environmentCharts(env),
      });
      const base = `${slug(env.customer.name)}-technical-environment-${day()}`;
      await files(c, `Technical environment summary of ${env.customer.name}, exported by <@${c.user}>`, [
        { filename: `${base}.pdf`, title: `Technical environment — ${env.customer.name} (PDF)`, content: pdf },
        {
          filename: `${base}.md`,
          title: `Technical environment — ${env.customer.name} (Markdown)`,
          content: Buffer.from(markdown),
        },
      ]);
      logger.info({ customerId, bytes: pdf.length }, 'technical environment exported');
    },

    /** Request SE Support: the summary posted to the solutions-engineering channel, and a note where it was. */
    async requestSeSupport(c: EnvironmentClick, customerId: string): Promise<void> {
      const channel = await seChannel(c);
      if (!channel) return;
      const env = await start(
        c,
        customerId,
        `env:se:${customerId}:${c.channel}:${c.threadTs}`,
        10 * MINUTE,
        'The SE request',
      );
      if (!env) return;
      const summary = buildEnvironmentSummary(env, { now: now() });
      const posted = await slack.post(channel, {
        text: `<@${c.user}> asks for solutions-engineering support on ${env.customer.name}. ${summary.text}`,
        blocks: [
          text(`:raising_hand: <@${c.user}> asks for solutions-engineering support on *${env.customer.name}*.`)
            .blocks[0],
          ...summary.blocks,
        ].slice(0, 50),
      });
      await reply(c, text(`Sent to solutions engineering in <#${posted.channel}>.`));
    },

    /** Create Integration Proposal: a draft document from the opportunities, uploaded to the thread. */
    async createProposal(c: EnvironmentClick, customerId: string): Promise<void> {
      const env = await start(
        c,
        customerId,
        `env:proposal:${customerId}:${c.channel}:${c.threadTs}`,
        MINUTE,
        'The proposal',
      );
      if (!env) return;
      const doc = renderIntegrationProposal(env, now());
      if (!doc)
        return void (await tell(c.channel, c.user, text(`${env.customer.name} has no integration opportunities yet.`)));
      await files(
        c,
        `Draft integration proposal for ${env.customer.name} (${env.techStack.opportunities.length} opportunities)`,
        [
          {
            filename: `${slug(env.customer.name)}-integration-proposal.md`,
            title: `Integration proposal — ${env.customer.name}`,
            content: Buffer.from(doc),
          },
        ],
      );
    },

    /** Request Limit Increase: the usage, limit and projection posted to solutions engineering, once a day. */
    async requestLimitIncrease(c: EnvironmentClick, value: string): Promise<void> {
      const parsed = parseLimitIncreaseValue(value);
      if (!parsed) return;
      const channel = await seChannel(c);
      if (!channel) return;
      const key = `env:limit:${parsed.customerId}:${parsed.limitKey}:${day()}`;
      const env = await start(c, parsed.customerId, key, DAY, 'The limit increase request');
      if (!env) return;
      await slack.post(channel, text(limitRequestText(env, parsed.limitKey, c.user)));
      await reply(c, text(`Limit increase requested in <#${channel}>.`));
    },

    /** Send Alert to Customer: the integration's problem and the fix, e-mailed to the primary technical contact. */
    async sendAlert(c: EnvironmentClick, integrationId: string): Promise<void> {
      const integration = (await repos.integrations.findMonitored(integrationId)) ?? null;
      if (!integration) return void (await tell(c.channel, c.user, text('That integration no longer exists.')));
      if (!deps.gmail.configured) {
        return void (await tell(
          c.channel,
          c.user,
          actionFailedMessage('Sending the alert', 'Gmail is not configured'),
        ));
      }
      const key = `env:alert:${integrationId}:${day()}`;
      const env = await start(c, integration.customerId, key, DAY, 'The alert to the customer');
      if (!env) return;
      const item = env.integrations.items.find((i) => i.id === integrationId);
      const contact = env.contacts.primary ?? env.contacts.list.find((x) => x.email) ?? null;
      if (!item?.attention || !contact?.email) {
        await repos.counters.release(key);
        const why = !item?.attention
          ? `${integration.name} needs no attention now`
          : 'no technical contact has an e-mail';
        return void (await tell(c.channel, c.user, actionFailedMessage('Sending the alert', why)));
      }
      const body = [
        `Hello ${contact.name},`,
        '',
        `Our monitoring shows a problem with the ${item.name} integration of ${env.customer.name}: ${item.attention.issue}.`,
        ...(item.attention.error ? [`Last error: ${item.attention.error}`] : []),
        '',
        `Recommended action: ${item.attention.recommendedAction}.`,
        '',
        'Reply to this e-mail if you would like us to help.',
      ].join('\n');
      try {
        await deps.gmail.send({
          to: { name: contact.name, address: contact.email },
          subject: `Action needed: ${item.name} integration for ${env.customer.name}`,
          text: body,
          html: body
            .split('\n')
            .map((l) => `<p>${l.replace(/[&<>]/g, (ch) => `&#${ch.charCodeAt(0)};`)}</p>`)
            .join(''),
          idempotencyKey: key,
          date: new Date(now()),
        });
      } catch (err) {
        await repos.counters.release(key);
        throw err;
      }
      await reply(c, text(`Alert about ${item.name} e-mailed to ${contact.name} <${contact.email}> by <@${c.user}>.`));
    },

    /** Schedule Technical Review: the call modal with the technical contacts as attendees. */
    async openReview(
      c: EnvironmentClick & { triggerId: string },
      customerId: string,
      callbackId: string,
    ): Promise<void> {
      const ref = { reportId: customerId, channel: c.channel, threadTs: c.threadTs ?? '' };
      await deps.calls.openModal({
        triggerId: c.triggerId,
        user: c.user,
        ref,
        callbackId,
        subjectOf: async () => {
          const env = await deps.summaries.build(customerId);
          return env
            ? {
                customerId,
                customerName: env.customer.name,
                summary: `Technical review: ${env.customer.name}`,
                agenda: reviewAgenda(env),
              }
            : null;
        },
      });
    },
    async submitReview(s: SubmittedCall): Promise<void> {
      const customer = await repos.customers.findById(s.ref.reportId);
      const name = customer?.name ?? 'customer';
      await deps.calls.schedule({ ...s, subject: { customerName: name, summary: `Technical review: ${name}` } });
    },
  };
}
export type EnvironmentActions = ReturnType<typeof createEnvironmentActions>;

function limitRequestText(env: TechnicalEnvironment, limitKey: string, user: string): string {
  const l = env.apiUsage.limits.find((x) => x.key === limitKey);
  const used = l?.used ?? null;
  const share =
    l?.fraction === null || l?.fraction === undefined ? 'an unknown share' : `${Math.round(l.fraction * 100)}%`;
  const p = env.apiUsage.projection;
  const projection =
    limitKey === 'apiCallsPerMonth' && p
      ? ` Projected ${p.projectedCalls.toLocaleString('en-US')} calls by month end${p.crossesOn ? `, reaching the limit on ${p.crossesOn}` : ''}.`
      : '';
  return `:chart_with_upwards_trend: <@${user}> requests a limit increase for *${env.customer.name}*: ${l?.label ?? limitKey} at ${used?.toLocaleString('en-US') ?? '?'} of ${l?.limit?.toLocaleString('en-US') ?? '?'} (${share}).${projection}`;
}

function reviewAgenda(env: TechnicalEnvironment): string {
  const top = env.recommendations.slice(0, 5).map((r) => `- ${r.text}`);
  return ['Technical review', '', 'Recommendations to discuss:', ...(top.length ? top : ['- none open'])].join('\n');
}
