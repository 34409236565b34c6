import { describe, expect, it } from '@jest/globals';
import { evaluateCheck } from '../../../../src/domain/onboarding/evaluate.js';
import { DAY, entry, events, evidence, flowing, HOUR, T0 } from './builders.js';

const kinds = (o: { findings: { kind: string }[] }) => o.findings.map((f) => f.kind);

describe('evaluateCheck: technical verification', () => {
  it('when the connection event arrived and calls succeed, then the connection check passes', () => {
    const out = evaluateCheck('connection', evidence({ events: flowing(T0) }), entry('salesforce'), T0);
    expect(out.result).toBe('pass');
    expect(out.findings).toEqual([]);
    expect(out.details.measured).toMatchObject({ connections: 1, calls: 200, errorRate: 0 });
  });

  it('when nothing has arrived yet at day 0, then the connection check is pending, never a pass', () => {
    const out = evaluateCheck('connection', evidence(), entry('salesforce'), T0);
    expect(out.result).toBe('pending');
  });

  it('when auth failures came after the last success, then the connection failed (critical)', () => {
    const ev = events({
      connections: 1,
      connectionFailures: 3,
      failures: 3,
      lastSuccessAt: T0,
      lastFailureAt: T0 + 60_000,
    });
    const out = evaluateCheck('connection', evidence({ events: ev }), entry('hubspot'), T0 + HOUR);
    expect(out.result).toBe('fail');
    expect(out.findings[0]).toMatchObject({ kind: 'connection_failed', severity: 'critical' });
    expect(out.findings[0].message).toBe('3 connection failures and no successful call since');
  });

  it('when a success came after the failures, then the connection is not failing', () => {
    const ev = { ...flowing(T0), connectionFailures: 2, lastFailureAt: T0 - 2 * HOUR };
    expect(kinds(evaluateCheck('connection', evidence({ events: ev }), entry('hubspot'), T0))).toEqual([]);
  });

  it('when no data arrived by day 1, then the sync check fails with no data flow and no completed sync', () => {
    const ev = events({ connections: 1, syncErrors: 4, lastEventAt: T0 });
    const out = evaluateCheck('sync', evidence({ events: ev }), entry('salesforce'), T0 + DAY);
    expect(out.result).toBe('fail');
    expect(kinds(out)).toEqual(['no_data_flow', 'sync_incomplete']);
    expect(out.findings[1].message).toBe('No sync has completed; 4 syncs failed');
  });

  it('when 12% of 200 events failed, then the error rate is too high (warning); from 50% critical', () => {
    const now = T0 + DAY;
    const ev = { ...flowing(now, 176), failures: 24 };
    const out = evaluateCheck('sync', evidence({ events: ev }), entry('salesforce'), now);
    expect(out.findings).toEqual([
      expect.objectContaining({
        kind: 'high_error_rate',
        severity: 'warning',
        message: 'High error rate: 12% of 200 events failed (limit 5% errors, 95% success)',
      }),
    ]);
    const bad = { ...flowing(now, 50), failures: 60 };
    expect(evaluateCheck('sync', evidence({ events: bad }), entry('salesforce'), now).result).toBe('fail');
  });

  it('when only a few calls were made, then the error rate is not judged', () => {
    const ev = { ...flowing(T0, 3), failures: 3 };
    const out = evaluateCheck('connection', evidence({ events: ev }), entry('salesforce'), T0);
    expect(kinds(out)).toEqual([]);
    expect(out.details.measured.errorRate).toBeNull();
  });

  it('when the latest scored report shows a low API call success rate, then that is a high error rate', () => {
    const report = { reportId: 'r1', generatedAt: T0, errorRate: 0.03, successRate: 0.9, calls: 5000 };
    const out = evaluateCheck('sync', evidence({ events: flowing(T0 + DAY), report }), entry('salesforce'), T0 + DAY);
    expect(out.findings[0].kind).toBe('high_error_rate');
    expect(out.findings[0].message).toContain('the latest report shows 3% errors and 90% API call success');
    expect(out.details.measured.reportId).toBe('r1');
  });

  it('when a CRM has had no fresh data for 3 h, then the data is stale (its limit is 2 h); a webhook never is', () => {
    const now = T0 + DAY;
    const out = evaluateCheck('sync', evidence({ events: flowing(now, 200, 3 * HOUR) }), entry('salesforce'), now);
    expect(out.findings).toEqual([
      expect.objectContaining({ kind: 'stale_data', message: 'Newest data is 3 h old (limit 2 h)' }),
    ]);
    const hook = evaluateCheck('usage', evidence({ events: flowing(now, 200, 5 * DAY) }), entry('webhook'), now);
    expect(kinds(hook)).not.toContain('stale_data');
    expect(hook.details.evaluated).not.toContain('sync_incomplete');
  });
});

describe('evaluateCheck: usage verification', () => {
  const now = T0 + 7 * DAY;

  it('when no usage snapshot came, then the usage check says "no usage reported" (warning), never pass', () => {
    const out = evaluateCheck('usage', evidence({ events: flowing(now) }), entry('salesforce'), now);
    expect(out.result).toBe('warning');
    expect(out.findings).toEqual([expect.objectContaining({ kind: 'no_usage_reported', severity: 'warning' })]);
    expect(out.details.measured).toMatchObject({ activeUsers: null, featureUtilisation: null, workflowsActive: null });
  });

  it('when 2 of 5 expected users are active and 2 of 20 features used, then low usage and low feature utilisation', () => {
    const usage = { reportedAt: now, activeUsers: 2, featuresUsed: 2, featuresAvailable: 20 };
    const out = evaluateCheck('usage', evidence({ events: flowing(now), usage }), entry('salesforce'), now);
    expect(kinds(out)).toEqual(['low_usage', 'low_feature_utilisation']);
    expect(out.findings[0].message).toBe('Low usage: 2 active users (expected at least 5)');
    expect(out.findings[1].message).toBe('2 of 20 features used (10%, expected 30%)');
  });

  it('when SSO sign-ins are counted, then usage is logins from the events, without needing a snapshot', () => {
    const few = evaluateCheck('usage', evidence({ events: flowing(now, 4) }), entry('okta'), now);
    expect(few.findings[0]).toMatchObject({ kind: 'low_usage', message: 'Low usage: 4 logins (expected at least 10)' });
    const none = evaluateCheck('usage', evidence({ events: events({ connections: 1 }) }), entry('okta'), now);
    expect(kinds(none)).toContain('no_usage_reported');
  });

  it('when an automation has no active workflow, then adoption is low', () => {
    const usage = { reportedAt: now, activeUsers: 9, workflowsActive: 0 };
    const out = evaluateCheck('usage', evidence({ events: flowing(now), usage }), entry('zapier'), now);
    expect(kinds(out)).toEqual(['low_adoption']);
  });

  it('when everything is connected, fresh and used, then the value check passes', () => {
    const usage = { reportedAt: now, activeUsers: 12, featuresUsed: 9, featuresAvailable: 20, workflowsActive: 3 };
    const out = evaluateCheck('value', evidence({ events: flowing(now), usage }), entry('salesforce'), now);
    expect(out.result).toBe('pass');
    expect(out.details.evaluated).toEqual(
      expect.arrayContaining(['connection_failed', 'stale_data', 'low_usage', 'low_feature_utilisation']),
    );
  });
});
