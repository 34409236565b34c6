import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_POLICY,
  isCriticalType,
  resolvePolicy,
  validatePolicy,
} from '../../../../src/domain/detection/policy.js';
import { INTEGRATION_TYPES } from '../../../../src/domain/records.js';

describe('resolvePolicy', () => {
  it('when a CRM is resolved, then it gets a 15 min expected sync interval and the global thresholds', () => {
    const p = resolvePolicy('salesforce');
    expect(p.silent).toEqual({ expectedIntervalMs: 900_000, factor: 3 });
    expect(p.auth).toEqual({ failures: 3, windowMs: 600_000 });
    expect(p.reopenWindowMs).toBe(86_400_000);
  });
  it('when an event-driven type is resolved, then the silent sweep is off', () => {
    expect(resolvePolicy('slack').silent.expectedIntervalMs).toBeNull();
    expect(resolvePolicy('custom_api').silent.expectedIntervalMs).toBeNull();
  });
  it('when overrides are layered, then later ones win field by field and nothing else changes', () => {
    const p = resolvePolicy('okta', { sso: { degraded: 2 } }, { sso: { windowMs: 60_000 } }, undefined);
    expect(p.sso).toEqual({ degraded: 2, disconnected: 20, windowMs: 60_000 });
    expect(p.webhook).toEqual(DEFAULT_POLICY.webhook);
  });
  it('when resolving, then the defaults are not mutated', () => {
    const before = structuredClone(DEFAULT_POLICY);
    resolvePolicy('salesforce', { auth: { failures: 9 } });
    expect(DEFAULT_POLICY).toEqual(before);
  });
});

describe('validatePolicy', () => {
  it('when every catalogue type is resolved with defaults, then each policy is valid', () => {
    for (const t of INTEGRATION_TYPES) expect([t.type, validatePolicy(resolvePolicy(t.type))]).toEqual([t.type, []]);
  });
  it('when thresholds are inconsistent, then every problem is listed', () => {
    const p = resolvePolicy('salesforce', {
      auth: { failures: 0 },
      webhook: { rateDegraded: 1.5, consecutiveDisconnected: 1 },
      sso: { disconnected: 1 },
    });
    expect(validatePolicy(p)).toEqual([
      'auth.failures must be a positive number (got 0)',
      'webhook.rateDegraded must be in (0, 1] (got 1.5)',
      'webhook.consecutiveDisconnected must be ≥ webhook.consecutiveDegraded',
      'webhook.rateDisconnected must be ≥ webhook.rateDegraded',
      'sso.disconnected must be ≥ sso.degraded',
    ]);
  });
  it('when asking whether a type is critical, then the catalogue answers', () => {
    expect(isCriticalType('salesforce')).toBe(true);
    expect(isCriticalType('slack')).toBe(false);
  });
});
