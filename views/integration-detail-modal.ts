import type { KnownBlock, ModalView } from '@slack/types';
import type { IntegrationHealthCheck } from '../src/domain/onboarding/types.js';
import { formatZoned, safeText } from './format.js';
import { ONBOARDING_ACTION, ONBOARDING_CALLBACK } from './ids.js';
import { chunkLines, LIMITS, truncate } from './limits.js';
import {
  checkDay,
  checkEmoji,
  findingLine,
  issueLine,
  ONBOARDING_STATUS_EMOJI,
  ONBOARDING_STATUS_LABEL,
  OUTREACH_LABEL,
  STAGE_LABEL,
  usageText,
} from './onboarding-format.js';

const FINDINGS_PER_CHECK = 6;
const ISSUE_SECTIONS = 3;

/**
 * The View integration modal: status, category and purpose, connection time, each check-up (day, when it
 * is or was due, result and findings), usage figures, the issue history (incidents and failed checks,
 * newest first, up to 3 sections then "+N more") and the outreach sent, with Run check again and Draft
 * outreach buttons (value = integration id). `private_metadata` is the integration id.
 * Limits: at most about 20 blocks and every text within its limit, whatever the record holds.
 *
 * @param opts.now epoch ms; opts.timeZone the CSM's IANA zone
 * @example buildIntegrationDetailModal(record, { now, timeZone: 'Europe/Berlin' }).title.text // 'Integration'
 */
export function buildIntegrationDetailModal(
  record: IntegrationHealthCheck,
  opts: { now: number; timeZone: string },
): ModalView {
  const { integration: it, customer } = record;
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${ONBOARDING_STATUS_EMOJI[record.status]} *${safeText(it.name, 150)}* — ${safeText(customer.name, 150)}\n${safeText(it.purpose, 300)}`,
      },
      fields: [
        { type: 'mrkdwn', text: `*Status*\n${ONBOARDING_STATUS_LABEL[record.status]}` },
        { type: 'mrkdwn', text: `*Type*\n${safeText(it.type, 100)} (${safeText(it.category, 60)})` },
        { type: 'mrkdwn', text: `*Connected*\n${formatZoned(it.connectedAt, opts.timeZone)}` },
        {
          type: 'mrkdwn',
          text: `*Last checked*\n${record.lastCheckedAt === null ? 'not yet' : formatZoned(record.lastCheckedAt, opts.timeZone)}`,
        },
      ],
    },
    { type: 'header', text: { type: 'plain_text', text: 'Check-ups' } },
  ];
  if (record.checks.length === 0)
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: 'No check-ups are scheduled yet.' } });
  for (const check of [...record.checks].sort((a, b) => a.scheduledFor - b.scheduledFor)) {
    const when =
      check.completedAt === null
        ? `due ${formatZoned(check.scheduledFor, opts.timeZone)}`
        : `ran ${formatZoned(check.completedAt, opts.timeZone)}`;
    const lines = [
      `${checkEmoji(check)} *Day ${checkDay(check, it.connectedAt)} · ${STAGE_LABEL[check.stage]}* — ${check.result}, ${when}`,
    ];
    if (check.completedAt !== null && check.result === 'pending') lines.push('Nothing received yet.');
    for (const f of check.findings.slice(0, FINDINGS_PER_CHECK)) lines.push(findingLine(f));
    if (check.findings.length > FINDINGS_PER_CHECK)
      lines.push(`+${check.findings.length - FINDINGS_PER_CHECK} more findings`);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), LIMITS.sectionText) } });
  }
  blocks.push(
    { type: 'header', text: { type: 'plain_text', text: 'Usage' } },
    { type: 'section', text: { type: 'mrkdwn', text: usageText(record.usage, opts.now) } },
    { type: 'header', text: { type: 'plain_text', text: 'Issue history' } },
    ...issueSections(record, opts),
  );
  if (record.outreach.length > 0) {
    const lines = record.outreach.map(
      (o) => `${OUTREACH_LABEL[o.kind]}: ${o.state.replace(/_/g, ' ')} · ${formatZoned(o.at, opts.timeZone)}`,
    );
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: truncate(`Outreach — ${lines.join(' · ')}`, LIMITS.sectionText) }],
    });
  }
  blocks.push({
    type: 'actions',
    block_id: 'onboarding.detail_actions',
    elements: [
      {
        type: 'button',
        action_id: ONBOARDING_ACTION.runCheckAgain,
        text: { type: 'plain_text', text: 'Run check again' },
        value: it.id,
      },
      {
        type: 'button',
        action_id: ONBOARDING_ACTION.draftOutreach,
        text: { type: 'plain_text', text: 'Draft outreach' },
        value: it.id,
      },
    ],
  });
  return {
    type: 'modal',
    callback_id: ONBOARDING_CALLBACK.integrationDetail,
    private_metadata: truncate(it.id, LIMITS.privateMetadata),
    title: { type: 'plain_text', text: 'Integration' },
    close: { type: 'plain_text', text: 'Close' },
    blocks,
  };
}

function issueSections(record: IntegrationHealthCheck, opts: { now: number; timeZone: string }): KnownBlock[] {
  if (record.issues.length === 0) return [{ type: 'section', text: { type: 'mrkdwn', text: 'No issues so far.' } }];
  const lines = [...record.issues]
    .sort((a, b) => b.openedAt - a.openedAt)
    .map((i) => issueLine(i, opts.now, opts.timeZone));
  const chunks = chunkLines(lines, LIMITS.sectionText);
  const shown = chunks.slice(0, ISSUE_SECTIONS);
  const listed = shown.reduce((n, c) => n + c.split('\n').length, 0);
  const blocks: KnownBlock[] = shown.map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } }));
  if (listed < lines.length)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `+${lines.length - listed} older issues` }] });
  return blocks;
}
