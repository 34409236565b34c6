import { describe, expect, it } from '@jest/globals';
import { mdCell, renderMarkdown } from '../../../../src/domain/report/render-markdown.js';
import { realisticReport, stripe } from './fixtures.js';

describe('renderMarkdown', () => {
  const report = realisticReport();
  const md = renderMarkdown(report);

  it('when rendered, then it starts with the customer heading and the period', () => {
    expect(md.split('\n').slice(0, 3)).toEqual([
      '# Technical health — Acme Corp',
      '',
      '**Period:** Jan 5–Feb 1 2026 (28 days)',
    ]);
  });

  it('when the file named users, then the integrations table has an active users column, and none otherwise', () => {
    const r = realisticReport();
    r.integrations = r.integrations.map((i, k) => (k === 0 ? { ...i, activeUsers: 38, activeUsersLast7Days: 31 } : i));
    const out = renderMarkdown(r);
    expect(out).toContain('| Active users (last 7 days) |');
    expect(out).toMatch(/\| 38 \/ 31 \|/);
    expect(md).not.toContain('Active users');
  });

  it('when rendered, then the score line has the bar, score and status', () => {
    expect(md).toContain('`██████████████░░░░░░` **72/100 · At risk** · overall risk **High**');
  });

  it('when rendered, then each integration has one table row', () => {
    const rows = md
      .split('\n')
      .filter((l) => /^\| (Salesforce ★|Okta SSO ★|Webhook \(Events\)|Stripe) \| \d+ \|/.test(l));
    expect(rows).toHaveLength(4);
    expect(rows[0]).toBe('| Salesforce ★ | 58 | 92.7% | 12,034 | 650 ms / 1.0 s | At risk |');
  });

  it('when a cell contains "|", then it is escaped so the table keeps its columns', () => {
    expect(md).toContain('| invalid_token | 108 | 100% | Access token expired or revoked \\| re-authenticate |');
    expect(mdCell('a|b\nc')).toBe('a\\|b c');
  });

  it('when issues exist, then every title appears under a heading per integration', () => {
    for (const i of report.integrations) for (const issue of i.issues) expect(md).toContain(issue.title);
    expect(md).toContain('### Salesforce (58/100)');
    expect(md).toContain('- **Critical:** 429 rate limiting since Jan 20 (14.6% of calls) (since Jan 20 2026)');
  });

  it('when recommendations exist, then Immediate comes before Short-term with the right items', () => {
    const imm = md.indexOf('### Immediate');
    const st = md.indexOf('### Short-term');
    expect(imm).toBeGreaterThan(0);
    expect(st).toBeGreaterThan(imm);
    expect(md.slice(imm, st)).toContain('Add exponential backoff on 429');
    expect(md.slice(st)).toContain('Refresh tokens before expiry');
  });

  it('when rows were skipped, then a table lists their lines', () => {
    expect(md).toContain('| 4,502 | unreadable timestamp "n/a" |');
  });

  it('when a component is omitted, then it is explained', () => {
    expect(md).toContain('_Not scored:_ Authentication health — no auth events recorded.');
  });

  it('when there are no issues and null period/customer, then it degrades gracefully', () => {
    const out = renderMarkdown({
      ...report,
      customer: null,
      period: null,
      integrations: [stripe],
      recommendations: [],
      risks: [],
    });
    expect(out).toContain('# Technical health — Unknown customer');
    expect(out).toContain('**Period:** unknown (no usable timestamps)');
    expect(out).toContain('No issues found.');
    expect(out).toContain('No actions needed.');
  });
});
