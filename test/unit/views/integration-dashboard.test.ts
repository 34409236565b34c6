import { describe, expect, it } from '@jest/globals';
import type { KnownBlock } from '@slack/types';
import { ONBOARDING_ACTION } from '../../../views/ids.js';
import { buildIntegrationDashboard, DASHBOARD_PAGE_SIZE } from '../../../views/integration-dashboard.js';
import { LIMITS } from '../../../views/limits.js';
import { checkBlocks } from '../../support/block-kit-rules.js';
import { healthRecord, NOW } from './onboarding-records.js';

const opts = { now: NOW, timeZone: 'Europe/Berlin' };
const texts = (blocks: unknown[]) =>
  (blocks as KnownBlock[]).flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));
const viewButtons = (blocks: unknown[]) =>
  (blocks as KnownBlock[]).flatMap((b) =>
    b.type === 'section' && b.accessory && 'action_id' in b.accessory
      ? [{ id: b.accessory.action_id, value: (b.accessory as { value?: string }).value }]
      : [],
  );
const actionIds = (blocks: unknown[]) =>
  (blocks as KnownBlock[]).flatMap((b) =>
    b.type === 'actions' ? b.elements.map((e) => ('action_id' in e ? e.action_id : '')) : [],
  );

describe('buildIntegrationDashboard', () => {
  it('when the CSM has no integrations yet, then it explains how they appear and offers Add integration', () => {
    const view = buildIntegrationDashboard({ integrations: [], filter: 'all', page: 0 }, opts);
    expect(texts(view.blocks).join('\n')).toContain('*No integrations yet.*');
    expect(actionIds(view.blocks)).toContain(ONBOARDING_ACTION.addIntegration);
    expect(checkBlocks(view.blocks, 'view')).toBeNull();
  });

  it('when there is one integration, then its status, timeline, usage and issues are shown with a View button', () => {
    const view = buildIntegrationDashboard(
      { integrations: [healthRecord(1, 'warning')], filter: 'all', page: 0 },
      opts,
    );
    const [customer, row] = texts(view.blocks);
    expect(customer).toBe('*Customer 1*');
    expect(row.split('\n')).toEqual([
      ':large_yellow_circle: *Salesforce 1* — Warning · crm: syncs accounts, contacts and opportunities',
      'Check-ups: Day 0 :white_check_mark: · Day 1 :white_check_mark: · Day 7 :warning: · Day 30 :hourglass_flowing_sand:',
      'Usage: 1 active user · 20.0% of features',
      ':large_yellow_circle: Usage check · Mon 12 Jan, 10:00 CET · open — Low usage: 1 active users (expected at least 5)',
    ]);
    expect(viewButtons(view.blocks)).toEqual([{ id: `${ONBOARDING_ACTION.viewIntegration}:0`, value: 'int-1' }]);
    expect(actionIds(view.blocks)).toEqual(
      expect.arrayContaining([ONBOARDING_ACTION.addIntegration, ONBOARDING_ACTION.dashboardFilter]),
    );
    expect(checkBlocks(view.blocks, 'view')).toBeNull();
  });

  it('when customers differ in health, then they are grouped by customer, worst first', () => {
    const integrations = [
      healthRecord(1, 'healthy', { customerId: 'a', customerName: 'Acme', name: 'HubSpot' }),
      healthRecord(2, 'healthy', { customerId: 'g', customerName: 'Globex', name: 'Okta' }),
      healthRecord(3, 'critical', { customerId: 'g', customerName: 'Globex', name: 'Stripe' }),
      healthRecord(4, 'warning', { customerId: 'a', customerName: 'Acme', name: 'Zendesk' }),
    ];
    const view = buildIntegrationDashboard({ integrations, filter: 'all', page: 0 }, opts);
    const heads = texts(view.blocks).map((t) => t.split('\n')[0]);
    expect(heads.map((h) => h.replace(/ —.*/, ''))).toEqual([
      '*Globex*',
      ':red_circle: *Stripe*',
      ':large_green_circle: *Okta*',
      '*Acme*',
      ':large_yellow_circle: *Zendesk*',
      ':large_green_circle: *HubSpot*',
    ]);
  });

  it('when a status filter is chosen, then only those integrations are listed, and an empty filter says so', () => {
    const integrations = [healthRecord(1, 'healthy'), healthRecord(2, 'critical')];
    const critical = buildIntegrationDashboard({ integrations, filter: 'critical', page: 0 }, opts);
    expect(viewButtons(critical.blocks).map((b) => b.value)).toEqual(['int-2']);
    const none = buildIntegrationDashboard({ integrations, filter: 'warning', page: 0 }, opts);
    expect(texts(none.blocks)).toContain('No integration is *warning* right now.');
  });

  it('when there are 300 integrations with long names, then each page stays within Block Kit limits and the pager walks them all', () => {
    const statuses = ['critical', 'warning', 'unknown', 'healthy'] as const;
    const integrations = Array.from({ length: 300 }, (_, i) =>
      healthRecord(i, statuses[i % 4], {
        customerId: `c${i % 37}`,
        customerName: `Customer ${i % 37} ${'x'.repeat(4000)}`,
        name: `Integration ${i} ${'y'.repeat(4000)}`,
      }),
    );
    const seen = new Set<string>();
    const pages = Math.ceil(300 / DASHBOARD_PAGE_SIZE);
    for (let page = 0; page < pages; page++) {
      const view = buildIntegrationDashboard({ integrations, filter: 'all', page }, opts);
      expect(view.blocks.length).toBeLessThanOrEqual(LIMITS.viewBlocks);
      expect(checkBlocks(view.blocks, 'view')).toBeNull();
      for (const b of viewButtons(view.blocks)) seen.add(b.value ?? '');
      const ids = actionIds(view.blocks);
      expect(ids.includes(ONBOARDING_ACTION.dashboardNext)).toBe(page < pages - 1);
      expect(ids.includes(ONBOARDING_ACTION.dashboardPrevious)).toBe(page > 0);
    }
    expect(seen.size).toBe(300);
    const past = buildIntegrationDashboard({ integrations, filter: 'all', page: 99 }, opts);
    expect(JSON.stringify(past.blocks)).toContain(`Showing 281–300 of 300 · page ${pages} of ${pages}`);
  });
});
