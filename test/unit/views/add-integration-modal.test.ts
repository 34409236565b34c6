import { describe, expect, it } from '@jest/globals';
import type { KnownBlock } from '@slack/types';
import { buildAddIntegrationModal, OTHER_TYPE_VALUE } from '../../../views/add-integration-modal.js';
import { ONBOARDING_CALLBACK, ONBOARDING_INPUT } from '../../../views/ids.js';
import { checkBlocks } from '../../support/block-kit-rules.js';

const types = [
  { type: 'salesforce', displayName: 'Salesforce' },
  { type: 'webhook', displayName: 'Webhooks' },
];
type Select = { options: { value: string }[]; initial_option?: { value: string } };
const select = (blocks: unknown[], blockId: string) =>
  ((blocks as KnownBlock[]).find((b) => b.block_id === blockId) as unknown as { element: Select }).element;

describe('buildAddIntegrationModal', () => {
  it('when opened for a customer, then that customer is chosen, types include Other, and name is asked', () => {
    const modal = buildAddIntegrationModal({
      customers: [
        { id: 'g', name: 'Globex' },
        { id: 'a', name: 'Acme' },
      ],
      types,
      initialCustomerId: 'g',
    });
    expect(modal).toMatchObject({ callback_id: ONBOARDING_CALLBACK.addIntegrationSubmit, private_metadata: 'g' });
    const customer = select(modal.blocks, ONBOARDING_INPUT.customer);
    expect(customer.options.map((o) => o.value)).toEqual(['g', 'a']);
    expect(customer.initial_option?.value).toBe('g');
    expect(select(modal.blocks, ONBOARDING_INPUT.type).options.map((o) => o.value)).toEqual([
      'salesforce',
      'webhook',
      OTHER_TYPE_VALUE,
    ]);
    expect((modal.blocks as KnownBlock[]).map((b) => b.block_id)).toEqual(
      expect.arrayContaining([ONBOARDING_INPUT.otherType, ONBOARDING_INPUT.name]),
    );
    expect(checkBlocks(modal.blocks, 'view')).toBeNull();
  });

  it('when the CSM has 300 customers with long names, then 100 are offered within option limits and the rest are pointed to the command', () => {
    const customers = Array.from({ length: 300 }, (_, i) => ({
      id: `c${String(i).padStart(3, '0')}`,
      name: `Customer ${i} ${'n'.repeat(200)}`,
    }));
    const modal = buildAddIntegrationModal({ customers, types });
    const options = select(modal.blocks, ONBOARDING_INPUT.customer).options as unknown as { text: { text: string } }[];
    expect(options).toHaveLength(100);
    expect(options.every((o) => o.text.text.length <= 75)).toBe(true);
    expect(JSON.stringify(modal.blocks)).toContain('Showing 100 of 300 customers');
  });

  it('when the CSM has no customers, then it refuses with a clear error', () => {
    expect(() => buildAddIntegrationModal({ customers: [], types })).toThrow('no customers to add an integration to');
  });
});
