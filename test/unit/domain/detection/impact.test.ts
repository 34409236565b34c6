import { describe, expect, it } from '@jest/globals';
import { describeImpact, troubleshootingSteps } from '../../../../src/domain/detection/impact.js';
import type { FailureClass } from '../../../../src/domain/detection/types.js';
import { INTEGRATION_TYPES } from '../../../../src/domain/records.js';

const CLASSES: FailureClass[] = ['auth', 'oauth', 'webhook', 'sso', 'partial', 'silent', 'sync'];

describe('describeImpact', () => {
  it('when Salesforce disconnects, then the impact says CRM data stops syncing', () => {
    const impact = describeImpact('salesforce', 'oauth', 'disconnected');
    expect(impact.summary).toBe(
      'Account, contact and opportunity data stops syncing between Salesforce and the product.',
    );
    expect(impact.stops).toContain('CRM records no longer update');
  });
  it('when only some endpoints fail, then the impact names them and says the rest works', () => {
    expect(describeImpact('hubspot', 'partial', 'degraded', ['/crm/v3/deals']).summary).toBe(
      'Part of HubSpot is failing (/crm/v3/deals); the rest still works.',
    );
  });
  it('when degraded, then the summary says it happens at times', () => {
    expect(describeImpact('okta', 'sso', 'degraded').summary).toBe(
      'Okta is degraded (some requests fail), so at times: users cannot sign in through Okta, and provisioning stops.',
    );
  });
  it('when any catalogue type fails in any class, then there is an impact and 1–5 non-empty steps', () => {
    for (const { type } of INTEGRATION_TYPES) {
      for (const c of CLASSES) {
        expect(describeImpact(type, c, 'disconnected').summary.length).toBeGreaterThan(10);
        const steps = troubleshootingSteps(type, c);
        expect(steps.length).toBeGreaterThanOrEqual(1);
        expect(steps.length).toBeLessThanOrEqual(5);
        for (const s of steps) expect(s.trim()).not.toBe('');
      }
    }
  });
});

describe('troubleshootingSteps', () => {
  it('when Salesforce OAuth fails, then the Salesforce-specific check comes first, then reconnecting', () => {
    const steps = troubleshootingSteps('salesforce', 'oauth');
    expect(steps[0]).toMatch(/^In Salesforce Setup → Connected Apps OAuth Usage/);
    expect(steps.some((s) => s.startsWith('Click Reconnect'))).toBe(true);
  });
  it('when a webhook fails, then the steps are about the customer endpoint', () => {
    expect(troubleshootingSteps('webhook', 'webhook')[0]).toMatch(/webhook endpoint URL is reachable/);
  });
});
