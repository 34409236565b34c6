import { describe, expect, it } from '@jest/globals';
import { createReportDrafts } from '../../../../src/services/reports/drafts.js';
import { buildIntegration, buildIssue, buildReport } from '../../../support/report-builder.js';

const drafts = createReportDrafts({ compressPdf: false });

describe('report drafts', () => {
  it('when a report is drafted, then the Markdown follows the template: headline, integrations worst first, issues by severity, risks, recommendations, footer', async () => {
    const report = buildReport({
      customer: 'Acme',
      integrations: [
        buildIntegration({
          name: 'Okta',
          type: 'okta',
          score: 90,
          issues: [buildIssue({ severity: 'low', title: 'Slow logins' })],
        }),
        buildIntegration(),
      ],
    });
    const { markdown, fileBase } = await drafts.draft(report, { reportId: 'r-1' });
    expect(fileBase).toBe('acme-technical-health-2026-01-20');
    expect(markdown.split('\n').slice(0, 3)).toEqual([
      '# Technical health report: Acme',
      '',
      '**Overall score: 62/100** (at risk), overall risk **High**.',
    ]);
    expect(markdown.indexOf('- **Salesforce**')).toBeLessThan(markdown.indexOf('- **Okta**'));
    expect(markdown.indexOf('### [critical] Salesforce')).toBeLessThan(markdown.indexOf('### [low] Okta: Slow logins'));
    expect(markdown).toContain('- errorRate: 8.0%');
    expect(markdown).toContain(
      '## Technical risks\n\n- **High**: Rate limiting on the CRM sync (Salesforce). Opportunity data goes stale',
    );
    expect(markdown).not.toMatch(/\n{3,}/);
    expect(markdown.trimEnd().endsWith('Drafted by TechHealth.')).toBe(true);
  });

  it('when issues began at an hour, on a day or before the file, then each issue says when, with the levels before and after', async () => {
    const step = { fromStart: false, model: 'step' as const, before: 0.002, after: 0.95, unit: 'rate' as const };
    const report = buildReport({
      integrations: [
        buildIntegration({
          issues: [
            buildIssue({
              kind: 'auth_failures',
              title: 'Authentication failures since Jan 20 14:37 UTC (95.0% of calls)',
              since: '2026-01-20T14:37:00.000Z',
              onset: { ...step, at: '2026-01-20T14:37:00.000Z' },
            }),
            buildIssue({
              kind: 'timeouts',
              title: 'Timeouts (4.0% of calls)',
              since: null,
              onset: { ...step, at: null, fromStart: true, model: 'present', before: null, after: 0.04 },
            }),
            buildIssue({ title: 'Rate limiting', since: '2026-01-12T00:00:00.000Z' }),
          ],
        }),
      ],
    });
    const { markdown } = await drafts.draft(report, { reportId: 'r-2' });
    expect(markdown).toContain('Since Jan 20 2026 14:37 UTC (0.2% before, 95.0% after). Evidence:');
    expect(markdown).toContain('Since the start of the file. Evidence:');
    expect(markdown).toContain('Since Jan 12 2026. Evidence:');
    expect(markdown).not.toMatch(/Since \d{4}-\d\d-\d\d/);
  });

  it('when names hold characters the PDF font lacks (emoji, CJK), then the PDF is still produced with "?" in their place', async () => {
    const report = buildReport({ customer: 'Acme 🚀 株式会社', integrations: [] });
    const { pdf, markdown } = await drafts.draft(report, { reportId: 'r-2' });
    expect(markdown).toContain('Acme 🚀 株式会社');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain(Buffer.from('Acme ? ????', 'latin1').toString('hex'));
    expect(markdown).toContain('No integration data in this upload.');
    expect(markdown).toContain('No issues found.');
  });
});
