/**
 * The technical environment summary (the spec's `TechnicalEnvironment`): everything a CSM or a solutions
 * engineer wants before talking to a customer, built from stored data only. Whatever is missing is listed
 * in `notReported` with how to provide it; nothing is invented.
 */
import {
  apiUsageComponent,
  type IntegrationStatus,
  integrationsComponent,
  type TechnicalHealthScore,
  technicalHealthScore,
} from './health.js';
import { buildRecommendations, type EnvironmentRecommendation } from './recommend.js';
import type { ComplianceStatus, Environment, SecurityConfig, TechnicalContact } from './schema.js';
import { type SecurityScore, securityScore } from './security.js';
import { assessTechStack, type CatalogEntry, type IntegrationOpportunity, type TechStackEntry } from './tech-stack.js';
import {
  type ApiHealth,
  apiHealth,
  type DailyUsage,
  type LimitUsage,
  type MonthProjection,
  projectMonthlyCalls,
  topEndpoints,
  type UsageSnapshot,
  usageVsLimits,
} from './usage.js';

/** An integration as stored (integrations collection plus the last report's figures). Times in epoch ms. */
export interface IntegrationInput {
  id: string;
  name: string;
  type: string;
  status: IntegrationStatus;
  critical?: boolean;
  connectedAt?: number | null;
  lastSuccessfulSync?: number | null;
  /** e.g. 'inbound', 'outbound', 'bidirectional'. */
  direction?: string | null;
  syncFrequency?: string | null;
  /** Fraction of successful syncs/calls in [0, 1]. */
  successRate?: number | null;
  recordsSynced?: number | null;
  lastError?: { message: string; code?: string | null; endpoint?: string | null; at?: number | null } | null;
  configuration?: Record<string, unknown>;
  /** Last technical health report score (0–100) for this integration. */
  score?: number | null;
}

/** An open technical issue (risk signal or incident). */
export interface IssueInput {
  id: string;
  title: string;
  severity: 'critical' | 'high' | 'medium' | 'low';
  integration?: string | null;
  openedAt: number;
}

export interface EnvironmentInputs {
  customer: { id: string; name: string };
  environment: Environment;
  /** Undefined when the integrations are not known at all; [] when the customer has none. */
  integrations?: IntegrationInput[];
  /** The latest `usage_snapshot`. */
  usage?: UsageSnapshot;
  /** Daily API traffic (usage logs, daily snapshots). */
  daily?: DailyUsage[];
  issues?: IssueInput[];
  /** The integrations we support. */
  catalog: readonly CatalogEntry[];
  /** Technologies of our own stack, for the `same_as_ours` relevance. */
  ours?: readonly string[];
}

export interface IntegrationSummary extends IntegrationInput {
  /** Set when it needs attention: what is wrong and what to do. */
  attention: { issue: string; error: string | null; endpoint: string | null; recommendedAction: string } | null;
}

export interface NotReported {
  section: 'integrations' | 'limits' | 'usage' | 'api_health' | 'security' | 'compliance' | 'tech_stack' | 'contacts';
  what: string;
  howToProvide: string;
}

export type ComplianceKey = 'soc2' | 'gdpr' | 'hipaa';

export interface TechnicalEnvironment {
  customer: { id: string; name: string };
  generatedAt: number;
  healthScore: TechnicalHealthScore;
  environment: { deploymentType: string | null; dataResidency: string | null; backupRegion: string | null };
  integrations: { reported: boolean; items: IntegrationSummary[]; needsAttention: number };
  apiUsage: {
    limits: LimitUsage[];
    projection: MonthProjection | null;
    health: ApiHealth | null;
    topEndpoints: { endpoint: string; calls: number; share: number }[];
  };
  security: { config: SecurityConfig | null; score: SecurityScore };
  compliance: {
    items: { key: ComplianceKey; label: string; status: ComplianceStatus | null }[];
    dpaSignedAt: string | null;
  };
  techStack: { reported: boolean; entries: TechStackEntry[]; opportunities: IntegrationOpportunity[] };
  contacts: { list: TechnicalContact[]; primary: TechnicalContact | null };
  issues: IssueInput[];
  recommendations: EnvironmentRecommendation[];
  notReported: NotReported[];
}

const PUT = 'PUT /api/customers/:id/environment or techhealth environment import';
const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3 } as const;

/**
 * Builds the summary from stored data at `now` (epoch ms): health score and components, integrations (with
 * what needs attention), API usage vs limits with the month-end projection, API health over 30 days, top
 * endpoints, security score, compliance, tech stack relevance and opportunities, contacts with the primary,
 * open issues (most severe first), ranked recommendations and what is not reported.
 * @example buildTechnicalEnvironment({ customer: { id: 'c1', name: 'Acme' }, environment: {}, catalog }, now).notReported.length // 8
 */
export function buildTechnicalEnvironment(inputs: EnvironmentInputs, now: number): TechnicalEnvironment {
  const env = inputs.environment;
  const integrations = (inputs.integrations ?? []).map(summarizeIntegration);
  const limits = usageVsLimits(env.limits, inputs.usage);
  const projection = projectMonthlyCalls({
    apiCallsThisMonth: inputs.usage?.apiCallsThisMonth,
    limit: env.limits?.apiCallsPerMonth,
    now: inputs.usage?.at ?? now,
    daily: inputs.daily,
  });
  const health = apiHealth(inputs.daily, now);
  const security = securityScore(env.security);
  const stack = assessTechStack(env.techStack ?? [], inputs.integrations ?? [], inputs.catalog, inputs.ours ?? []);
  const contacts = env.technicalContacts ?? [];
  const compliance = {
    items: (['soc2', 'gdpr', 'hipaa'] as const).map((key) => ({
      key,
      label: { soc2: 'SOC 2', gdpr: 'GDPR', hipaa: 'HIPAA' }[key],
      status: env.compliance?.[key] ?? null,
    })),
    dpaSignedAt: env.compliance?.dpaSignedAt ?? null,
  };
  const result: TechnicalEnvironment = {
    customer: inputs.customer,
    generatedAt: now,
    healthScore: technicalHealthScore({
      integrations: integrationsComponent(integrations),
      apiUsage: apiUsageComponent(limits, projection, health),
      security: security.score,
    }),
    environment: {
      deploymentType: env.compliance?.deploymentType ?? null,
      dataResidency: env.compliance?.dataResidency ?? null,
      backupRegion: env.compliance?.backupRegion ?? null,
    },
    integrations: {
      reported: inputs.integrations !== undefined,
      items: integrations,
      needsAttention: integrations.filter((i) => i.attention).length,
    },
    apiUsage: { limits, projection, health, topEndpoints: topEndpoints(inputs.usage?.endpoints) },
    security: { config: env.security ?? null, score: security },
    compliance,
    techStack: { reported: env.techStack !== undefined, ...stack },
    contacts: { list: contacts, primary: contacts.find((c) => c.primary) ?? null },
    issues: [...(inputs.issues ?? [])].sort(
      (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.openedAt - b.openedAt,
    ),
    recommendations: [],
    notReported: [],
  };
  result.notReported = listNotReported(inputs, result);
  result.recommendations = buildRecommendations(result);
  return result;
}

/**
 * Whether an integration needs attention, and what to do: disconnected or degraded, or a success rate
 * under 95 %. The action follows the error: 401/403/invalid_grant → re-authenticate, 429 → slow down or
 * raise the limit, 5xx/timeouts → check the customer's endpoint, otherwise reconnect or review errors.
 */
export function summarizeIntegration(i: IntegrationInput): IntegrationSummary {
  const lowSuccess = typeof i.successRate === 'number' && i.successRate < 0.95;
  if (i.status !== 'disconnected' && i.status !== 'degraded' && !lowSuccess) return { ...i, attention: null };
  const code = (i.lastError?.code ?? '').toLowerCase();
  let recommendedAction: string;
  if (/^(401|403)$|invalid_grant|unauthori[sz]ed|expired/.test(code)) {
    recommendedAction = `Re-authenticate the ${i.name} connection (credentials expired or revoked)`;
  } else if (code === '429') {
    recommendedAction = 'Reduce the request rate or request a higher rate limit';
  } else if (/^5\d\d$|timeout|etimedout|econnrefused/.test(code)) {
    recommendedAction = `Check the availability of the ${i.name} endpoint on the customer's side`;
  } else if (i.status === 'disconnected') {
    recommendedAction = `Reconnect ${i.name} from the integration settings`;
  } else {
    recommendedAction = `Review the recent ${i.name} errors with the customer's technical contact`;
  }
  const issue =
    i.status === 'disconnected'
      ? 'Disconnected'
      : i.status === 'degraded'
        ? 'Degraded'
        : `Success rate ${Math.floor((i.successRate ?? 0) * 1000) / 10}%`;
  return {
    ...i,
    attention: {
      issue,
      error: i.lastError?.message ?? null,
      endpoint: i.lastError?.endpoint ?? null,
      recommendedAction,
    },
  };
}

function listNotReported(inputs: EnvironmentInputs, r: TechnicalEnvironment): NotReported[] {
  const out: NotReported[] = [];
  const env = inputs.environment;
  if (inputs.integrations === undefined)
    out.push({
      section: 'integrations',
      what: 'Integrations',
      howToProvide: 'import customers with integrations, or send integration events',
    });
  if (!env.limits || Object.keys(env.limits).length === 0)
    out.push({ section: 'limits', what: 'Plan limits', howToProvide: `set limits (${PUT})` });
  if (!inputs.usage)
    out.push({ section: 'usage', what: 'API usage', howToProvide: 'send a usage_snapshot event or upload usage logs' });
  if (r.apiUsage.health === null)
    out.push({
      section: 'api_health',
      what: 'API health (last 30 days)',
      howToProvide: 'upload usage logs, or send daily usage_snapshot events',
    });
  if (r.security.score.notReported.length > 0)
    out.push({
      section: 'security',
      what: `Security: ${r.security.score.notReported.map((n) => n.label).join(', ')}`,
      howToProvide: `set security (${PUT})`,
    });
  const missingCompliance = ['dataResidency', 'soc2', 'gdpr', 'hipaa'].filter(
    (k) => env.compliance?.[k as 'soc2'] === undefined,
  );
  if (missingCompliance.length > 0)
    out.push({
      section: 'compliance',
      what: `Compliance: ${missingCompliance.join(', ')}`,
      howToProvide: `set compliance (${PUT})`,
    });
  if (env.techStack === undefined)
    out.push({
      section: 'tech_stack',
      what: 'Tech stack',
      howToProvide: 'import a technographics export (CSV or JSON)',
    });
  if (r.contacts.list.length === 0)
    out.push({ section: 'contacts', what: 'Technical contacts', howToProvide: `set technicalContacts (${PUT})` });
  else if (r.contacts.primary === null)
    out.push({
      section: 'contacts',
      what: 'Primary technical contact',
      howToProvide: 'mark one technical contact primary: true',
    });
  return out;
}
