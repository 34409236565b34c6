import { describe, expect, it } from '@jest/globals';
import { CatalogError } from '../../../../src/domain/errors.js';
import { parseCatalog } from '../../../../src/domain/onboarding/catalog.js';
import { INTEGRATION_TYPES } from '../../../../src/domain/records.js';
import { catalog, catalogJson, entry } from './builders.js';

// The categories of records.ts (scoring, detection) and the onboarding catalog's richer ones.
const RECORD_CATEGORY = {
  crm: 'crm',
  messaging: 'communication',
  support: 'support',
  sso: 'sso_identity',
  billing: 'payments',
  webhook: 'custom_webhook_api',
  api: 'custom_webhook_api',
} as const;

function thrown(fn: () => unknown): CatalogError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CatalogError) return e;
    throw e;
  }
  throw new Error('expected a CatalogError');
}

describe('parseCatalog', () => {
  it('when the shipped catalog is parsed, then every type the app already knows has an entry in the matching category', () => {
    for (const known of INTEGRATION_TYPES) {
      expect({ type: known.type, category: entry(known.type).category }).toEqual({
        type: known.type,
        category: RECORD_CATEGORY[known.category],
      });
    }
    expect(catalog().entries.map((e) => e.type)).toEqual(
      expect.arrayContaining(['snowflake', 'segment', 'github', 'zapier']),
    );
  });

  it('when entries leave values out, then they come from the category, then the global defaults', () => {
    const webhook = entry('webhook');
    expect(webhook.stages.sync.enabled).toBe(false);
    expect(webhook.usageMetric).toBe('deliveries');
    expect(webhook.thresholds.maxStalenessHours).toBeNull();
    const okta = entry('okta');
    expect(okta.usageMetric).toBe('logins');
    expect(okta.stages.value).toEqual({ enabled: true, offsetHours: 720 });
    expect(entry('salesforce').thresholds).toMatchObject({
      maxStalenessHours: 2,
      minActiveUsers: 5,
      maxErrorRate: 0.05,
    });
    expect(entry('stripe').thresholds.maxErrorRate).toBe(0.02);
    expect(catalog().generic).toMatchObject({ type: 'generic', category: 'other' });
  });

  it('when an entry is bad, then the error names that entry and field, one line per problem', () => {
    const json = catalogJson();
    const integrations = [...(json.integrations as Record<string, unknown>[])];
    integrations[1] = { ...integrations[1], thresholds: { maxErrorRate: 1.5 } };
    integrations[2] = { ...integrations[2], category: 'crmm' };
    integrations.push({ type: 'Bad Type', displayName: 'X', category: 'crm', aliases: [], purpose: 'p' });
    const error = thrown(() => parseCatalog({ ...json, integrations }));
    expect(error.code).toBe('catalog.invalid');
    expect(error.problems).toHaveLength(3);
    expect(error.problems[0]).toMatch(/^integrations\[1\] \(hubspot\)\.thresholds\.maxErrorRate: /);
    expect(error.problems[1]).toMatch(/^integrations\[2\] \(dynamics\)\.category: /);
    expect(error.problems[2]).toMatch(`integrations[${integrations.length - 1}] (Bad Type).type: must be lower-case`);
  });

  it('when a type or alias is listed twice, or stages are out of order, then it is refused', () => {
    const json = catalogJson();
    const integrations = json.integrations as Record<string, unknown>[];
    const dup = { ...integrations[0], aliases: ['hubspot'] };
    const backwards = {
      ...integrations[3],
      type: 'slack2',
      aliases: [],
      displayName: 'Slack 2',
      stages: { value: { offsetHours: 1 } },
    };
    const error = thrown(() => parseCatalog({ ...json, integrations: [...integrations, dup, backwards] }));
    expect(error.problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('"salesforce" is listed twice'),
        expect.stringContaining('"hubspot" is already used by hubspot'),
        expect.stringContaining('stages.value.offsetHours: must not be earlier than usage'),
      ]),
    );
  });

  it('when the document is not a catalog at all, then the error says which top-level field is wrong', () => {
    const error = thrown(() => parseCatalog({ version: 2, integrations: [] }));
    expect(error.message).toMatch(/version/);
    expect(error.message).toMatch(/defaults/);
  });
});
