import { describe, expect, it } from '@jest/globals';
import { classifyIntegration } from '../../../../src/domain/onboarding/classify.js';
import { catalog } from './builders.js';

const classify = (type: string, name: string | null = null) => {
  const c = classifyIntegration(type, name, catalog());
  return { category: c.category, type: c.entry.type, matchedBy: c.matchedBy, purpose: c.purpose };
};

describe('classifyIntegration', () => {
  it('when the type is a catalog type or one of its aliases, then it is that entry', () => {
    expect(classify('salesforce', 'Salesforce')).toEqual({
      category: 'crm',
      type: 'salesforce',
      matchedBy: 'type',
      purpose: 'syncs accounts, contacts and opportunities',
    });
    expect(classify('SFDC').type).toBe('salesforce');
    expect(classify('Azure-AD').type).toBe('azure_ad');
  });

  it('when the type is unknown but the name names a catalog entry, then that entry, the longest alias winning', () => {
    expect(classify('custom_connector', 'Salesforce (EU org)')).toMatchObject({
      type: 'salesforce',
      matchedBy: 'name',
    });
    expect(classify('files', 'Google Drive for marketing')).toMatchObject({ type: 'google_drive', matchedBy: 'name' });
  });

  it('when the type is unknown, then a category keyword in the type or name decides, with the category purpose', () => {
    expect(classify('tableau')).toMatchObject({
      category: 'analytics',
      matchedBy: 'keyword',
      purpose: 'sends product events for reporting and dashboards',
    });
    expect(classify('netsuite')).toMatchObject({ category: 'erp', matchedBy: 'keyword' });
    expect(classify('x_connector', 'Our ERP bridge')).toMatchObject({ category: 'erp' });
  });

  it('when a keyword appears only inside another word, then it does not match', () => {
    // "bi" is an analytics keyword; "bilbo" and "mobile" must not become analytics.
    expect(classify('bilbo', 'mobile sdk')).toMatchObject({ category: 'other', type: 'generic', matchedBy: 'generic' });
  });

  it('when nothing matches, then it is the generic entry, still with a full check plan', () => {
    const c = classifyIntegration('zzz', 'Thing', catalog());
    expect(c.category).toBe('other');
    expect(c.entry.stages.connection.enabled).toBe(true);
    expect(c.purpose).toBe('exchanges data with our product');
  });
});
