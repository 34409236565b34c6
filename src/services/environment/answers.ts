import { buildEnvironmentModal } from '../../../views/environment-modal.js';
import { buildEnvironmentCustomerMenu } from '../../../views/environment-pick.js';
import { buildEnvironmentSummary } from '../../../views/environment-summary.js';
import type { SlackMessage } from '../../../views/report-message.js';
import type { Repos } from '../../db/index.js';
import { matchCustomer } from '../../domain/customers/match.js';
import { parseEnvironmentQuestion } from '../../domain/environment/question.js';
import type { Logger } from '../../logger.js';
import type { SlackGateway } from '../../slack/gateway.js';
import type { EnvironmentSummaries } from './summary.js';

/**
 * The technical environment summary where CSMs ask for it: `/techhealth <customer>`, "what's the technical
 * setup for Acme?" in a DM or an @mention (answered in the thread), the customer menu when the name matches
 * several customers or none, and the details modal. A message that is not such a question gets no answer.
 */

export interface QuestionMessage {
  text: string;
  channel: string;
  ts: string;
  threadTs?: string | null;
  userId: string | null;
}

export interface EnvironmentAnswers {
  /** The summary of the customer `query` names, or the customer menu. */
  forQuery(query: string, userId: string | null): Promise<SlackMessage>;
  /** The summary of a customer picked from the menu (or a button), or the menu again when it is gone. */
  forCustomerId(customerId: string): Promise<SlackMessage>;
  /** Answers a question in its thread; false (and silent) when the message is not an environment question. */
  answerQuestion(m: QuestionMessage): Promise<boolean>;
  openDetails(triggerId: string, customerId: string): Promise<void>;
}

export function createEnvironmentAnswers(deps: {
  repos: Repos;
  summaries: EnvironmentSummaries;
  slack: SlackGateway;
  logger: Logger;
  now?: () => number;
}): EnvironmentAnswers {
  const now = deps.now ?? Date.now;
  const { repos } = deps;

  async function summaryOf(customerId: string): Promise<SlackMessage | null> {
    const env = await deps.summaries.build(customerId);
    return env ? buildEnvironmentSummary(env, { now: now() }) : null;
  }

  const answers: EnvironmentAnswers = {
    async forQuery(query, userId) {
      const all = await repos.customers.list();
      const { exact, suggestions } = matchCustomer(query, all, { limit: 10, minSimilarity: 0.7 });
      if (exact)
        return (await summaryOf(exact.id)) ?? buildEnvironmentCustomerMenu({ query, suggestions: [], others: [] });
      // No close name: offer the asker's own customers, else everyone (the menu holds 100).
      const mine = userId ? await repos.customers.ofCsm(userId) : [];
      const others = suggestions.length > 0 ? [] : mine.length > 0 ? mine : all;
      return buildEnvironmentCustomerMenu({
        query,
        suggestions: suggestions.map((s) => s.customer),
        others: [...others].sort((a, b) => a.name.localeCompare(b.name)),
      });
    },
    async forCustomerId(customerId) {
      return (
        (await summaryOf(customerId)) ??
        buildEnvironmentCustomerMenu({ query: customerId, suggestions: [], others: await repos.customers.list() })
      );
    },
    async answerQuestion(m) {
      const q = parseEnvironmentQuestion(m.text);
      if (!q) return false;
      const message = await answers.forQuery(q.customerQuery, m.userId);
      await deps.slack.post(m.channel, message, { threadTs: m.threadTs ?? m.ts });
      deps.logger.info({ intent: q.intent, channel: m.channel }, 'technical environment question answered');
      return true;
    },
    async openDetails(triggerId, customerId) {
      const env = await deps.summaries.build(customerId);
      if (!env) throw new Error(`customer ${customerId} not found`);
      await deps.slack.openModal(triggerId, buildEnvironmentModal(env, { now: now() }));
    },
  };
  return answers;
}
