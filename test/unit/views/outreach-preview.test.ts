import { describe, expect, it } from '@jest/globals';
import type { KnownBlock } from '@slack/types';
import { ONBOARDING_ACTION, ONBOARDING_CALLBACK, ONBOARDING_INPUT } from '../../../views/ids.js';
import {
  buildOutreachEditModal,
  buildOutreachPreview,
  type OutreachDraftView,
} from '../../../views/outreach-preview.js';
import { checkBlocks } from '../../support/block-kit-rules.js';

const draft = (over: Partial<OutreachDraftView> = {}): OutreachDraftView => ({
  outreachId: 'out-1',
  kind: 'best_practices',
  customerName: 'Acme Corp',
  integrationName: 'Salesforce',
  to: 'it@acme.example',
  subject: 'Getting more from Salesforce',
  bodyText: 'Hi Jo,\n\nA few tips.\n\nSam',
  reason: 'Day 7: 1 active user (expected at least 5)',
  ...over,
});
const buttons = (blocks: unknown[]) =>
  (blocks as KnownBlock[]).flatMap((b) => (b.type === 'actions' ? b.elements : [])) as {
    action_id: string;
    value: string;
  }[];

describe('buildOutreachPreview', () => {
  it('when a draft awaits approval, then the CSM sees recipient, subject, body and Send / Edit / Skip', () => {
    const msg = buildOutreachPreview(draft());
    expect(msg.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Draft: Best practices email — Acme Corp' } });
    const body = JSON.stringify(msg.blocks);
    expect(body).toContain('*To:* it@acme.example');
    expect(body).toContain('*Subject:* Getting more from Salesforce');
    expect(body).toContain('A few tips.');
    expect(buttons(msg.blocks).map((b) => [b.action_id, b.value])).toEqual([
      [ONBOARDING_ACTION.sendOutreach, 'out-1'],
      [ONBOARDING_ACTION.editOutreach, 'out-1'],
      [ONBOARDING_ACTION.skipOutreach, 'out-1'],
    ]);
    expect(checkBlocks(msg.blocks, 'message')).toBeNull();
  });

  it('when the customer has no technical contact, then Send is not offered and the preview says why', () => {
    const msg = buildOutreachPreview(draft({ to: null }));
    expect(buttons(msg.blocks).map((b) => b.action_id)).toEqual([
      ONBOARDING_ACTION.editOutreach,
      ONBOARDING_ACTION.skipOutreach,
    ]);
    expect(JSON.stringify(msg.blocks)).toContain('no technical contact on file');
  });

  it('when the body is very long, then the preview is cut with a note and stays within message limits', () => {
    const msg = buildOutreachPreview(
      draft({ bodyText: Array.from({ length: 400 }, (_, i) => `line ${i} ${'<b>'.repeat(30)}`).join('\n') }),
    );
    expect(checkBlocks(msg.blocks, 'message')).toBeNull();
    expect(JSON.stringify(msg.blocks)).toContain('Preview cut here; the email is sent in full.');
  });
});

describe('buildOutreachEditModal', () => {
  it('when the CSM edits a draft, then subject and body are prefilled and the draft id travels in the metadata', () => {
    const modal = buildOutreachEditModal(draft());
    expect(modal).toMatchObject({ callback_id: ONBOARDING_CALLBACK.editOutreachSubmit, private_metadata: 'out-1' });
    const ids = (modal.blocks as KnownBlock[]).map((b) => b.block_id);
    expect(ids).toEqual([ONBOARDING_INPUT.subject, ONBOARDING_INPUT.body]);
    expect(JSON.stringify(modal.blocks)).toContain('"initial_value":"Hi Jo,\\n\\nA few tips.\\n\\nSam"');
  });

  it('when the body is longer than Slack can edit, then only the subject is editable and the modal says so', () => {
    const modal = buildOutreachEditModal(draft({ bodyText: 'x'.repeat(3500) }));
    expect((modal.blocks as KnownBlock[]).map((b) => b.block_id ?? b.type)).toEqual([
      ONBOARDING_INPUT.subject,
      'context',
    ]);
    expect(JSON.stringify(modal.blocks)).toContain('3500 characters, over the 3,000 Slack can edit');
  });
});
