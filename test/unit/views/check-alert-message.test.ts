import { describe, expect, it } from '@jest/globals';
import type { KnownBlock } from '@slack/types';
import { buildCheckAlertMessage, type CheckAlertView } from '../../../views/check-alert-message.js';
import { ONBOARDING_ACTION } from '../../../views/ids.js';
import { blockTextLength, LIMITS } from '../../../views/limits.js';
import { checkBlocks } from '../../support/block-kit-rules.js';
import { DAY, NOW, T0 } from './onboarding-records.js';

const opts = { now: NOW, timeZone: 'Europe/Berlin' };
const finding = {
  kind: 'connection_failed' as const,
  severity: 'critical' as const,
  message: '3 connection failures and no successful call since',
  evidence: { connectionFailures: 3, lastFailureAt: T0 + 60_000, errorRate: 0.12 },
};
const view = (over: Partial<CheckAlertView> = {}): CheckAlertView => ({
  integrationId: 'int-1',
  customerName: 'Acme Corp',
  integration: { name: 'Salesforce', connectedAt: T0, category: 'crm' },
  check: {
    stage: 'connection',
    scheduledFor: T0,
    completedAt: T0 + 120_000,
    result: 'fail',
    findings: [finding],
    details: null,
  },
  findings: [finding],
  steps: ['• Re-authorise the connected app', '• Check the integration user is active'],
  ...over,
});
const elements = (blocks: KnownBlock[]) => blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));

describe('buildCheckAlertMessage', () => {
  it('when the connection check failed, then the DM names it, shows the evidence and the steps', () => {
    const msg = buildCheckAlertMessage(view(), opts);
    expect(msg.text).toBe('Salesforce: connection failed — Acme Corp (Day 0 connection check)');
    expect(msg.blocks[0]).toMatchObject({
      type: 'header',
      text: { text: '🔴 Salesforce: connection failed — Acme Corp' },
    });
    const body = JSON.stringify(msg.blocks);
    expect(body).toContain('Day 0 connection check · Mon 5 Jan, 10:02 CET · result: *fail*');
    expect(body).toContain('*lastFailureAt*\\nMon 5 Jan, 10:01 CET');
    expect(body).toContain('*errorRate*\\n12.0%');
    expect(body).toContain('1. Re-authorise the connected app\\n2. Check the integration user is active');
    expect(checkBlocks(msg.blocks, 'message')).toBeNull();
  });

  it('when rendered, then it carries Run check again, Draft outreach, View integration and Snooze for this integration', () => {
    const els = elements(buildCheckAlertMessage(view(), opts).blocks);
    expect(els.map((e) => ('action_id' in e ? e.action_id : ''))).toEqual([
      ONBOARDING_ACTION.runCheckAgain,
      ONBOARDING_ACTION.draftOutreach,
      ONBOARDING_ACTION.viewIntegration,
      ONBOARDING_ACTION.snoozeCheck,
    ]);
    expect(els.slice(0, 3).map((e) => (e as { value: string }).value)).toEqual(['int-1', 'int-1', 'int-1']);
    expect(JSON.stringify(els[3])).toContain('"value":"int-1|24h"');
  });

  it('when a thread reply carries many long findings and steps, then it stays within message limits', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({
      ...finding,
      severity: 'warning' as const,
      message: `finding ${i} ${'z'.repeat(5000)}`,
      evidence: Object.fromEntries(Array.from({ length: 15 }, (_, j) => [`k${j}`, 'v'.repeat(5000)])),
    }));
    const msg = buildCheckAlertMessage(
      view({
        findings: many,
        steps: Array.from({ length: 40 }, () => 's'.repeat(5000)),
        check: { ...view().check, scheduledFor: T0 + 7 * DAY, stage: 'usage' },
      }),
      opts,
    );
    expect(msg.blocks[0]).toMatchObject({ text: { text: expect.stringMatching(/^🟡 /) } });
    expect(checkBlocks(msg.blocks, 'message')).toBeNull();
    expect(blockTextLength(msg.blocks)).toBeLessThanOrEqual(LIMITS.messageBlocksText);
    expect(JSON.stringify(msg.blocks)).toMatch(/\+\d+ more findings/);
  });

  it('when there is no finding, then it refuses to build an empty alert', () => {
    expect(() => buildCheckAlertMessage(view({ findings: [] }), opts)).toThrow(
      'a check alert needs at least one finding',
    );
  });
});
