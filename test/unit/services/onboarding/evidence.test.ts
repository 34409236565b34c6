import { describe, expect, it } from '@jest/globals';
import { parseDashboardValue } from '../../../../handlers/onboarding.js';
import type { HealthCheck } from '../../../../src/domain/onboarding/types.js';
import { reportEvidence, reportUsage, usageOfEvent } from '../../../../src/services/onboarding/evidence.js';
import { textToHtml } from '../../../../src/services/onboarding/outreach.js';
import { checkIssues } from '../../../../src/services/onboarding/records.js';
import { buildIntegration, buildReport } from '../../../support/report-builder.js';

const T = Date.UTC(2026, 10, 20);
const stored = (integrations: ReturnType<typeof buildIntegration>[]) => ({
  id: 'r1',
  generatedAt: new Date(T),
  report: buildReport({ integrations }),
});

describe('check-up evidence from a scored report', () => {
  it('when the report has the integration by name (any case), then its success and error rates are the evidence', () => {
    const r = stored([
      buildIntegration({
        name: 'HubSpot',
        type: 'hubspot',
        requests: 400,
        successRate: 0.9,
        lastSeen: new Date(T).toISOString(),
      }),
    ]);
    expect(reportEvidence(r, { name: 'hubspot', type: 'hubspot' }, T - 86_400_000)).toEqual({
      reportId: 'r1',
      generatedAt: T,
      successRate: 0.9,
      errorRate: expect.closeTo(0.1, 10),
      calls: 400,
    });
  });
  it('when the report covers only time before the integration connected, or two of its type and none by name, then it is no evidence', () => {
    const old = stored([
      buildIntegration({ name: 'HubSpot', type: 'hubspot', lastSeen: new Date(T - 10 * 86_400_000).toISOString() }),
    ]);
    expect(reportEvidence(old, { name: 'HubSpot', type: 'hubspot' }, T - 86_400_000)).toBeNull();
    const two = stored([
      buildIntegration({ name: 'Slack A', type: 'slack' }),
      buildIntegration({ name: 'Slack B', type: 'slack' }),
    ]);
    expect(reportEvidence(two, { name: 'Slack (EU)', type: 'slack' }, 0)).toBeNull();
    expect(reportEvidence(null, { name: 'x', type: 'slack' }, 0)).toBeNull();
  });
  it('when the log carried user ids, then they are the usage; without a user column there is no usage, not zero', () => {
    const withUsers = stored([{ ...buildIntegration({ name: 'Slack', type: 'slack' }), activeUsers: 17 } as never]);
    expect(reportUsage(withUsers, { name: 'Slack', type: 'slack' }, 0)).toEqual({ reportedAt: T, activeUsers: 17 });
    const without = stored([{ ...buildIntegration({ name: 'Slack', type: 'slack' }), activeUsers: null } as never]);
    expect(reportUsage(without, { name: 'Slack', type: 'slack' }, 0)).toBeNull();
  });
  it('when a usage snapshot carries only some adoption fields, then only those are kept', () => {
    const e = { type: 'usage_snapshot', occurredAt: T, usage: { activeUsers: 3, apiCallsToday: 90 } } as never;
    expect(usageOfEvent(e)).toEqual({ reportedAt: T, activeUsers: 3 });
  });
});

describe('issue history from the checks', () => {
  const check = (stage: HealthCheck['stage'], at: number, kinds: string[], evaluated: string[]): HealthCheck => ({
    stage,
    scheduledFor: at,
    completedAt: at,
    result: kinds.length ? 'fail' : 'pass',
    findings: kinds.map((kind) => ({ kind: kind as never, severity: 'critical', message: kind, evidence: {} })),
    details: { evaluated: evaluated as never, measured: {} },
  });
  it('when a later check no longer finds a problem, then it is resolved at that check; a problem never re-judged stays open', () => {
    const issues = checkIssues([
      check('connection', 1, ['connection_failed'], ['connection_failed', 'high_error_rate']),
      check('sync', 2, ['sync_incomplete'], ['connection_failed', 'sync_incomplete']),
    ]);
    expect(issues.map((i) => [i.kind, i.openedAt, i.resolvedAt])).toEqual([
      ['connection_failed', 1, 2],
      ['sync_incomplete', 2, null],
    ]);
  });
});

describe('small parsers', () => {
  it('when an edited outreach body has markup, then the HTML part escapes it and keeps paragraphs', () => {
    expect(textToHtml('Hi <Jo>,\n\nline one\nline two')).toContain(
      '<p style="margin:0 0 12px;">Hi &lt;Jo&gt;,</p><p style="margin:0 0 12px;">line one<br>line two</p>',
    );
  });
  it('when a pager or filter value arrives, then filter and page are read, and nonsense falls back to all, page 0', () => {
    expect(parseDashboardValue('critical|3')).toEqual({ filter: 'critical', page: 3 });
    expect(parseDashboardValue('warning')).toEqual({ filter: 'warning', page: 0 });
    expect(parseDashboardValue('bogus|-4')).toEqual({ filter: 'all', page: 0 });
  });
});
