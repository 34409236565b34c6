import { describe, expect, it } from '@jest/globals';
import {
  type ConditionDecision,
  decideApiUsageHigh,
  decideIntegrationDown,
  decideSecurityChange,
  decideWebhookErrors,
  diffSecurity,
  projectMonthlyCalls,
} from '../../../../src/domain/environment/index.js';
import { NOW } from './fixtures.js';

const MIN = 60_000;

/** Runs a condition over a sequence of measurements the way a store of active keys would. */
function run<T>(inputs: T[], decide: (input: T, wasActive: boolean) => ConditionDecision): string[] {
  const active = new Set<string>();
  return inputs.map((input) => {
    const d = decide(input, active.has(decide(input, false).key));
    if (d.effect === 'raise') active.add(d.key);
    if (d.effect === 'clear') active.delete(d.key);
    return d.effect;
  });
}

describe('decideIntegrationDown', () => {
  const down = (minutes: number | null, status = 'disconnected') => ({
    integrationId: 'i1',
    name: 'Salesforce',
    customerName: 'Acme',
    status,
    downSince: minutes === null ? null : NOW - minutes * MIN,
  });

  it('when an integration is down 61 minutes, then a high alert goes to the CSM and the technical channel', () => {
    const d = decideIntegrationDown(down(61), NOW, false);
    expect(d).toMatchObject({
      key: 'integration_down:i1',
      effect: 'raise',
      severity: 'high',
      notify: ['csm', 'technical_channel'],
      message: 'Salesforce for Acme has been disconnected for more than 1 h',
    });
  });

  it('when it is down for an hour or less, then nothing happens yet', () => {
    expect(decideIntegrationDown(down(60), NOW, false).effect).toBe('none');
  });

  it('when it stays down and then reconnects, then it alerts once and says when it clears', () => {
    const effects = run([down(70), down(130), down(400), down(null, 'healthy'), down(null, 'healthy')], (i, was) =>
      decideIntegrationDown(i, NOW, was),
    );
    expect(effects).toEqual(['raise', 'none', 'none', 'clear', 'none']);
    expect(decideIntegrationDown(down(null, 'healthy'), NOW, true).message).toBe(
      'Salesforce for Acme is no longer down',
    );
  });
});

describe('decideApiUsageHigh', () => {
  const usage = (fraction: number | null) => ({
    customerId: 'c1',
    customerName: 'Acme',
    limitKey: 'apiCallsPerMonth',
    label: 'API calls this month',
    fraction,
  });

  it('when usage passes 90% of the monthly limit, then the CSM gets the projection and Request Limit Increase', () => {
    const projection = projectMonthlyCalls({ apiCallsThisMonth: 910_000, limit: 1_000_000, now: NOW });
    const d = decideApiUsageHigh(usage(0.91), projection, false);
    expect(d).toMatchObject({
      key: 'api_usage_high:c1:apiCallsPerMonth',
      effect: 'raise',
      severity: 'medium',
      notify: ['csm'],
      actions: ['request_limit_increase'],
    });
    expect(d.message).toBe(
      'Acme: API calls this month at 91% of the limit; projected to reach it on 2026-04-17 (182% by month end)',
    );
  });

  it('when usage hovers around 90%, then it alerts once and clears only under 85%', () => {
    const effects = run([0.89, 0.91, 0.89, 0.92, 0.86, 0.84, 0.91].map(usage), (u, was) =>
      decideApiUsageHigh(u, null, was),
    );
    expect(effects).toEqual(['none', 'raise', 'none', 'none', 'none', 'clear', 'raise']);
  });

  it('when the share is not known, then it does not hold', () => {
    expect(decideApiUsageHigh(usage(null), null, false).holds).toBe(false);
  });
});

describe('decideWebhookErrors', () => {
  const w = (deliveries: number, failures: number) => ({
    customerId: 'c1',
    customerName: 'Acme',
    endpoint: '/hooks/orders',
    deliveries,
    failures,
    windowMs: 60 * MIN,
  });

  it('when more than 10% of deliveries fail, then the technical channel hears about the endpoint', () => {
    const d = decideWebhookErrors(w(100, 15), false);
    expect(d).toMatchObject({
      key: 'webhook_errors:c1:/hooks/orders',
      effect: 'raise',
      severity: 'medium',
      notify: ['technical_channel'],
    });
    expect(d.message).toBe('Acme: 15% of webhook deliveries to /hooks/orders failed in the last 1 h (15 of 100)');
  });

  it('when exactly 10% fail or there are too few deliveries, then it does not hold', () => {
    expect(decideWebhookErrors(w(100, 10), false).holds).toBe(false);
    expect(decideWebhookErrors(w(5, 3), false).holds).toBe(false);
  });

  it('when the error rate falls back, then it clears once', () => {
    expect(run([w(100, 20), w(100, 30), w(100, 2), w(100, 1)], decideWebhookErrors)).toEqual([
      'raise',
      'none',
      'clear',
      'none',
    ]);
  });
});

describe('decideSecurityChange', () => {
  const c = { customerId: 'c1', customerName: 'Acme', changeId: 'evt_9' };

  it('when MFA is turned off, then the audit entry is low and the CSM is told', () => {
    const d = decideSecurityChange(
      c,
      diffSecurity({ mfa: 'enforced', ipAllowlist: true }, { mfa: 'off', ipAllowlist: true }),
    );
    expect(d).toMatchObject({ key: 'security_change:c1:evt_9', effect: 'raise', severity: 'low', notify: ['csm'] });
    expect(d.message).toBe('Acme: security weakened — MFA changed from enforced to off');
  });

  it('when security is strengthened, then it is only audited', () => {
    const d = decideSecurityChange(c, diffSecurity({ ipAllowlist: false }, { ipAllowlist: true }));
    expect([d.effect, d.notify]).toEqual(['raise', []]);
  });

  it('when nothing changed, then nothing happens', () => {
    expect(decideSecurityChange(c, diffSecurity({ mfa: 'off' }, { mfa: 'off' })).effect).toBe('none');
  });
});
