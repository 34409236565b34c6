import { describe, expect, it } from '@jest/globals';
import type { ActionsBlock, HeaderBlock, SectionBlock } from '@slack/types';
import { buildTechnicalEnvironment, type EnvironmentInputs } from '../../../src/domain/environment/index.js';
import { buildEnvironmentModal } from '../../../views/environment-modal.js';
import { buildEnvironmentSummary } from '../../../views/environment-summary.js';
import { ENVIRONMENT_ACTION, environmentActionIdPattern, parseLimitIncreaseValue } from '../../../views/ids.js';
import { LIMITS } from '../../../views/limits.js';
import { checkBlocks } from '../../support/block-kit-rules.js';
import { CATALOG, DAY, fullInputs, NOW } from '../domain/environment/fixtures.js';

const full = () => buildTechnicalEnvironment(fullInputs(), NOW);
const empty = () =>
  buildTechnicalEnvironment({ customer: { id: 'c9', name: 'Globex' }, environment: {}, catalog: CATALOG }, NOW);

/** The worst case: 1,000 integrations with 5,000-character errors, 500 technologies, 200 issues, long names. */
function huge(): EnvironmentInputs {
  const base = fullInputs();
  const long = (s: string) => `${s} ${'x'.repeat(5000)}`;
  return {
    ...base,
    customer: { id: 'c1', name: long('Ünïcødé 株式会社 Компания') },
    integrations: Array.from({ length: 1000 }, (_, k) => ({
      id: `i${k}`,
      name: long(`Integration ${k}`),
      type: 'custom_api',
      status: k % 3 === 0 ? ('disconnected' as const) : ('healthy' as const),
      lastSuccessfulSync: NOW - k * 60_000,
      direction: long('inbound'),
      configuration: { url: long('https://example.test') },
      lastError: { message: long('<!channel> boom & fail'), code: long('500'), endpoint: long('/x') },
    })),
    environment: {
      ...base.environment,
      techStack: Array.from({ length: 500 }, (_, k) => ({
        category: long('Cat'),
        technology: k % 2 ? 'HubSpot' : long(`Tech${k}`),
        source: 'technographics',
      })),
      technicalContacts: Array.from({ length: 300 }, (_, k) => ({
        name: long(`P${k}`),
        email: `p${k}@x.example`,
        primary: k === 0,
      })),
    },
    usage: {
      ...base.usage,
      endpoints: Array.from({ length: 300 }, (_, k) => ({ endpoint: long(`/e${k}`), calls: k })),
    },
    issues: Array.from({ length: 200 }, (_, k) => ({
      id: `s${k}`,
      title: long('Issue'),
      severity: 'high' as const,
      openedAt: NOW - k * DAY,
    })),
  };
}

const text = (blocks: unknown) => JSON.stringify(blocks);

describe('buildEnvironmentSummary', () => {
  it('when a customer has full data, then the message shows every section, the warning and the quick actions', () => {
    const msg = buildEnvironmentSummary(full(), { now: NOW });
    expect(msg.text).toBe('Technical environment for Acme Corp: score 48/100, 1 integration(s) need attention');
    expect((msg.blocks[0] as HeaderBlock).text.text).toBe('Technical environment — Acme Corp');
    const all = text(msg.blocks);
    expect(all).toContain('`█████░░░░░` *48*/100 · Poor');
    expect(all).toContain(':red_circle: Disconnected *Salesforce* · last sync 3 h ago · bidirectional');
    expect(all).toContain('↳ Re-authenticate the Salesforce connection (credentials expired or revoked)');
    expect(all).toContain('API calls this month: 600,000 / 1,000,000 (60%)');
    expect(all).toContain('the limit is reached on *2026-04-26*, before the month ends');
    expect(all).toContain(':x: rate-limit hits 3');
    expect(all).toContain('*Security* `████████░░` *75*/100 · Fair');
    expect(all).toContain('SOC 2 covered · GDPR met · HIPAA not applicable · DPA signed 2024-03-12');
    expect(all).toContain('Opportunity: *Zendesk*');
    expect(all).toContain(':star: Mike Lee, Director of Engineering');
    const actions = msg.blocks.find((b) => b.type === 'actions') as ActionsBlock;
    expect(
      actions.elements.map((e) => ('action_id' in e ? [e.action_id, 'value' in e ? e.value : null] : null)),
    ).toEqual([
      [ENVIRONMENT_ACTION.viewDetails, 'c1'],
      [ENVIRONMENT_ACTION.exportSummary, 'c1'],
      [ENVIRONMENT_ACTION.scheduleReview, 'c1'],
      [ENVIRONMENT_ACTION.requestSeSupport, 'c1'],
      [ENVIRONMENT_ACTION.createProposal, 'c1'],
      [ENVIRONMENT_ACTION.sendAlert, 'i1'],
      [ENVIRONMENT_ACTION.requestLimitIncrease, 'c1|apiCallsPerMonth'],
    ]);
    expect(parseLimitIncreaseValue('c1|apiCallsPerMonth')).toEqual({ customerId: 'c1', limitKey: 'apiCallsPerMonth' });
    expect(checkBlocks(msg.blocks, 'message')).toBeNull();
  });

  it('when nothing is known, then each section says not reported, with how to provide it, and no conditional action', () => {
    const msg = buildEnvironmentSummary(empty(), { now: NOW });
    const all = text(msg.blocks);
    expect(msg.text).toContain('score not reported');
    expect(all).toContain('*Technical health* _not reported_');
    expect(all).toContain('*Integrations*\\n_not reported_');
    expect(all).toContain('*API usage vs limits*\\n_not reported_');
    expect(all).toContain('*Tech stack*\\n_not reported_');
    expect(all).toContain('API usage (send a usage_snapshot event or upload usage logs)');
    expect(all).not.toMatch(/NaN|undefined|null/);
    const actions = msg.blocks.find((b) => b.type === 'actions') as ActionsBlock;
    expect(actions.elements).toHaveLength(4);
    expect(checkBlocks(msg.blocks, 'message')).toBeNull();
  });

  it('when the input is huge, then the message stays within 50 blocks and the text limits', () => {
    const msg = buildEnvironmentSummary(buildTechnicalEnvironment(huge(), NOW), { now: NOW });
    expect(msg.blocks.length).toBeLessThanOrEqual(LIMITS.messageBlocks);
    expect(checkBlocks(msg.blocks, 'message')).toBeNull();
    const all = text(msg.blocks);
    const integrations = (msg.blocks[4] as SectionBlock).text?.text ?? '';
    const shown = integrations.split('\n').filter((l) => l.includes('*Integration ')).length;
    expect(shown).toBeGreaterThan(0);
    expect(integrations).toContain(`+${1000 - shown} more in details`);
    expect(all).not.toContain('<!channel>');
  });
});

describe('buildEnvironmentModal', () => {
  it('when a customer has full data, then the modal has the details of each integration, limits, checks and contacts', () => {
    const view = buildEnvironmentModal(full(), { now: NOW });
    expect(view.title.text).toBe('Technical environment');
    expect(view.title.text.length).toBeLessThanOrEqual(LIMITS.viewTitle);
    expect(view.submit).toBeUndefined();
    const all = text(view.blocks);
    expect(all).toContain('*Connected since*');
    expect(all).toContain('*Last error*\\n`invalid_grant` Token refresh failed');
    expect(all).toContain('*Issue*\\nDisconnected at `/services/oauth2/token`');
    expect(all).toContain('Month-end projection: 1,200,000 calls at 40,000/day (last 7 days), 120% of the limit');
    expect(all).toContain(':x: MFA enforced — optional (10/25)');
    expect(all).toContain(':handshake: Same as ours · *Snowflake*');
    expect(all).toContain('*Ana Ruiz* — Platform engineer');
    const sendAlert = view.blocks.find(
      (b) => b.type === 'section' && (b as SectionBlock).accessory !== undefined,
    ) as SectionBlock;
    expect(sendAlert.accessory).toMatchObject({ action_id: 'environment.send_alert_to_customer:0', value: 'i1' });
    expect(environmentActionIdPattern(ENVIRONMENT_ACTION.sendAlert).test('environment.send_alert_to_customer:0')).toBe(
      true,
    );
    expect(checkBlocks(view.blocks, 'view')).toBeNull();
  });

  it('when nothing is known, then the modal says not reported for each part', () => {
    const view = buildEnvironmentModal(empty(), { now: NOW });
    const all = text(view.blocks);
    expect(all).toContain('*Integrations*\\n_not reported_');
    expect(all).toContain('*API health (30 days)*\\n_not reported_');
    expect(all).toContain('*Not reported* (8)');
    expect(all).not.toMatch(/NaN|undefined|null/);
    expect(checkBlocks(view.blocks, 'view')).toBeNull();
  });

  it('when the input is huge, then the modal stays within 100 blocks with the rest counted', () => {
    const view = buildEnvironmentModal(buildTechnicalEnvironment(huge(), NOW), { now: NOW });
    expect(view.blocks.length).toBeLessThanOrEqual(LIMITS.viewBlocks);
    expect(checkBlocks(view.blocks, 'view')).toBeNull();
    expect(text(view.blocks)).toContain('+980 more:');
  });
});
