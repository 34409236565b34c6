import { describe, expect, it } from '@jest/globals';
import { buildTechnicalEnvironment, renderEnvironmentMarkdown } from '../../../../src/domain/environment/index.js';
import { CATALOG, fullInputs, NOW } from './fixtures.js';

describe('renderEnvironmentMarkdown', () => {
  it('when the customer has full data, then every section is in the Markdown', () => {
    const md = renderEnvironmentMarkdown(buildTechnicalEnvironment(fullInputs(), NOW));
    const lines = md.split('\n');
    expect(lines[0]).toBe('# Technical environment — Acme Corp');
    expect(lines).toContain('**Technical health score:** 48/100 (poor)');
    expect(lines).toContain('| Data residency | US-West |');
    expect(lines).toContain('| Salesforce | salesforce | disconnected | 2026-04-15 21:00 | bidirectional |');
    expect(lines).toContain(
      '- **Salesforce** — Disconnected: Token refresh failed (`/services/oauth2/token`). Re-authenticate the Salesforce connection (credentials expired or revoked).',
    );
    expect(lines).toContain('| API calls this month | 600,000 | 1,000,000 | 60% |');
    expect(md).toContain('**Warning:** the limit is reached on 2026-04-26, before the month ends.');
    expect(lines).toContain('| Rate-limit hits | 3 | none | missed |');
    expect(lines).toContain('Security score: 75/100 (fair), over 100% of the checklist');
    expect(lines).toContain('| MFA enforced | 25 | 10 | optional |');
    expect(lines).toContain('| Analytics | Snowflake | Same as ours | technographics |');
    expect(lines).toContain(
      '1. **Zendesk** — Runs Zendesk; our Zendesk integration is not connected and no support integration is connected yet',
    );
    expect(lines).toContain('| Mike Lee | Director of Engineering | mike.lee@acme.example | high | yes |');
    expect(md).not.toContain('## Not reported');
  });

  it('when nothing is known, then each section says not reported and how to provide it', () => {
    const md = renderEnvironmentMarkdown(
      buildTechnicalEnvironment({ customer: { id: 'c', name: 'Globex' }, environment: {}, catalog: CATALOG }, NOW),
    );
    expect(md).toContain('**Technical health score:** not reported (not reported)');
    expect(md).toContain('## Integrations\n\nNot reported.');
    expect(md).toContain('| Deployment | not reported |');
    expect(md).toContain('- Tech stack — import a technographics export (CSV or JSON)');
    expect(md).not.toMatch(/NaN|undefined|null/);
  });

  it('when customer text has Markdown or table characters, then it cannot break the layout', () => {
    const inputs = fullInputs();
    inputs.customer.name = 'Acme *Bold* <b>';
    inputs.environment = { ...inputs.environment, compliance: { dataResidency: 'EU | West' } };
    const md = renderEnvironmentMarkdown(buildTechnicalEnvironment(inputs, NOW));
    expect(md.split('\n')[0]).toBe('# Technical environment — Acme \\*Bold\\* \\<b\\>');
    expect(md).toContain('| Data residency | EU \\| West |');
  });
});
