import type { ActionsBlock, KnownBlock, ModalView } from '@slack/types';
import type { OutreachKind } from '../src/domain/onboarding/types.js';
import type { SlackMessage } from './alert-message.js';
import { safeText } from './format.js';
import { ONBOARDING_ACTION, ONBOARDING_CALLBACK, ONBOARDING_INPUT } from './ids.js';
import { chunkLines, LIMITS, truncate } from './limits.js';
import { OUTREACH_LABEL } from './onboarding-format.js';

/** A drafted outreach email awaiting the CSM's approval. */
export interface OutreachDraftView {
  /** Opaque: the stored draft's id, the value of every button. */
  outreachId: string;
  kind: OutreachKind;
  customerName: string;
  integrationName: string;
  /** The technical contact's address; null when the customer has none (then Send is not offered). */
  to: string | null;
  subject: string;
  /** The plain-text body as it will be sent. */
  bodyText: string;
  /** Why this kind was chosen, e.g. "Day 7: 1 active user of 5 expected". */
  reason: string;
}

/** Sections of body text shown before the preview is cut (about 7,500 characters). */
const BODY_SECTIONS = 3;
/** Slack's plain_text_input holds at most 3,000 characters. */
const INPUT_MAX = 3000;

/**
 * The approval message for an outreach email: header "Draft: Best practices email — Acme", the reason,
 * recipient and subject, the body as it will be sent (cut after 3 sections with a note; the email itself
 * is sent in full), and Send (only with a recipient), Edit and Skip (value = outreach id).
 * @example buildOutreachPreview(draft).blocks.at(-1) // the actions block
 */
export function buildOutreachPreview(draft: OutreachDraftView): SlackMessage {
  const title = `Draft: ${OUTREACH_LABEL[draft.kind]} email — ${draft.customerName}`;
  const chunks = chunkLines(draft.bodyText.split('\n'), LIMITS.sectionText - 10);
  const shown = chunks.slice(0, BODY_SECTIONS);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(title, LIMITS.headerText) } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          [
            `*${safeText(draft.integrationName, 150)}* · ${safeText(draft.reason, 500)}`,
            `*To:* ${draft.to ? safeText(draft.to, 320) : '_no technical contact on file: add one to send this email_'}`,
            `*Subject:* ${safeText(draft.subject, 300)}`,
          ].join('\n'),
          LIMITS.sectionText,
        ),
      },
    },
    { type: 'divider' },
    ...shown.map(
      (text): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: safeText(text, LIMITS.sectionText) } }),
    ),
  ];
  if (chunks.length > BODY_SECTIONS)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'Preview cut here; the email is sent in full.' }],
    });
  const button = (action_id: string, text: string, style?: 'primary' | 'danger') => ({
    type: 'button' as const,
    action_id,
    text: { type: 'plain_text' as const, text },
    value: draft.outreachId,
    ...(style ? { style } : {}),
  });
  const elements: ActionsBlock['elements'] = [];
  if (draft.to) elements.push(button(ONBOARDING_ACTION.sendOutreach, 'Send', 'primary'));
  elements.push(button(ONBOARDING_ACTION.editOutreach, 'Edit'), button(ONBOARDING_ACTION.skipOutreach, 'Skip'));
  blocks.push({ type: 'actions', block_id: 'onboarding.outreach_actions', elements });
  return { text: `${safeText(title, 300)}: ${safeText(draft.subject, 300)}`, blocks };
}

/**
 * The Edit modal behind the preview's Edit button: subject and body inputs with the draft's text.
 * `private_metadata` is the outreach id. A body over Slack's 3,000-character input limit cannot be edited
 * here without losing text, so the modal says so and offers only the subject.
 */
export function buildOutreachEditModal(draft: OutreachDraftView): ModalView {
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: ONBOARDING_INPUT.subject,
      label: { type: 'plain_text', text: 'Subject' },
      element: {
        type: 'plain_text_input',
        action_id: ONBOARDING_INPUT.subject,
        initial_value: truncate(draft.subject, 250),
        max_length: 250,
      },
    },
  ];
  if (draft.bodyText.length <= INPUT_MAX) {
    blocks.push({
      type: 'input',
      block_id: ONBOARDING_INPUT.body,
      label: { type: 'plain_text', text: 'Message' },
      element: {
        type: 'plain_text_input',
        action_id: ONBOARDING_INPUT.body,
        multiline: true,
        initial_value: draft.bodyText,
        max_length: INPUT_MAX,
      },
    });
  } else {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `The message is ${draft.bodyText.length} characters, over the 3,000 Slack can edit; only the subject can be changed here.`,
        },
      ],
    });
  }
  return {
    type: 'modal',
    callback_id: ONBOARDING_CALLBACK.editOutreachSubmit,
    private_metadata: truncate(draft.outreachId, LIMITS.privateMetadata),
    title: { type: 'plain_text', text: 'Edit outreach' },
    submit: { type: 'plain_text', text: 'Save draft' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}
