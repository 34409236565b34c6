import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { ONBOARDING_CALLBACK, ONBOARDING_INPUT } from './ids.js';
import { LIMITS, truncate } from './limits.js';

export interface AddIntegrationModel {
  /** The CSM's customers (any order). */
  customers: { id: string; name: string }[];
  /** Catalog types offered in the menu, in catalog order. */
  types: { type: string; displayName: string }[];
  /** Preselected customer (from `/techhealth add <customer>` or a customer's button). */
  initialCustomerId?: string;
}

/** Slack's static select holds at most 100 options. */
const MAX_OPTIONS = 100;
/** Option value of "another type", typed into the free-text input. */
export const OTHER_TYPE_VALUE = '__other__';

/**
 * The Add integration modal: a customer menu (alphabetical; the preselected customer first and chosen),
 * a type menu (the catalog's types plus "Other", typed into the optional text input below, since types are
 * open) and the integration's name. `private_metadata` is the preselected customer id or ''. Customers past
 * Slack's 100 options are left out with a note pointing to `/techhealth add <customer>`.
 *
 * @throws RangeError when there is no customer to add an integration to
 * @example buildAddIntegrationModal({ customers, types }).callback_id // 'onboarding.add_integration_submit'
 */
export function buildAddIntegrationModal(model: AddIntegrationModel): ModalView {
  if (model.customers.length === 0) throw new RangeError('no customers to add an integration to');
  const sorted = [...model.customers].sort((a, b) => a.name.localeCompare(b.name));
  const initial = sorted.find((c) => c.id === model.initialCustomerId);
  const ordered = initial ? [initial, ...sorted.filter((c) => c !== initial)] : sorted;
  const option = (text: string, value: string): PlainTextOption => ({
    text: { type: 'plain_text', text: truncate(text, LIMITS.optionText) },
    value: truncate(value, LIMITS.optionValue),
  });
  const customerOptions = ordered.slice(0, MAX_OPTIONS).map((c) => option(c.name, c.id));
  const typeOptions = [
    ...model.types.slice(0, MAX_OPTIONS - 1).map((t) => option(t.displayName, t.type)),
    option('Other (type it below)', OTHER_TYPE_VALUE),
  ];
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: ONBOARDING_INPUT.customer,
      label: { type: 'plain_text', text: 'Customer' },
      element: {
        type: 'static_select',
        action_id: ONBOARDING_INPUT.customer,
        placeholder: { type: 'plain_text', text: 'Choose a customer' },
        options: customerOptions,
        ...(initial ? { initial_option: customerOptions[0] } : {}),
      },
    },
  ];
  if (ordered.length > MAX_OPTIONS) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `Showing ${MAX_OPTIONS} of ${ordered.length} customers; for another one use \`/techhealth add <customer>\`.`,
        },
      ],
    });
  }
  blocks.push(
    {
      type: 'input',
      block_id: ONBOARDING_INPUT.type,
      label: { type: 'plain_text', text: 'Type' },
      element: { type: 'static_select', action_id: ONBOARDING_INPUT.type, options: typeOptions },
    },
    {
      type: 'input',
      block_id: ONBOARDING_INPUT.otherType,
      optional: true,
      label: { type: 'plain_text', text: 'Other type' },
      hint: { type: 'plain_text', text: 'Only for "Other", e.g. tableau or netsuite.' },
      element: { type: 'plain_text_input', action_id: ONBOARDING_INPUT.otherType, max_length: 100 },
    },
    {
      type: 'input',
      block_id: ONBOARDING_INPUT.name,
      label: { type: 'plain_text', text: 'Name' },
      hint: { type: 'plain_text', text: 'As the customer calls it, e.g. "Salesforce (EU org)".' },
      element: { type: 'plain_text_input', action_id: ONBOARDING_INPUT.name, max_length: 300 },
    },
  );
  return {
    type: 'modal',
    callback_id: ONBOARDING_CALLBACK.addIntegrationSubmit,
    private_metadata: initial ? truncate(initial.id, LIMITS.privateMetadata) : '',
    title: { type: 'plain_text', text: 'Add integration' },
    submit: { type: 'plain_text', text: 'Add' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}
