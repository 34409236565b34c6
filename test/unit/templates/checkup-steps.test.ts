import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseCatalog } from '../../../src/domain/onboarding/catalog.js';
import { loadCheckupTemplates } from '../../../src/services/onboarding/templates.js';
import { projectRoot } from '../../support/source-files.js';

const catalog = parseCatalog(
  JSON.parse(readFileSync(join(projectRoot, 'templates/catalog/integrations.json'), 'utf8')),
);
const entry = (type: string) => catalog.entries.find((e) => e.type === type) ?? catalog.generic;

describe('check-up troubleshooting steps (templates/steps/checkup)', () => {
  it('when a Salesforce sync is incomplete, then the Salesforce step comes first and the generic one follows, once each', async () => {
    const t = await loadCheckupTemplates();
    const steps = t.steps(entry('salesforce'), 'Salesforce', ['sync_incomplete']);
    expect(steps[0]).toMatch(/field-level security/);
    expect(steps.some((s) => /sync log/.test(s))).toBe(true);
    expect(new Set(steps).size).toBe(steps.length);
    expect(steps.every((s) => !s.startsWith('•'))).toBe(true);
  });
  it('when a type has no file of its own, then the generic steps name the integration, its mrkdwn escaped', async () => {
    const t = await loadCheckupTemplates();
    const steps = t.steps(catalog.generic, 'Tableau <!channel>', ['low_adoption', 'no_usage_reported']);
    expect(steps).toHaveLength(2);
    expect(steps.join('\n')).toContain('Tableau &lt;!channel&gt;');
    expect(t.steps(catalog.generic, 'X', [])).toEqual([]);
  });
  it('when every catalog type is rendered for every finding, then each gives at least one step', async () => {
    const t = await loadCheckupTemplates();
    for (const e of catalog.entries) expect(t.steps(e, e.displayName, ['connection_failed']).length).toBeGreaterThan(0);
  });
});
