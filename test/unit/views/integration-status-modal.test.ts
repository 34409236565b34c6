import { describe, expect, it } from '@jest/globals';
import type { HeaderBlock } from '@slack/types';
import { buildIntegrationStatusModal, type IntegrationStatusView } from '../../../views/integration-status-modal.js';
import { LIMITS } from '../../../views/limits.js';
import { checkBlocks } from '../../support/block-kit-rules.js';

const MIN = 60_000;
const OPENED = Date.UTC(2026, 11, 1, 13, 3);
const NOW = OPENED + 134 * MIN;

function model(overrides: Partial<IntegrationStatusView> = {}): IntegrationStatusView {
  return {
    customerName: 'Acme Corp',
    integration: {
      label: 'Salesforce',
      type: 'salesforce',
      status: 'disconnected',
      since: OPENED,
      connectedAt: Date.UTC(2026, 5, 1, 10, 0),
      lastSuccessAt: OPENED - 10 * MIN,
      lastFailureAt: NOW - 5 * MIN,
    },
    openSignals: [
      {
        id: 'sig_1',
        failureClass: 'oauth',
        status: 'disconnected',
        severity: 'critical',
        lifecycle: 'acknowledged',
        reason: 'Token refresh failed (invalid_grant)',
        openedAt: OPENED,
        occurrences: 3,
        errorCode: 'invalid_grant',
      },
    ],
    recentEvents: [
      {
        type: 'token_refresh_failed',
        occurredAt: NOW - 5 * MIN,
        errorCode: 'invalid_grant',
        endpoint: null,
        message: 'expired',
      },
    ],
    history: { uptime30d: 0.992, uptime90d: 0.997, incidents30d: 3, incidents90d: 5, mttrMs: 70 * MIN, chronic: true },
    ...overrides,
  };
}

describe('buildIntegrationStatusModal', () => {
  it('when an integration is disconnected, then the modal shows status, history, the open issue and events, read-only', () => {
    const view = buildIntegrationStatusModal(model(), { now: NOW, timeZone: 'Europe/Berlin' });
    expect(view.type).toBe('modal');
    expect(view.title.text.length).toBeLessThanOrEqual(LIMITS.viewTitle);
    expect(view.close?.text).toBe('Close');
    expect(view.submit).toBeUndefined();
    expect((view.blocks[0] as HeaderBlock).text.text).toBe('Salesforce — Acme Corp');
    const all = JSON.stringify(view.blocks);
    expect(all).toContain(':red_circle: Disconnected\\nsince 2 h 14 min ago');
    expect(all).toContain('uptime 99.2% (30 d), 99.7% (90 d)');
    expect(all).toContain('mean time to resolve 1 h 10 min');
    expect(all).toContain(':warning: *Chronic:* 3 disconnects in 30 days');
    expect(all).toContain(':red_circle: *Critical* · Disconnected · OAuth token · :eyes: acknowledged');
    expect(all).toContain('Tue 1 Dec, 16:12 CET · `token_refresh_failed` `invalid_grant` expired');
    expect(checkBlocks(view.blocks, 'view')).toBeNull();
  });

  it('when shown in New York, then the same events carry New York times', () => {
    const all = JSON.stringify(buildIntegrationStatusModal(model(), { now: NOW, timeZone: 'America/New_York' }).blocks);
    expect(all).toContain('Tue 1 Dec, 10:12 EST');
    expect(all).not.toContain('CET');
  });

  it('when nothing is known yet, then the modal is exactly the golden object', () => {
    const view = buildIntegrationStatusModal(
      model({
        integration: {
          label: 'Zendesk',
          type: 'zendesk',
          status: 'unknown',
          since: null,
          connectedAt: null,
          lastSuccessAt: null,
          lastFailureAt: null,
        },
        openSignals: [],
        recentEvents: [],
        history: { uptime30d: 1, uptime90d: 1, incidents30d: 0, incidents90d: 0, mttrMs: null, chronic: false },
      }),
      { now: NOW, timeZone: 'UTC' },
    );
    expect(view).toEqual({
      type: 'modal',
      title: { type: 'plain_text', text: 'Integration status' },
      close: { type: 'plain_text', text: 'Close' },
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Zendesk — Acme Corp', emoji: true } },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Status*\n:white_circle: Unknown' },
            { type: 'mrkdwn', text: '*Connected*\nunknown' },
            { type: 'mrkdwn', text: '*Last success*\nnone recorded' },
            { type: 'mrkdwn', text: '*Last failure*\nnone recorded' },
          ],
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*History* · uptime 100.0% (30 d), 100.0% (90 d)\n0 incidents in 30 days, 0 in 90 days · mean time to resolve –',
          },
        },
        { type: 'divider' },
        { type: 'section', text: { type: 'mrkdwn', text: '*Open issues*\nNo open issues.' } },
        { type: 'divider' },
        { type: 'section', text: { type: 'mrkdwn', text: '*Recent events*\nNo events recorded yet.' } },
      ],
    });
  });

  it('when there are 500 events and 50 open issues with 5,000-character messages, then it stays within 100 blocks', () => {
    const long = 'z'.repeat(5000);
    const base = model();
    const view = buildIntegrationStatusModal(
      model({
        customerName: long,
        openSignals: Array.from({ length: 50 }, (_, i) => ({
          ...base.openSignals[0],
          id: `s${i}`,
          reason: long,
          errorCode: long,
        })),
        recentEvents: Array.from({ length: 500 }, (_, i) => ({
          type: long,
          occurredAt: NOW - i * MIN,
          errorCode: long,
          endpoint: long,
          message: long,
        })),
      }),
      { now: NOW, timeZone: 'Europe/Berlin' },
    );
    expect(checkBlocks(view.blocks, 'view')).toBeNull();
    const all = JSON.stringify(view.blocks);
    expect(all).toContain('+485 more events');
    expect(all).toContain('+30 more open issues');
  });
});
