import { describe, expect, it } from '@jest/globals';
import { renderText, renderTextAll } from '../../../../src/domain/report/render-text.js';
import type { HealthReport } from '../../../../src/domain/report/types.js';
import { realisticReport, stripe } from './fixtures.js';

const lineOf = (text: string, needle: string) => text.split('\n').find((l) => l.includes(needle)) ?? '';

describe('renderText', () => {
  const report = realisticReport();
  const text = renderText(report);

  it('when rendered, then the header names the customer, the period and the summary', () => {
    const [first, second, third] = text.split('\n');
    expect(first).toBe('TechHealth report — Acme Corp');
    expect(second).toBe('Jan 5–Feb 1 2026 (28 days)');
    expect(third).toBe(report.summary);
  });

  it('when the score is 72 and at risk, then a 14-of-20 bar with "72/100 · At risk" is shown', () => {
    expect(text).toContain('██████████████░░░░░░ 72/100 · At risk');
  });

  it('when a previous score exists, then the trend line shows the delta, date and explanation', () => {
    expect(lineOf(text, 'Trend:')).toBe('  Trend: ▲ +5 since Jan 26 2026 (was 67). Webhook timeouts eased.');
  });

  it('when the file named users, then the integrations table shows active users all time / last 7 days, "—" where unknown', () => {
    const r = realisticReport();
    r.integrations = r.integrations.map((i, k) =>
      k === 0
        ? { ...i, activeUsers: 4402, activeUsersLast7Days: 3502 }
        : { ...i, activeUsers: null, activeUsersLast7Days: null },
    );
    const out = renderText(r);
    expect(lineOf(out, 'Integration ')).toContain('Users (7 d)');
    const row = (name: string) => out.split('\n').find((l) => l.startsWith(`  ${name}`)) ?? '';
    expect(row(r.integrations[0]?.name as string)).toContain('4,402 / 3,502');
    expect(row(r.integrations[1]?.name as string)).toContain('—');
    expect(text).not.toContain('Users (7 d)');
  });

  it('when a component is omitted, then it is named with the reason', () => {
    expect(text).toContain('Not scored: Authentication health — no auth events recorded.');
  });

  it('when integrations are listed, then each has a row with score, success rate, p95 vs SLA and status', () => {
    const sf = lineOf(text, 'Salesforce *');
    expect(sf).toMatch(/Salesforce \*\s+58\s+92\.7%\s+12,034\s+650 ms \/ 1\.0 s\s+At risk/);
    for (const name of ['Okta SSO', 'Webhook (Events)', 'Stripe']) expect(text).toContain(name);
    expect(lineOf(text, 'Stripe  ')).toMatch(/Stripe\s+95\s+99\.9%\s+6,000\s+420 ms \/ 1\.0 s\s+Healthy/);
  });

  it('when issues exist, then every title appears, critical first, with weekly bars and top errors', () => {
    for (const i of report.integrations) for (const issue of i.issues) expect(text).toContain(issue.title);
    expect(text.indexOf('[Critical] Salesforce')).toBeLessThan(text.indexOf('[High]'));
    expect(text).toContain('Weekly errors: Jan 5 ▁ 0.03% · Jan 12 ▁ 0.1% · Jan 19 █ 14.0% · Jan 26 █ 15.1%');
    expect(text).toContain('REQUEST_LIMIT_EXCEEDED ×880 (100%) — Salesforce API request limit reached (HTTP 429)');
  });

  it('when an integration has several issues, then its weekly bars and top errors are shown once', () => {
    expect(text.split('invalid_token ×108').length - 1).toBe(1);
  });

  it('when error rates are flat and tiny, then the weekly bars stay low', () => {
    expect(lineOf(text, 'Weekly errors: Jan 5 ▁ 0.1%')).toContain('Jan 26 ▁ 0.1%');
  });

  it('when a webhook integration exists, then its delivery rate and failure reasons are shown', () => {
    expect(text).toContain('Webhook (Events): 94.1% delivered (7,100 deliveries)');
    expect(text).toContain('×417 (100% of failures)');
  });

  it('when latency is measured, then p50/p95/p99 vs SLA are shown with ✓ within and ✗ over', () => {
    expect(lineOf(text, 'Okta SSO          150 ms')).toMatch(/150 ms\s+820 ms\s+1\.4 s\s+600 ms\s+✗$/);
    expect(lineOf(text, 'Salesforce        310 ms')).toMatch(/✓$/);
  });

  it('when risks exist, then level, integration and business impact are shown', () => {
    expect(text).toContain('[High] CRM sync throttled by API limits (Salesforce) — Opportunity');
  });

  it('when recommendations exist, then they are split into Immediate and Short-term', () => {
    const imm = text.indexOf('  Immediate:');
    const st = text.indexOf('  Short-term:');
    expect(imm).toBeGreaterThan(0);
    expect(st).toBeGreaterThan(imm);
    expect(text.slice(imm, st)).toContain('Add exponential backoff on 429');
    expect(text.slice(imm, st)).toContain('Raise receiver capacity');
    expect(text.slice(st)).toContain('Refresh tokens before expiry');
  });

  it('when rows were skipped, then the count, reasons and first lines are listed', () => {
    expect(text).toContain('3 rows skipped (0.01% of the input).');
    expect(text).toContain('2 × unreadable timestamp');
    expect(text).toContain('line 118: unreadable timestamp "31/02/2026"');
    expect(text).toContain('line 4,502: unreadable timestamp "n/a"');
  });

  it('when the source was mapped, then format, mapping and assumptions are shown', () => {
    expect(text).toContain('format csv');
    expect(text).toContain('latencyMs ← latency_ms (ms)');
    expect(text).toContain('timestamps have no zone; assumed UTC');
  });

  it('when rendered at width 100 or 80, then no line is longer than the width', () => {
    for (const width of [100, 80]) {
      const long = renderText(report, { width })
        .split('\n')
        .filter((l) => [...l].length > width);
      expect(long).toEqual([]);
    }
  });

  it('when there are no issues, risks, recommendations or skipped rows, then it says "No issues found"', () => {
    const clean: HealthReport = {
      ...report,
      integrations: [stripe],
      risks: [],
      recommendations: [],
      skipped: { total: 0, byReason: {}, first: [] },
      trend: null,
    };
    const out = renderText(clean);
    expect(out).toContain('No issues found.');
    expect(out).toContain('No technical risks identified.');
    expect(out).toContain('No actions needed.');
    expect(out).not.toContain('Skipped rows');
    expect(out).not.toContain('Trend:');
  });

  it('when the period and customer are null, then it says so instead of failing', () => {
    const out = renderText({ ...report, customer: null, period: null });
    expect(out.split('\n').slice(0, 2)).toEqual([
      'TechHealth report — Unknown customer',
      'Period unknown (no usable timestamps)',
    ]);
  });
});

describe('renderTextAll', () => {
  it('when given two reports, then both appear separated by a rule', () => {
    const out = renderTextAll([realisticReport(), { ...realisticReport(), customer: 'Globex' }]);
    expect(out).toContain('TechHealth report — Acme Corp');
    expect(out).toContain('TechHealth report — Globex');
    expect(out).toContain('═'.repeat(100));
  });

  it('when given no reports, then it explains there was nothing to report', () => {
    expect(renderTextAll([])).toBe('No reports: the input held no usable records.');
  });
});
