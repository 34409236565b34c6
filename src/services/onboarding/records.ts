import type { CheckupOutreachRecord } from '../../db/checkup-outreach.js';
import type { IncidentRecord } from '../../db/incidents.js';
import type { Repos } from '../../db/index.js';
import type { IntegrationSummary } from '../../db/integrations.js';
import type { Catalog } from '../../domain/onboarding/catalog.js';
import { classifyIntegration } from '../../domain/onboarding/classify.js';
import { integrationHealthStatus } from '../../domain/onboarding/status.js';
import type {
  FindingKind,
  HealthCheck,
  IntegrationHealthCheck,
  IntegrationIssue,
  OutreachEntry,
} from '../../domain/onboarding/types.js';

/**
 * The spec's IntegrationHealthCheck for each integration, assembled from the stored checks, incidents,
 * usage snapshot and outreach. A list is read with one query per collection, whatever its length (the
 * dashboard shows a CSM's whole portfolio).
 */

/** The integration's type as the catalog should see it: the sender's spelling when we map it to custom_api. */
export const catalogTypeOf = (i: Pick<IntegrationSummary, 'type' | 'declaredType'>) => i.declaredType ?? i.type;

/** Issues from the checks: each finding kind from when a check found it until a later check no longer did. */
export function checkIssues(checks: readonly HealthCheck[]): IntegrationIssue[] {
  const done = checks
    .filter((c) => c.completedAt !== null && c.details !== null)
    .sort((a, b) => (a.completedAt ?? 0) - (b.completedAt ?? 0));
  const open = new Map<FindingKind, IntegrationIssue>();
  const out: IntegrationIssue[] = [];
  for (const check of done) {
    const at = check.completedAt as number;
    for (const kind of check.details?.evaluated ?? []) {
      const finding = check.findings.find((f) => f.kind === kind);
      const current = open.get(kind);
      if (!finding && current) {
        current.resolvedAt = at;
        open.delete(kind);
      } else if (finding && !current) {
        const issue: IntegrationIssue = {
          source: 'check',
          kind,
          severity: finding.severity,
          message: finding.message,
          openedAt: at,
          resolvedAt: null,
          stage: check.stage,
        };
        open.set(kind, issue);
        out.push(issue);
      } else if (finding && current && finding.severity === 'critical') current.severity = 'critical';
    }
  }
  return out;
}

function incidentIssue(inc: IncidentRecord): IntegrationIssue {
  return {
    source: 'incident',
    kind: inc.failureClass,
    severity: inc.severity === 'critical' || inc.severity === 'high' ? 'critical' : 'warning',
    message: inc.title,
    openedAt: inc.openedAt.getTime(),
    resolvedAt: inc.resolvedAt?.getTime() ?? null,
    incidentId: inc.id,
  };
}

const OUTREACH_STATE: Record<CheckupOutreachRecord['status'], OutreachEntry['state']> = {
  awaiting_approval: 'awaiting_approval',
  pending: 'queued',
  sent: 'sent',
  skipped: 'skipped',
  failed: 'failed',
};

export function createIntegrationRecords(deps: { repos: Repos; catalog: Catalog }) {
  const { repos, catalog } = deps;

  async function build(integrations: IntegrationSummary[]): Promise<IntegrationHealthCheck[]> {
    if (integrations.length === 0) return [];
    const ids = integrations.map((i) => i.id);
    const customerIds = [...new Set(integrations.map((i) => i.customerId))];
    const [checks, incidents, onboarding, outreach, customers] = await Promise.all([
      repos.healthChecks.forIntegrations(ids),
      repos.incidents.forIntegrations(ids),
      repos.onboarding.findMany(ids),
      repos.checkupOutreach.forIntegrations(ids),
      Promise.all(customerIds.map((id) => repos.customers.findById(id))),
    ]);
    const names = new Map(customers.flatMap((c) => (c ? [[c.id, c.name] as const] : [])));
    return integrations.map((i) => {
      const own = checks.get(i.id) ?? [];
      const cls = classifyIntegration(catalogTypeOf(i), i.name, catalog);
      const issues = [
        ...checkIssues(own),
        ...incidents.filter((inc) => inc.integrationId === i.id).map(incidentIssue),
      ].sort((a, b) => b.openedAt - a.openedAt);
      const completed = own.flatMap((c) => (c.completedAt === null ? [] : [c.completedAt]));
      return {
        customer: { id: i.customerId, name: names.get(i.customerId) ?? 'Unknown customer' },
        integration: {
          id: i.id,
          type: catalogTypeOf(i),
          name: i.name,
          category: cls.category,
          purpose: cls.purpose,
          connectedAt: (i.connectedAt ?? i.createdAt ?? new Date(own[0]?.scheduledFor ?? 0)).getTime(),
        },
        checks: own.map(({ stage, scheduledFor, completedAt, result, findings, details }) => ({
          stage,
          scheduledFor,
          completedAt,
          result,
          findings,
          details,
        })),
        status: integrationHealthStatus(own),
        issues,
        usage: onboarding.get(i.id)?.usage ?? null,
        outreach: outreach
          .filter((o) => o.integrationId === i.id)
          .map((o) => ({ kind: o.kind, state: OUTREACH_STATE[o.status], at: o.updatedAt })),
        lastCheckedAt: completed.length > 0 ? Math.max(...completed) : null,
      };
    });
  }

  return {
    async forIntegration(id: string): Promise<IntegrationHealthCheck | null> {
      const summary = await repos.integrations.summaryOf(id);
      return summary ? ((await build([summary]))[0] ?? null) : null;
    },
    async forCustomers(customerIds: readonly string[]): Promise<IntegrationHealthCheck[]> {
      return build(await repos.integrations.summariesFor(customerIds));
    },
    /** Every integration of the CSM's customers. */
    async forCsm(slackUserId: string): Promise<IntegrationHealthCheck[]> {
      const customers = await repos.customers.ofCsm(slackUserId);
      return build(await repos.integrations.summariesFor(customers.map((c) => c.id)));
    },
    /** Every integration (metrics), capped like the coverage sweep. */
    async all(): Promise<IntegrationHealthCheck[]> {
      return build(await repos.integrations.allSummaries());
    },
  };
}
export type IntegrationRecords = ReturnType<typeof createIntegrationRecords>;
