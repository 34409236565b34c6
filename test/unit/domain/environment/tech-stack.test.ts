import { describe, expect, it } from '@jest/globals';
import { assessTechStack, matchCatalog } from '../../../../src/domain/environment/index.js';
import { CATALOG } from './fixtures.js';

const item = (category: string, technology: string) => ({ category, technology, source: 'technographics' });

describe('matchCatalog', () => {
  it.each([
    ['HubSpot', 'hubspot'],
    ['salesforce sales cloud', 'salesforce'],
    ['SFDC', 'salesforce'],
    ['Microsoft Dynamics 365', 'dynamics'],
    ['Entra ID', 'azure_ad'],
    ['MS Teams', 'teams'],
  ])('when the technology is %s, then it is our %s integration', (tech, type) => {
    expect(matchCatalog(tech, CATALOG)?.type).toBe(type);
  });

  it('when only a word of an alias appears, then it does not match', () => {
    expect(matchCatalog('Google Analytics', CATALOG)).toBeNull();
    expect(matchCatalog('Snowflake', CATALOG)).toBeNull();
  });
});

describe('assessTechStack', () => {
  it('when the stack is matched, then each item gets its relevance and opportunities are ranked', () => {
    const { entries, opportunities } = assessTechStack(
      [
        item('Marketing', 'HubSpot'),
        item('Support', 'Zendesk'),
        item('Identity', 'Okta'),
        item('Messaging', 'Slack'),
        item('Analytics', 'Snowflake'),
        item('Data', 'Databricks'),
      ],
      [{ type: 'slack' }, { type: 'intercom' }],
      CATALOG,
      ['Snowflake'],
    );
    expect(entries.map((e) => [e.technology, e.relevance, e.catalogType])).toEqual([
      ['HubSpot', 'potential_integration', 'hubspot'],
      ['Zendesk', 'potential_integration', 'zendesk'],
      ['Okta', 'potential_integration', 'okta'],
      ['Slack', 'integrated', 'slack'],
      ['Snowflake', 'same_as_ours', null],
      ['Databricks', 'not_yet_integrated', null],
    ]);
    // CRM and SSO are worth 3 and no CRM/SSO integration is connected (+2); support is 2 and Intercom covers it.
    expect(opportunities.map((o) => [o.displayName, o.priority])).toEqual([
      ['HubSpot', 5],
      ['Okta', 5],
      ['Zendesk', 2],
    ]);
    expect(opportunities[0].reason).toBe(
      'Runs HubSpot; our HubSpot integration is not connected and no crm integration is connected yet',
    );
  });

  it('when the same integration is listed twice, then it is one opportunity', () => {
    const { opportunities } = assessTechStack([item('CRM', 'Salesforce'), item('CRM', 'SFDC')], [], CATALOG, []);
    expect(opportunities).toHaveLength(1);
  });
});
