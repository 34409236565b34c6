import { describe, expect, it } from '@jest/globals';
import type { ActionsBlock, Button, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';
import { buildCsmDigest, type DigestIncident } from '../../../src/domain/detection/digest.js';
import { buildDigestMessage } from '../../../views/digest-message.js';
import { ACTION, actionIdPattern } from '../../../views/ids.js';
import { checkBlocks } from '../../support/block-kit-rules.js';

const MIN = 60_000;
const NOW = Date.UTC(2026, 11, 2, 8, 0); // Wed 2 Dec, 09:00 in Berlin
const BERLIN = { now: NOW, timeZone: 'Europe/Berlin' };

function incident(overrides: Partial<DigestIncident> = {}): DigestIncident {
  return {
    incidentId: 'sig_1',
    customerId: 'c1',
    customerName: 'Acme Corp',
    customerArrUsd: 620_000,
    integrationLabel: 'Salesforce',
    failureClass: 'oauth',
    status: 'disconnected',
    severity: 'critical',
    openedAt: NOW - 134 * MIN,
    occurrences: 5,
    ...overrides,
  };
}

const buttons = (blocks: KnownBlock[]): Button[] =>
  blocks.flatMap((b) => {
    if (b.type === 'actions') return (b as ActionsBlock).elements as Button[];
    const accessory = (b as SectionBlock).accessory;
    return b.type === 'section' && accessory ? [accessory as Button] : [];
  });

describe('buildDigestMessage', () => {
  it('when 4 issues are open across 3 customers, then the header counts them and each customer gets its incidents and buttons', () => {
    const digest = buildCsmDigest(
      [
        incident(),
        incident({
          incidentId: 'sig_2',
          integrationLabel: 'Zendesk',
          severity: 'medium',
          status: 'degraded',
          acknowledged: true,
        }),
        incident({
          incidentId: 'sig_3',
          customerId: 'c2',
          customerName: 'Beta',
          customerArrUsd: 50_000,
          severity: 'high',
        }),
        incident({
          incidentId: 'sig_4',
          customerId: 'c3',
          customerName: 'Gamma',
          customerArrUsd: 10_000,
          severity: 'low',
        }),
      ],
      NOW,
    );
    const { text, blocks } = buildDigestMessage(digest, { ...BERLIN, csmName: 'Jane' });
    expect(text).toBe('Daily integration digest — 4 open issues across 3 customers (1 critical, 1 high)');
    expect((blocks[0] as HeaderBlock).text.text).toBe(text);
    const all = JSON.stringify(blocks);
    expect(all).toContain('Hi Jane. As of Wed 2 Dec, 09:00 CET, worst first.');
    expect(all).toContain(
      ':red_circle: Salesforce · Disconnected · critical · OAuth token · open 2 h 14 min · 5 occurrences',
    );
    expect(all).toContain(
      'Zendesk · Degraded · medium · OAuth token · open 2 h 14 min · 5 occurrences · :eyes: acknowledged',
    );
    const b = buttons(blocks);
    expect(b.map((x) => x.value)).toEqual(['sig_1', 'sig_2', 'sig_3', 'sig_4']);
    expect(b.map((x) => x.text.text)).toEqual(['View Salesforce', 'View Zendesk', 'View status', 'View status']);
    for (const x of b) expect(actionIdPattern(ACTION.digestViewStatus).test(x.action_id ?? '')).toBe(true);
    expect(checkBlocks(blocks, 'message')).toBeNull();
  });

  it('when nothing is open, then the digest says all integrations are healthy (golden)', () => {
    expect(buildDigestMessage(buildCsmDigest([], NOW), BERLIN)).toEqual({
      text: 'Daily integration digest — all integrations healthy',
      blocks: [
        {
          type: 'header',
          text: { type: 'plain_text', text: 'Daily integration digest — all integrations healthy', emoji: true },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: ':large_green_circle: All integrations healthy — no open issues as of Wed 2 Dec, 09:00 CET.',
          },
        },
      ],
    });
  });

  it('when one customer has one incident, then the message is exactly the golden object', () => {
    expect(buildDigestMessage(buildCsmDigest([incident()], NOW), { now: NOW, timeZone: 'America/New_York' })).toEqual({
      text: 'Daily integration digest — 1 open issue across 1 customer (1 critical)',
      blocks: [
        {
          type: 'header',
          text: {
            type: 'plain_text',
            text: 'Daily integration digest — 1 open issue across 1 customer (1 critical)',
            emoji: true,
          },
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'As of Wed 2 Dec, 03:00 EST, worst first.' }] },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*Acme Corp*\n:red_circle: Salesforce · Disconnected · critical · OAuth token · open 2 h 14 min · 5 occurrences',
          },
          accessory: {
            type: 'button',
            action_id: 'digest.view_status:0',
            text: { type: 'plain_text', text: 'View status' },
            value: 'sig_1',
          },
        },
      ],
    });
  });

  it('when 1,000 customers each have many long-named incidents, then it stays within limits and counts the rest', () => {
    const long = 'y'.repeat(5000);
    const incidents = Array.from({ length: 1000 }, (_, c) =>
      Array.from({ length: 8 }, (_, i) =>
        incident({
          incidentId: `sig_${c}_${i}`,
          customerId: `c${c}`,
          customerName: `${c} ${long}`,
          integrationLabel: long,
        }),
      ),
    ).flat();
    const { blocks } = buildDigestMessage(buildCsmDigest(incidents, NOW), BERLIN);
    expect(checkBlocks(blocks, 'message')).toBeNull();
    expect(JSON.stringify(blocks.at(-1))).toMatch(/\+\d+ more customers with [\d,]+ open issues/);
  });

  it('when the CSM has new integrations, then the digest shows the onboarding metrics against their targets', () => {
    const onboarding = {
      integrations: 12,
      checkCoverage: 1,
      covered: 12,
      issueDetectionRate: 0.875,
      issuesDetected: 7,
      issuesTotal: 8,
      healthyAtDay30: null,
      day30Due: 0,
      day30Healthy: 0,
    };
    const { blocks } = buildDigestMessage(buildCsmDigest([incident()], NOW), { ...BERLIN, onboarding });
    expect(JSON.stringify(blocks)).toContain(
      'New integrations (12): check coverage 100% (target 100%) · issues caught 88% (target > 90%) · healthy at day 30 n/a (target > 80%)',
    );
    expect(JSON.stringify(buildDigestMessage(buildCsmDigest([incident()], NOW), BERLIN).blocks)).not.toContain(
      'New integrations',
    );
  });
});
