import { describe, expect, it } from '@jest/globals';
import {
  apiUsageComponent,
  buildTechnicalEnvironment,
  integrationsComponent,
  technicalHealthScore,
  usageVsLimits,
} from '../../../../src/domain/environment/index.js';
import { CATALOG, fullInputs, NOW } from './fixtures.js';

describe('technical health score', () => {
  it('when components are known, then they are weighted 0.5 / 0.25 / 0.25 over the known ones', () => {
    expect(technicalHealthScore({ integrations: 80, apiUsage: 60, security: 100 }).score).toBe(80);
    // (0.5 × 80 + 0.25 × 50) / 0.75 = 70
    expect(technicalHealthScore({ integrations: 80, apiUsage: null, security: 50 })).toMatchObject({
      score: 70,
      rating: 'fair',
    });
    expect(technicalHealthScore({ integrations: null, apiUsage: null, security: null })).toMatchObject({
      score: null,
      rating: 'not_reported',
    });
  });

  it('when integrations differ in status and criticality, then critical ones count twice and unknown ones not at all', () => {
    expect(integrationsComponent([{ status: 'healthy', critical: true }, { status: 'disconnected' }])).toBe(67);
    expect(integrationsComponent([{ status: 'degraded' }, { status: 'unknown' }])).toBe(60);
    expect(integrationsComponent([{ status: 'degraded', score: 72 }])).toBe(72);
    expect(integrationsComponent([{ status: 'unknown' }])).toBeNull();
  });

  it('when 85% of a limit is used, then API usage loses 10 points; over 100% it loses 40', () => {
    expect(apiUsageComponent(usageVsLimits({ webhooks: 20 }, { webhooks: 17 }), null, null)).toBe(90);
    expect(apiUsageComponent(usageVsLimits({ webhooks: 20 }, { webhooks: 21 }), null, null)).toBe(60);
    expect(apiUsageComponent(usageVsLimits(undefined, undefined), null, null)).toBeNull();
  });
});

describe('buildTechnicalEnvironment', () => {
  it('when a customer has full data, then every section is filled and the score is computed by hand', () => {
    const env = buildTechnicalEnvironment(fullInputs(), NOW);
    // Integrations: Salesforce disconnected and critical (0 × 2), Slack healthy (100) → 100 / 3 = 33.
    // API usage: monthly projection 1,200,000 of 1,000,000 (−40) and 3 rate-limit hits (−10) → 50. Security 75.
    // 0.5 × 33 + 0.25 × 50 + 0.25 × 75 = 47.75 → 48.
    expect(env.healthScore).toEqual({
      score: 48,
      rating: 'poor',
      components: { integrations: 33, apiUsage: 50, security: 75 },
    });
    expect(env.environment).toEqual({
      deploymentType: 'multi-tenant cloud',
      dataResidency: 'US-West',
      backupRegion: 'US-East',
    });
    expect(env.integrations.needsAttention).toBe(1);
    expect(env.integrations.items[0].attention).toEqual({
      issue: 'Disconnected',
      error: 'Token refresh failed',
      endpoint: '/services/oauth2/token',
      recommendedAction: 'Re-authenticate the Salesforce connection (credentials expired or revoked)',
    });
    expect(env.apiUsage.projection).toMatchObject({
      method: 'daily_series',
      projectedCalls: 1_200_000,
      crossesOn: '2026-04-26',
    });
    expect(env.apiUsage.topEndpoints[0]).toEqual({ endpoint: '/v2/contacts', calls: 300_000, share: 0.5 });
    expect(env.compliance.items.map((c) => c.status)).toEqual(['covered', 'met', 'not_applicable']);
    expect(env.techStack.entries.map((e) => e.relevance)).toEqual([
      'potential_integration',
      'integrated',
      'potential_integration',
      'same_as_ours',
      'integrated',
    ]);
    expect(env.contacts.primary?.name).toBe('Mike Lee');
    expect(env.issues.map((i) => i.id)).toEqual(['s1', 's2']);
    expect(env.notReported).toEqual([]);
  });

  it('when a customer has full data, then recommendations are ranked by priority then impact', () => {
    const env = buildTechnicalEnvironment(fullInputs(), NOW);
    expect(env.recommendations.map((r) => [r.priority, r.area, r.subject, r.action])).toEqual([
      ['high', 'integrations', 'i1', 'send_alert_to_customer'],
      ['high', 'api_usage', 'apiCallsPerMonth', 'request_limit_increase'],
      ['medium', 'security', 'mfa', 'schedule_technical_review'],
      ['medium', 'api_usage', 'rateLimitPerSecond', 'request_limit_increase'],
      ['low', 'security', 'ipAllowlist', 'schedule_technical_review'],
      ['low', 'tech_stack', 'zendesk', 'create_integration_proposal'],
      ['low', 'tech_stack', 'hubspot', 'create_integration_proposal'],
      ['low', 'api_usage', 'rateLimitHits', 'request_limit_increase'],
    ]);
    expect(env.recommendations[1].text).toBe(
      'API calls are projected to reach the monthly limit on 2026-04-26 (60% used now, 120% projected by month end): request a limit increase or reduce calls',
    );
  });

  it('when nothing is known about a customer, then nothing is invented and every section says how to provide it', () => {
    const env = buildTechnicalEnvironment(
      { customer: { id: 'c2', name: 'Globex' }, environment: {}, catalog: CATALOG },
      NOW,
    );
    expect(env.healthScore.score).toBeNull();
    expect(env.integrations).toEqual({ reported: false, items: [], needsAttention: 0 });
    expect(env.apiUsage.projection).toBeNull();
    expect(env.apiUsage.health).toBeNull();
    expect(env.apiUsage.limits.every((l) => l.fraction === null)).toBe(true);
    expect(env.security.score.score).toBeNull();
    expect(env.compliance.items.every((c) => c.status === null)).toBe(true);
    expect(env.contacts.primary).toBeNull();
    expect(env.recommendations).toEqual([]);
    expect(env.notReported.map((n) => n.section)).toEqual([
      'integrations',
      'limits',
      'usage',
      'api_health',
      'security',
      'compliance',
      'tech_stack',
      'contacts',
    ]);
    expect(env.notReported.find((n) => n.section === 'usage')?.howToProvide).toBe(
      'send a usage_snapshot event or upload usage logs',
    );
  });

  it('when only part is known, then the score uses what is known and lists the rest', () => {
    const env = buildTechnicalEnvironment(
      {
        customer: { id: 'c3', name: 'Initech' },
        environment: {
          security: { mfa: 'enforced', auditLogging: false },
          technicalContacts: [{ name: 'Bo', primary: false }],
        },
        integrations: [],
        usage: { apiCallsThisMonth: 100_000 },
        catalog: CATALOG,
      },
      NOW,
    );
    // Security: 25 of (25 + 15) = 62.5 → 63; no other component is known.
    expect(env.healthScore).toEqual({
      score: 63,
      rating: 'fair',
      components: { integrations: null, apiUsage: null, security: 63 },
    });
    expect(env.apiUsage.projection).toMatchObject({ projectedCalls: 200_000, limit: null, warning: false });
    expect(env.notReported.map((n) => n.what)).toEqual([
      'Plan limits',
      'API health (last 30 days)',
      'Security: SSO, IP allowlist, API key rotation ≤ 90 days, Encryption at rest',
      'Compliance: dataResidency, soc2, gdpr, hipaa',
      'Tech stack',
      'Primary technical contact',
    ]);
  });
});
