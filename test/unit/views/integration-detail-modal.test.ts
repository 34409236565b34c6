import { describe, expect, it } from '@jest/globals';
import { ONBOARDING_ACTION, ONBOARDING_CALLBACK } from '../../../views/ids.js';
import { buildIntegrationDetailModal } from '../../../views/integration-detail-modal.js';
import { checkBlocks } from '../../support/block-kit-rules.js';
import { DAY, healthRecord, NOW, T0 } from './onboarding-records.js';

const opts = { now: NOW, timeZone: 'Europe/Berlin' };

describe('buildIntegrationDetailModal', () => {
  it('when an integration is viewed, then the modal shows each check-up with its result, usage, issues and the actions', () => {
    const modal = buildIntegrationDetailModal(healthRecord(1, 'critical'), opts);
    expect(modal).toMatchObject({
      callback_id: ONBOARDING_CALLBACK.integrationDetail,
      private_metadata: 'int-1',
      title: { text: 'Integration' },
    });
    const body = JSON.stringify(modal.blocks);
    expect(body).toContain(':white_check_mark: *Day 0 · Connection* — pass, ran Mon 5 Jan, 10:00 CET');
    expect(body).toContain(':x: *Day 7 · Usage* — fail, ran Mon 12 Jan, 10:00 CET');
    expect(body).toContain(':hourglass_flowing_sand: *Day 30 · Value* — pending, due Wed 4 Feb, 10:00 CET');
    expect(body).toContain(':red_circle: 3 connection failures and no successful call since');
    expect(body).toContain('1 active user · 20.0% of features');
    expect(body).toContain(ONBOARDING_ACTION.runCheckAgain);
    expect(body).toContain(ONBOARDING_ACTION.draftOutreach);
    expect(checkBlocks(modal.blocks, 'view')).toBeNull();
  });

  it('when nothing is known yet, then it says so instead of showing blanks', () => {
    const record = { ...healthRecord(2, 'unknown'), checks: [], issues: [], usage: null, lastCheckedAt: null };
    const body = JSON.stringify(buildIntegrationDetailModal(record, opts).blocks);
    expect(body).toContain('No check-ups are scheduled yet.');
    expect(body).toContain('no usage reported');
    expect(body).toContain('No issues so far.');
    expect(body).toContain('*Last checked*\\nnot yet');
  });

  it('when the history holds 500 long issues, then the modal stays within limits and counts the rest', () => {
    const base = healthRecord(3, 'warning');
    const issues = Array.from({ length: 500 }, (_, i) => ({
      ...base.issues[0],
      openedAt: T0 + i * DAY,
      message: `m${i} ${'w'.repeat(3000)}`,
    }));
    const modal = buildIntegrationDetailModal({ ...base, issues }, opts);
    expect(checkBlocks(modal.blocks, 'view')).toBeNull();
    expect(JSON.stringify(modal.blocks)).toMatch(/\+\d+ older issues/);
  });
});
