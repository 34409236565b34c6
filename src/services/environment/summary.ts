import type { Repos } from '../../db/index.js';
import {
  buildTechnicalEnvironment,
  type IntegrationInput,
  type IssueInput,
  type TechnicalEnvironment,
} from '../../domain/environment/summary.js';
import type { CatalogEntry } from '../../domain/environment/tech-stack.js';
import { isoDay } from '../../domain/environment/usage.js';
import type { IntegrationReport } from '../../domain/report/types.js';

/**
 * The technical environment summary of one customer, from what is stored: the environment on the
 * customer, its integrations (with the last report's figures), the latest usage snapshot and the daily
 * series, and the open risk signals and incidents. Everything not stored is "not reported" (the domain).
 */

export interface EnvironmentSummaries {
  /** The summary at `now`, or null for an unknown customer id. */
  build(customerId: string): Promise<TechnicalEnvironment | null>;
}

const DAY = 86_400_000;
const SEVERITIES = new Set(['critical', 'high', 'medium', 'low']);

export function createEnvironmentSummaries(deps: {
  repos: Repos;
  catalog: readonly CatalogEntry[];
  /** Technologies of our own stack (the `same_as_ours` relevance). */
  ours?: readonly string[];
  now?: () => number;
}): EnvironmentSummaries {
  const { repos } = deps;
  const now = deps.now ?? Date.now;

  async function integrationsOf(customerId: string): Promise<IntegrationInput[]> {
    const [docs, latest] = await Promise.all([
      repos.integrations.listForCustomer(customerId),
      repos.reports.findLatest(customerId),
    ]);
    const fromReport = new Map<string, IntegrationReport>(
      (latest?.report.integrations ?? []).map((i) => [i.name.toLowerCase(), i]),
    );
    return docs.map((d) => {
      const r = fromReport.get(String(d.name).toLowerCase());
      const issue = r?.issues[0];
      const ms = (v: unknown) => (v instanceof Date ? v.getTime() : null);
      return {
        id: String(d._id),
        name: d.name,
        type: d.type,
        status: d.status,
        critical: d.critical ?? false,
        connectedAt: ms(d.connectedAt),
        lastSuccessfulSync: ms(d.lastSuccessfulSync),
        direction: d.direction ?? null,
        successRate: r?.successRate ?? null,
        recordsSynced: r ? r.requests : null,
        lastError: issue
          ? {
              message: issue.title,
              code: typeof issue.evidence.errorCode === 'string' ? issue.evidence.errorCode : null,
              endpoint: Array.isArray(issue.evidence.endpoints) ? String(issue.evidence.endpoints[0]) : null,
              at: issue.since ? Date.parse(issue.since) : null,
            }
          : null,
        configuration: (d.configuration ?? {}) as Record<string, unknown>,
        score: d.lastScore ?? r?.score ?? null,
      };
    });
  }

  async function issuesOf(customerId: string, names: Map<string, string>): Promise<IssueInput[]> {
    const signals = await repos.riskSignals.listOpen(customerId);
    return signals.map((s) => ({
      id: s.id,
      title: s.title,
      severity: (SEVERITIES.has(s.severity) ? s.severity : 'medium') as IssueInput['severity'],
      integration: names.get(s.integration) ?? s.integration ?? null,
      openedAt: s.firstSeen.getTime(),
    }));
  }

  return {
    async build(customerId) {
      const stored = await repos.customers.environmentOf(customerId);
      if (!stored) return null;
      const at = now();
      const integrations = await integrationsOf(customerId);
      const [usage, daily, issues] = await Promise.all([
        repos.environmentUsage.latest(customerId),
        repos.environmentUsage.daily(customerId, isoDay(at - 45 * DAY)),
        issuesOf(customerId, new Map(integrations.map((i) => [i.id, i.name]))),
      ]);
      return buildTechnicalEnvironment(
        {
          customer: { id: stored.customer.id, name: stored.customer.name },
          environment: stored.environment,
          // A customer no integration was ever recorded for: not reported rather than "none".
          integrations: integrations.length > 0 ? integrations : undefined,
          usage: usage ?? undefined,
          daily: daily.length > 0 ? daily : undefined,
          issues,
          catalog: deps.catalog,
          ours: deps.ours,
        },
        at,
      );
    },
  };
}
