import { describe, expect, it } from '@jest/globals';
import { evaluateCheck } from '../../../../src/domain/onboarding/evaluate.js';
import { planCheckups } from '../../../../src/domain/onboarding/plan.js';
import {
  chooseOutreach,
  decideCheckNotification,
  integrationHealthStatus,
  openFindings,
} from '../../../../src/domain/onboarding/status.js';
import type { CheckEvidence, CheckStage, HealthCheck } from '../../../../src/domain/onboarding/types.js';
import { DAY, entry, events, evidence, flowing, T0 } from './builders.js';

const DAYS: Record<CheckStage, number> = { connection: 0, sync: 1, usage: 7, value: 30 };

/** Runs `stage` on `ev` with Salesforce's plan, as the service would store it. */
function run(stage: CheckStage, ev: CheckEvidence, type = 'salesforce'): HealthCheck {
  const at = T0 + DAYS[stage] * DAY;
  return { stage, scheduledFor: at, completedAt: at, ...evaluateCheck(stage, ev, entry(type), at) };
}

const used = (stage: CheckStage) => {
  const at = T0 + DAYS[stage] * DAY;
  return evidence({
    events: flowing(at),
    usage: { reportedAt: at, activeUsers: 12, featuresUsed: 10, featuresAvailable: 20, workflowsActive: 2 },
  });
};

describe('integrationHealthStatus', () => {
  it('when nothing has run yet, then the status is unknown', () => {
    expect(integrationHealthStatus(planCheckups(T0, entry('salesforce')))).toBe('unknown');
  });

  it('when the connection failed on day 0, then critical; when day 1 finds data flowing, then that finding is closed', () => {
    const failing = evidence({ events: events({ connectionFailures: 2, failures: 2, lastFailureAt: T0 }) });
    const day0 = run('connection', failing);
    expect(integrationHealthStatus([day0])).toBe('critical');
    const day1 = run('sync', used('sync'));
    expect(integrationHealthStatus([day0, day1])).toBe('healthy');
  });

  it('when day 7 found low usage and day 30 is not run, then the usage warning stays open', () => {
    const low = evidence({ events: flowing(T0 + 7 * DAY), usage: { reportedAt: T0, activeUsers: 1 } });
    const checks = [run('connection', used('connection')), run('usage', low)];
    expect(integrationHealthStatus(checks)).toBe('warning');
    expect(openFindings(checks).map((f) => [f.stage, f.kind])).toEqual([['usage', 'low_usage']]);
  });
});

describe('chooseOutreach', () => {
  it('when the first sync failed, then setup assistance', () => {
    const checks = [run('sync', evidence({ events: events({ connections: 1, syncErrors: 3 }) }))];
    expect(chooseOutreach(checks, 'sync')).toBe('setup_assistance');
  });

  it('when day 7 finds it connected but barely used, then best practices; with low feature use only, training', () => {
    const low = evidence({ events: flowing(T0 + 7 * DAY), usage: { reportedAt: T0, activeUsers: 1 } });
    expect(chooseOutreach([run('usage', low)], 'usage')).toBe('best_practices');
    const narrow = evidence({
      events: flowing(T0 + 7 * DAY),
      usage: { reportedAt: T0, activeUsers: 20, featuresUsed: 1, featuresAvailable: 20 },
    });
    expect(chooseOutreach([run('usage', narrow)], 'usage')).toBe('training');
  });

  it('when day 30 finds it healthy and used, then a success story, unless one was already sent', () => {
    const checks = [run('connection', used('connection')), run('value', used('value'))];
    expect(chooseOutreach(checks, 'value')).toBe('success_story');
    expect(chooseOutreach(checks, 'value', ['success_story'])).toBeNull();
  });

  it('when a check passes before day 30, or the stage has not run, then no outreach', () => {
    expect(chooseOutreach([run('sync', used('sync'))], 'sync')).toBeNull();
    expect(chooseOutreach(planCheckups(T0, entry('salesforce')), 'usage')).toBeNull();
  });
});

describe('decideCheckNotification', () => {
  const base = {
    integrationId: 'int-1',
    alreadyNotified: [],
    openIncident: null,
    csmSlackUserId: 'U1',
    fallbackChannelId: 'C9',
  };
  const failing = () => run('sync', evidence({ events: events({ connections: 1, syncErrors: 3 }) }));

  it('when a check passes before day 30, then the CSM is not disturbed; a passing day 30 sends one short note', () => {
    expect(decideCheckNotification({ ...base, check: run('sync', used('sync')) })).toEqual({
      action: 'quiet',
      reason: 'passing',
    });
    expect(decideCheckNotification({ ...base, check: run('value', used('value')) })).toEqual({
      action: 'healthy_note',
      recipient: { kind: 'csm', slackUserId: 'U1' },
      dedupKey: 'int-1:healthy_day_30',
    });
  });

  it('when a check fails, then one DM per finding kind not already notified', () => {
    const out = decideCheckNotification({ ...base, check: failing(), alreadyNotified: ['no_data_flow'] });
    expect(out).toMatchObject({ action: 'alerts', recipient: { kind: 'csm', slackUserId: 'U1' } });
    expect(out.action === 'alerts' && out.alerts.map((a) => a.dedupKey)).toEqual(['int-1:sync_incomplete']);
    expect(
      decideCheckNotification({ ...base, check: failing(), alreadyNotified: ['no_data_flow', 'sync_incomplete'] }),
    ).toEqual({
      action: 'quiet',
      reason: 'already_notified',
    });
  });

  it('when the integration has an open disconnect incident, then the findings join its thread instead', () => {
    const openIncident = { signalId: 'sig-7', channelId: 'D1', threadTs: '1700000000.000100' };
    const out = decideCheckNotification({ ...base, check: failing(), openIncident });
    expect(out).toMatchObject({ action: 'thread_reply', signalId: 'sig-7', threadTs: '1700000000.000100' });
  });

  it('when the customer has no CSM, then the fallback channel; with neither, it is reported undeliverable', () => {
    const toChannel = decideCheckNotification({ ...base, check: failing(), csmSlackUserId: null });
    expect(toChannel).toMatchObject({ action: 'alerts', recipient: { kind: 'channel', channelId: 'C9' } });
    const nowhere = decideCheckNotification({
      ...base,
      check: failing(),
      csmSlackUserId: null,
      fallbackChannelId: null,
    });
    expect(nowhere).toMatchObject({ action: 'undeliverable', reason: 'no CSM and no fallback channel' });
  });

  it('when the check is still pending, then nothing is sent', () => {
    expect(decideCheckNotification({ ...base, check: run('connection', evidence()) })).toEqual({
      action: 'quiet',
      reason: 'pending',
    });
  });
});
