import { describe, expect, it } from '@jest/globals';
import type { ActionsBlock, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';
import { ACTION } from '../../../views/ids.js';
import { LIMITS } from '../../../views/limits.js';
import { buildScoreReport, scoreBar } from '../../../views/report-message.js';
import { checkBlocks } from '../../support/block-kit-rules.js';
import { buildIntegration, buildIssue, buildReport } from '../../support/report-builder.js';

const texts = (blocks: KnownBlock[]) =>
  blocks.flatMap((b) => (b.type === 'section' || b.type === 'header' ? [(b as SectionBlock).text?.text ?? ''] : []));
const actions = (blocks: KnownBlock[]) => blocks.filter((b): b is ActionsBlock => b.type === 'actions');

describe('buildScoreReport', () => {
  it('when the report is small, then one message carries header, score bar, summary, table and the four buttons', () => {
    const messages = buildScoreReport(buildReport(), { reportId: 'rep_123' });
    expect(messages).toHaveLength(1);
    const [{ text, blocks }] = messages;
    expect(text).toBe('Technical health for Acme: 62/100 (at risk)');
    expect((blocks[0] as HeaderBlock).text.text).toBe('Technical health: Acme');
    const all = texts(blocks).join('\n');
    expect(all).toContain('*Overall score: 62/100*');
    expect(all).toContain('`██████░░░░`');
    expect(all).toContain('First report for this customer');
    expect(all).toContain('Salesforce');
    expect(all).toContain('*Critical issues*');
    expect(all).toContain('429 rate limiting since Jan 12');
    expect(all).toContain('`429` ×80 (80.0%)');
    expect(all).toContain('*Latency vs SLA* (p95)');
    expect(all).toContain('*Technical risks*');
    expect(all).toContain('*Recommendations — immediate*');
    expect(all).toContain('*Recommendations — short term*');
    const [buttons] = actions(blocks);
    expect(buttons.elements.map((e) => ('action_id' in e ? e.action_id : null))).toEqual([
      ACTION.reportCreateTicket,
      ACTION.reportScheduleCall,
      ACTION.reportDraftReport,
      ACTION.reportUpdateRiskSignals,
    ]);
    expect(buttons.elements.map((e) => ('value' in e ? e.value : null))).toEqual([
      'rep_123',
      'rep_123',
      'rep_123',
      'rep_123',
    ]);
    expect(checkBlocks(blocks, 'message')).toBeNull();
  });

  it('when issues began at an hour, on a day or before the file, then each issue line says when as a user reads it', () => {
    const step = { fromStart: false, model: 'step' as const, before: 0, after: 1, unit: 'rate' as const };
    const report = buildReport({
      integrations: [
        buildIntegration({
          issues: [
            buildIssue({
              kind: 'disconnected',
              title: 'Salesforce appears disconnected: traffic stopped on Jan 28 after failing calls',
              since: '2026-01-28T14:37:12.000Z',
              onset: { ...step, at: '2026-01-28T14:37:12.000Z' },
            }),
            buildIssue({
              kind: 'timeouts',
              title: 'Timeouts (4.0% of calls)',
              since: null,
              onset: { ...step, at: null, fromStart: true, model: 'present', before: null },
            }),
            buildIssue({
              kind: 'server_errors',
              title: 'Server errors on /batch, requests ≥ 1 MB',
              since: '2026-01-18T00:00:00.000Z',
              onset: { ...step, at: '2026-01-18T00:00:00.000Z', model: 'ramp' },
            }),
            buildIssue(),
          ],
        }),
      ],
    });
    const all = texts(buildScoreReport(report, { reportId: 'rep_1' }).flatMap((m) => m.blocks)).join('\n');
    expect(all).toContain('traffic stopped on Jan 28 after failing calls (since Jan 28 2026 14:37 UTC)');
    expect(all).toContain('Timeouts (4.0% of calls) (since the start of the file)');
    expect(all).toContain('requests ≥ 1 MB (since Jan 18 2026)');
    expect(all).toContain('429 rate limiting since Jan 12 (8.0% of calls)\n');
    expect(all).not.toMatch(/since \d{4}-\d\d-\d\d/);
  });

  it('when the upload named users, then the integrations table has a users column; without users it has none', () => {
    const withUsers = buildReport({
      integrations: [
        buildIntegration({ activeUsers: 1234, activeUsersLast7Days: 900 }),
        buildIntegration({ name: 'Stripe' }),
      ],
    });
    const table = (r: typeof withUsers) =>
      texts(buildScoreReport(r, { reportId: 'rep_1' })[0]?.blocks ?? []).find((t) => t.includes('integration ')) ?? '';
    expect(table(withUsers)).toMatch(/iss\s+users/);
    expect(table(withUsers)).toMatch(/Salesforce.*\s1,234\n/);
    expect(table(withUsers)).toMatch(/Stripe.*\s–\n?/);
    expect(table(buildReport())).not.toContain('users');
  });

  it('when the error rate doubled over two weeks, then the weekly bars scale to the worst week', () => {
    const [{ blocks }] = buildScoreReport(buildReport(), { reportId: 'r' });
    const detail = texts(blocks).find((t) => t.includes('Error rate by week')) ?? '';
    // 0.04 / 0.16 of 10 cells → 3 (2.5 rounds up), the worst week → 10; bars pad to 10 cells, rates to 6.
    expect(detail).toContain('01-05 ▇▇▇          4.0%');
    expect(detail).toContain('01-12 ▇▇▇▇▇▇▇▇▇▇  16.0%');
  });

  it('when a previous report exists, then the trend shows the arrow, the delta and the date', () => {
    const report = buildReport({
      trend: {
        previousScore: 70,
        previousGeneratedAt: '2026-01-03T00:00:00.000Z',
        delta: -8,
        explanation: 'Salesforce 429s',
      },
    });
    const all = texts(buildScoreReport(report, { reportId: 'r' })[0].blocks).join('\n');
    expect(all).toContain('↓ -8 since 2026-01-03 (was 70) — Salesforce 429s');
  });

  it('when rows were skipped, then a note says how many and why', () => {
    const report = buildReport({
      skipped: {
        total: 3,
        byReason: { 'bad timestamp': 2, 'missing status': 1 },
        first: [{ line: 7, reason: 'bad timestamp' }],
      },
    });
    const json = JSON.stringify(buildScoreReport(report, { reportId: 'r' })[0].blocks);
    expect(json).toContain(
      'Skipped 3 of 1,003 rows — bad timestamp ×2; missing status ×1. First: line 7: bad timestamp',
    );
  });

  it('when a webhook integration fails deliveries, then the webhook section names the reasons', () => {
    const hook = buildIntegration({
      name: 'Orders webhook',
      type: 'webhook',
      category: 'webhook',
      webhook: { deliveries: 200, successRate: 0.75, failureReasons: [{ reason: 'timeout', count: 50 }] },
      issues: [],
    });
    const report = buildReport({ integrations: [hook] });
    const all = texts(buildScoreReport(report, { reportId: 'r' })[0].blocks).join('\n');
    expect(all).toContain('*Orders webhook*: 75.0% of 200 deliveries succeeded — timeout ×50');
  });

  it('when the report id is longer than a button value may be, then it throws', () => {
    expect(() => buildScoreReport(buildReport(), { reportId: 'x'.repeat(2001) })).toThrow(RangeError);
  });

  it('when the report is the worst case (1,000 integrations, 5,000-character errors), then every message stays within Slack limits', () => {
    const long = 'E'.repeat(5000);
    const integrations = Array.from({ length: 1000 }, (_, i) =>
      buildIntegration({
        name: `Integration ${i} ${long}`,
        score: i % 100,
        status: i % 3 === 0 ? 'critical' : 'at_risk',
        errorCodes: [{ code: long, count: 5, share: 0.5, meaning: long }],
        issues: [buildIssue({ title: long }), buildIssue({ severity: 'high', title: long })],
        webhook: { deliveries: 10, successRate: 0.5, failureReasons: [{ reason: long, count: 5 }] },
      }),
    );
    const report = buildReport({
      customer: `Acme ${long}`,
      summary: long,
      integrations,
      risks: integrations.map(() => ({
        factor: long,
        level: 'High' as const,
        integration: long,
        businessImpact: long,
      })),
      recommendations: integrations.map(() => ({
        horizon: 'immediate' as const,
        integration: long,
        kind: 'general' as const,
        title: long,
        detail: long,
      })),
      skipped: { total: 5, byReason: { [long]: 5 }, first: [{ line: 1, reason: long }] },
    });
    const messages = buildScoreReport(report, { reportId: 'r'.repeat(2000) });
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.length).toBeLessThanOrEqual(10);
    for (const m of messages) {
      expect(m.blocks.length).toBeLessThanOrEqual(LIMITS.messageBlocks);
      expect(checkBlocks(m.blocks, 'message')).toBeNull();
      expect(m.text.length).toBeLessThanOrEqual(LIMITS.messageText);
    }
    expect(actions(messages[0].blocks)).toHaveLength(1);
    expect(messages.slice(1).flatMap((m) => actions(m.blocks))).toHaveLength(0);
    expect(messages[1].text).toMatch(/continued \(2\/\d+\)$/);
  });

  it('when there is no integration data, then the table says so', () => {
    const all = texts(buildScoreReport(buildReport({ integrations: [] }), { reportId: 'r' })[0].blocks).join('\n');
    expect(all).toContain('No integration data in this upload.');
  });
});

describe('scoreBar', () => {
  it('when the score is 0, 55 or 100, then 0, 6 (5.5 rounds up) or 10 cells are filled', () => {
    expect(scoreBar(0)).toBe('░░░░░░░░░░');
    expect(scoreBar(55)).toBe('██████░░░░');
    expect(scoreBar(100)).toBe('██████████');
  });
});
