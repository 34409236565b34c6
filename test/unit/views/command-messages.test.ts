import { describe, expect, it } from '@jest/globals';
import { buildCustomerSuggestions, buildCustomerSummary, buildHelpMessage } from '../../../views/command-messages.js';
import { ACTION } from '../../../views/ids.js';
import { checkBlocks } from '../../support/block-kit-rules.js';
import { buildIntegration, buildIssue, buildReport } from '../../support/report-builder.js';

describe('buildHelpMessage', () => {
  it('when asked for help, then the usage names the command forms', () => {
    const msg = buildHelpMessage();
    expect(JSON.stringify(msg.blocks)).toContain('/techhealth <customer>');
    expect(checkBlocks(msg.blocks, 'message')).toBeNull();
  });
});

describe('buildCustomerSummary', () => {
  it('when the customer has a report, then score, status and open issues (critical first) are shown', () => {
    const report = buildReport({
      integrations: [
        buildIntegration({ name: 'Zendesk', issues: [buildIssue({ severity: 'low', title: 'Slow ticket sync' })] }),
        buildIntegration({
          name: 'Salesforce',
          issues: [buildIssue({ severity: 'critical', title: '429 rate limiting' })],
        }),
      ],
    });
    const msg = buildCustomerSummary({ customer: { id: 'c1', name: 'Acme' }, latest: report });
    expect(msg.text).toBe('Acme: technical health 62/100, 2 open issues');
    const json = JSON.stringify(msg.blocks);
    expect(json).toContain('*62/100* :large_yellow_circle: At risk');
    expect(json.indexOf('429 rate limiting')).toBeLessThan(json.indexOf('Slow ticket sync'));
    expect(checkBlocks(msg.blocks, 'message')).toBeNull();
  });

  it('when the customer has no report, then the message says how to get one', () => {
    const msg = buildCustomerSummary({ customer: { id: 'c1', name: 'Acme' }, latest: null });
    expect(msg.text).toBe('Acme has no technical health report yet.');
  });
});

describe('buildCustomerSuggestions', () => {
  it('when there are close names, then each is a button with a distinct action_id and the customer id as value', () => {
    const msg = buildCustomerSuggestions({
      query: 'acmee',
      suggestions: [
        { id: 'c1', name: 'Acme' },
        { id: 'c2', name: 'Acne Labs' },
      ],
    });
    const actions = msg.blocks.find((b) => b.type === 'actions') as {
      elements: { action_id: string; value: string }[];
    };
    expect(actions.elements.map((e) => [e.action_id, e.value])).toEqual([
      [`${ACTION.commandPickCustomer}:0`, 'c1'],
      [`${ACTION.commandPickCustomer}:1`, 'c2'],
    ]);
    expect(checkBlocks(msg.blocks, 'message')).toBeNull();
  });

  it('when nothing is close, then the message says no customer matches', () => {
    expect(buildCustomerSuggestions({ query: 'zzz', suggestions: [] }).text).toBe('No customer matches "zzz".');
  });
});
