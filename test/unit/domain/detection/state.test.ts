import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { IntegrationEvent, IntegrationEventType } from '../../../../src/domain/detection/events.js';
import { type DetectionPolicy, resolvePolicy } from '../../../../src/domain/detection/policy.js';
import {
  applyEvent,
  classifyErrorCode,
  createDetectorState,
  type DetectorState,
  formatDuration,
  SEEN_KEYS_LIMIT,
  sweepSilent,
} from '../../../../src/domain/detection/state.js';
import type { Transition } from '../../../../src/domain/detection/types.js';
import { ev, MIN, T0 } from './builders.js';

const sf = resolvePolicy('salesforce');

/** Applies events in order, each processed at its own time; returns the final state and all transitions. */
function run(events: IntegrationEvent[], policy: DetectionPolicy = sf, start: DetectorState = createDetectorState(T0)) {
  let state = start;
  const transitions: Transition[] = [];
  for (const e of events) {
    const r = applyEvent(state, e, policy, e.occurredAt);
    state = r.state;
    transitions.push(...r.transitions);
  }
  return { state, transitions };
}

const kinds = (ts: Transition[]) => ts.map((t) => `${t.kind}:${t.failureClass}:${t.status}`);

describe('applyEvent — OAuth and token failures', () => {
  it('when a token expires, then the integration is disconnected at once with class oauth', () => {
    const { state, transitions } = run([ev('token_expired', 0)]);
    expect(kinds(transitions)).toEqual(['open:oauth:disconnected']);
    expect(transitions[0]).toMatchObject({ family: 'access', errorCode: 'token_expired', at: T0, occurrences: 1 });
    expect(state.status).toBe('disconnected');
    expect(state.since).toBe(T0);
  });
  it('when a token refresh fails, then it is disconnected at once', () => {
    const { transitions } = run([ev('token_refresh_failed', 0, { errorCode: 'invalid_grant' })]);
    expect(kinds(transitions)).toEqual(['open:oauth:disconnected']);
    expect(transitions[0].errorCode).toBe('invalid_grant');
  });
  it('when a single auth failure carries invalid_grant, then it is disconnected at once (no counting)', () => {
    const { transitions } = run([ev('auth_failure', 0, { errorCode: 'invalid_grant' })]);
    expect(kinds(transitions)).toEqual(['open:oauth:disconnected']);
  });
  it('when a sync error carries invalid_grant, then it is an oauth disconnect too', () => {
    const { transitions } = run([ev('sync_error', 0, { errorCode: 'INVALID_GRANT' })]);
    expect(kinds(transitions)).toEqual(['open:oauth:disconnected']);
  });
  it('when the product reports disconnected, then it is disconnected at once', () => {
    const { transitions } = run([ev('disconnected', 0)]);
    expect(kinds(transitions)).toEqual(['open:auth:disconnected']);
  });
});

describe('applyEvent — repeated 401/403', () => {
  it('when 3 auth failures arrive within 10 min, then the third disconnects', () => {
    const events = [0, 2, 4].map((m) => ev('auth_failure', m * MIN, { errorCode: '401' }));
    const { transitions } = run(events);
    expect(kinds(transitions)).toEqual(['open:auth:disconnected']);
    expect(transitions[0].at).toBe(T0 + 4 * MIN);
    expect(transitions[0].reason).toBe('3 authentication failures (401/403) within 10 min');
  });
  it('when 3 auth failures are spread over more than the window, then nothing opens', () => {
    // At 12 min the window is (2 min, 12 min]: only the failures at 6 and 12 count.
    const events = [0, 6, 12].map((m) => ev('auth_failure', m * MIN, { errorCode: '403' }));
    expect(run(events).transitions).toEqual([]);
  });
  it('when an api_calls summary has 5 failures coded 401, then they count as 5 auth failures', () => {
    const { transitions } = run([ev('api_calls', 0, { count: 20, failed: 5, errorCode: '401' })]);
    expect(kinds(transitions)).toEqual(['open:auth:disconnected']);
    expect(transitions[0].reason).toMatch(/^5 authentication failures/);
  });
  it('when a sync error is coded 403, then it counts toward the auth threshold', () => {
    const events = [
      ev('auth_failure', 0, { errorCode: '401' }),
      ev('sync_error', MIN, { errorCode: '403' }),
      ev('auth_failure', 2 * MIN, { errorCode: '401' }),
    ];
    expect(kinds(run(events).transitions)).toEqual(['open:auth:disconnected']);
  });
  it('when the policy asks for 5 failures, then 4 do not open', () => {
    const policy = resolvePolicy('salesforce', { auth: { failures: 5 } });
    const events = [0, 1, 2, 3].map((m) => ev('auth_failure', m * MIN, { errorCode: '401' }));
    expect(run(events, policy).transitions).toEqual([]);
  });
});

describe('applyEvent — webhooks', () => {
  it('when 5 deliveries fail in a row, then degraded; at 10 (rate 100% of ≥10 samples), then disconnected', () => {
    const events = Array.from({ length: 10 }, (_, i) => ev('webhook_failed', i * MIN, { errorCode: '502' }));
    const { transitions, state } = run(events);
    expect(kinds(transitions)).toEqual([
      'open:webhook:degraded',
      'update:webhook:degraded',
      'update:webhook:degraded',
      'update:webhook:degraded',
      'update:webhook:degraded',
      'update:webhook:disconnected',
    ]);
    expect(transitions[0].reason).toBe('5 consecutive webhook deliveries failed');
    expect(transitions[5].reason).toBe('100% of webhook deliveries failed (last 15 min)');
    expect(transitions[5].occurrences).toBe(6);
    expect(state.status).toBe('disconnected');
  });
  it('when failures alternate with deliveries, then the failure rate (50% ≥ 25%) degrades at the 10th sample', () => {
    const events = Array.from({ length: 10 }, (_, i) =>
      ev(i % 2 === 0 ? 'webhook_delivered' : 'webhook_failed', i * MIN),
    );
    const { transitions } = run(events);
    expect(kinds(transitions)).toEqual(['open:webhook:degraded']);
    expect(transitions[0].at).toBe(T0 + 9 * MIN);
    expect(transitions[0].reason).toBe('50% of webhook deliveries failed (last 15 min)');
  });
  it('when fewer than minSamples deliveries exist, then the rate is not judged', () => {
    const events = [ev('webhook_delivered', 0), ev('webhook_failed', MIN), ev('webhook_failed', 2 * MIN)];
    expect(run(events).transitions).toEqual([]);
  });
  it('when a webhook-only integration fails 3 times in a row, then its stricter default degrades it', () => {
    const events = [0, 1, 2].map((m) => ev('webhook_failed', m * MIN, { integration: { id: 'w', type: 'webhook' } }));
    expect(kinds(run(events, resolvePolicy('webhook')).transitions)).toEqual(['open:webhook:degraded']);
  });
});

describe('applyEvent — SSO and sync errors', () => {
  it('when Okta sees 5 SSO failures in 10 min, then degraded; 4 are not enough', () => {
    const okta = resolvePolicy('okta');
    const four = [0, 1, 2, 3].map((m) => ev('sso_failure', m * MIN));
    expect(run(four, okta).transitions).toEqual([]);
    const five = [0, 1, 2, 3, 4].map((m) => ev('sso_failure', m * MIN, { errorCode: 'saml_invalid_signature' }));
    const { transitions } = run(five, okta);
    expect(kinds(transitions)).toEqual(['open:sso:degraded']);
    expect(transitions[0]).toMatchObject({ family: 'access', errorCode: 'saml_invalid_signature' });
  });
  it('when SSO logins succeed long enough after an SSO degradation, then it resolves; a usage snapshot changes nothing', () => {
    const okta = resolvePolicy('okta');
    const failures = [0, 1, 2, 3, 4].map((m) => ev('sso_failure', m * MIN));
    const logins = Array.from({ length: 10 }, (_, i) => ev('sso_login', 60 * MIN + i * MIN));
    expect(kinds(run([...failures, ...logins], okta).transitions)).toEqual([
      'open:sso:degraded',
      'resolve:sso:healthy',
    ]);
    const snapshot = run([...failures, ev('usage_snapshot', 6 * MIN, { usage: { activeUsers: 3 } })], okta);
    expect(kinds(snapshot.transitions)).toEqual(['open:sso:degraded']);
  });
  it('when 3 sync errors happen within an hour, then degraded with class sync', () => {
    const events = [0, 20, 40].map((m) => ev('sync_error', m * MIN, { errorCode: 'UNABLE_TO_LOCK_ROW' }));
    const { transitions } = run(events);
    expect(kinds(transitions)).toEqual(['open:sync:degraded']);
    expect(transitions[0].reason).toBe('3 sync errors within 1 h');
  });
});

describe('applyEvent — partial failure', () => {
  it('when one endpoint fails while another succeeds, then degraded naming the failing endpoint', () => {
    const events = [
      ev('api_calls', 0, { endpoint: '/contacts', count: 10, failed: 0 }),
      ev('api_calls', MIN, { endpoint: '/opportunities', count: 10, failed: 8, errorCode: 'INVALID_FIELD' }),
    ];
    const { transitions } = run(events);
    expect(kinds(transitions)).toEqual(['open:partial:degraded']);
    expect(transitions[0].endpoints).toEqual(['/opportunities']);
    expect(transitions[0].reason).toBe('1 endpoint failing while others succeed (last 15 min): /opportunities');
  });
  it('when only the healthy endpoints keep succeeding, then the partial incident does not resolve; the failing one recovering does', () => {
    const open = run([
      ev('api_calls', 0, { endpoint: '/contacts', count: 10, failed: 0 }),
      ev('api_calls', MIN, { endpoint: '/opportunities', count: 10, failed: 8 }),
    ]).state;
    const healthyOnly = run(
      [10, 11, 12, 13].map((m) => ev('api_calls', m * MIN, { endpoint: '/contacts', count: 10, failed: 0 })),
      sf,
      open,
    );
    expect(healthyOnly.transitions).toEqual([]);
    const recovered = run(
      [14, 15, 16].map((m) => ev('api_calls', m * MIN, { endpoint: '/opportunities', count: 10, failed: 0 })),
      sf,
      healthyOnly.state,
    );
    expect(kinds(recovered.transitions)).toEqual(['resolve:partial:healthy']);
    expect(recovered.transitions[0].endpoints).toEqual(['/opportunities']);
  });
  it('when an endpoint has fewer calls than the minimum, then it is not judged', () => {
    const events = [
      ev('api_calls', 0, { endpoint: '/contacts', count: 10, failed: 0 }),
      ev('api_calls', MIN, { endpoint: '/opportunities', count: 4, failed: 4 }),
    ];
    expect(run(events).transitions).toEqual([]);
  });
  it('when every measured endpoint fails, then it is a sync failure, not partial', () => {
    const events = [
      ev('api_calls', 0, { endpoint: '/a', count: 10, failed: 9 }),
      ev('api_calls', MIN, { endpoint: '/b', count: 10, failed: 10 }),
    ];
    const { transitions } = run(events);
    expect(kinds(transitions)).toEqual(['open:sync:degraded', 'update:sync:degraded']);
    expect(transitions[1].endpoints).toEqual(['/a', '/b']);
  });
  it('when api_calls without an endpoint mostly fail, then the whole API counts as failing', () => {
    const { transitions } = run([ev('api_calls', 0, { count: 100, failed: 80 })]);
    expect(kinds(transitions)).toEqual(['open:sync:degraded']);
    expect(transitions[0].reason).toBe('API calls failing (last 15 min)');
  });
  it('when endpoint samples age out of the window, then they no longer count', () => {
    const events = [
      ev('api_calls', 0, { endpoint: '/contacts', count: 10, failed: 0 }),
      ev('api_calls', 20 * MIN, { endpoint: '/opportunities', count: 10, failed: 8 }),
    ];
    // /contacts is 20 min old (> 15 min window): only /opportunities is measured, so "all failing" → sync.
    expect(kinds(run(events).transitions)).toEqual(['open:sync:degraded']);
  });
});

describe('applyEvent — resolution and hysteresis', () => {
  it('when reconnected, then every open family resolves at once', () => {
    const events = [
      ev('token_expired', 0),
      ...Array.from({ length: 5 }, (_, i) => ev('webhook_failed', (i + 1) * MIN)),
      ev('reconnected', 7 * MIN),
    ];
    const { transitions, state } = run(events);
    const resolves = transitions.filter((t) => t.kind === 'resolve');
    expect(resolves.map((t) => t.family)).toEqual(['access', 'delivery']);
    expect(resolves[0]).toMatchObject({ status: 'healthy', reason: 'Reconnected', openedAt: T0, at: T0 + 7 * MIN });
    expect(state.status).toBe('healthy');
    expect(state.open).toEqual({});
    expect(state.since).toBe(T0 + 7 * MIN);
  });
  it('when 3 successful syncs come before 5 min in state, then it stays open until a success after 5 min', () => {
    const events = [
      ev('token_expired', 0),
      ev('sync_completed', MIN),
      ev('sync_completed', 2 * MIN),
      ev('sync_completed', 3 * MIN),
    ];
    const early = run(events);
    expect(kinds(early.transitions)).toEqual(['open:oauth:disconnected']);
    expect(early.state.open.access?.successStreak).toBe(3);
    const late = run([ev('sync_completed', 6 * MIN)], sf, early.state);
    expect(kinds(late.transitions)).toEqual(['resolve:oauth:healthy']);
    expect(late.transitions[0].reason).toBe('4 consecutive successful syncs');
  });
  it('when only 2 successes follow (K = 3), then it does not resolve even long after', () => {
    const events = [ev('token_expired', 0), ev('sync_completed', 30 * MIN), ev('sync_completed', 60 * MIN)];
    expect(kinds(run(events).transitions)).toEqual(['open:oauth:disconnected']);
  });
  it('when the integration flaps (fail/succeed alternating), then one open, updates only, and no early resolve', () => {
    const events: IntegrationEvent[] = [0, 1, 2].map((m) => ev('auth_failure', m * MIN, { errorCode: '401' }));
    for (let i = 0; i < 20; i += 1) {
      events.push(ev('sync_completed', (3 + 2 * i) * MIN));
      events.push(ev('auth_failure', (4 + 2 * i) * MIN, { errorCode: '401' }));
    }
    const flapping = run(events);
    expect(flapping.transitions.filter((t) => t.kind === 'open')).toHaveLength(1);
    expect(flapping.transitions.filter((t) => t.kind === 'resolve')).toHaveLength(0);
    expect(flapping.transitions.filter((t) => t.kind === 'update')).toHaveLength(20);
    expect(flapping.transitions.at(-1)?.occurrences).toBe(21);
    // It settles: three successes in a row, long after opening → one resolve.
    const settled = run(
      [50, 51, 52].map((m) => ev('sync_completed', m * MIN)),
      sf,
      flapping.state,
    );
    expect(kinds(settled.transitions)).toEqual(['resolve:auth:healthy']);
  });
  it('when a degraded incident escalates, then it updates to disconnected and never steps back down while open', () => {
    const okta = resolvePolicy('okta', { sso: { degraded: 2, disconnected: 3 } });
    const events = [
      ev('sso_failure', 0),
      ev('sso_failure', MIN),
      ev('sso_failure', 2 * MIN),
      ev('sso_failure', 20 * MIN), // window has 1 failure: below both thresholds
    ];
    expect(kinds(run(events, okta).transitions)).toEqual([
      'open:sso:degraded',
      'update:sso:disconnected',
      'update:sso:disconnected',
    ]);
  });
  it('when an incident resolved by successes, then one new failure does not reopen it from old counts', () => {
    const events = [
      ...[0, 1, 2].map((m) => ev('auth_failure', m * MIN, { errorCode: '401' })),
      ...[6, 7, 8].map((m) => ev('sync_completed', m * MIN)),
      ev('auth_failure', 9 * MIN, { errorCode: '401' }),
    ];
    expect(kinds(run(events).transitions)).toEqual(['open:auth:disconnected', 'resolve:auth:healthy']);
  });
  it('when webhook deliveries succeed, then they resolve the delivery family but not the access family', () => {
    const events = [
      ev('token_expired', 0),
      ...[1, 2, 3, 4, 5].map((m) => ev('webhook_failed', m * MIN)),
      ...[10, 11, 12].map((m) => ev('webhook_delivered', m * MIN)),
    ];
    const { transitions, state } = run(events);
    expect(transitions.filter((t) => t.kind === 'resolve').map((t) => t.family)).toEqual(['delivery']);
    expect(state.status).toBe('disconnected');
  });
});

describe('applyEvent — purity, time and idempotency', () => {
  it('when an event is applied, then the input state is not mutated', () => {
    const before = run([ev('auth_failure', 0, { errorCode: '401' })]).state;
    const snapshot = structuredClone(before);
    applyEvent(before, ev('token_expired', MIN), sf, T0 + MIN);
    expect(before).toEqual(snapshot);
  });
  it('when the state goes through JSON, then processing continues identically', () => {
    const first = run([ev('auth_failure', 0, { errorCode: '401' }), ev('webhook_failed', MIN)]);
    const revived = JSON.parse(JSON.stringify(first.state)) as DetectorState;
    expect(revived).toEqual(first.state);
    const next = [ev('auth_failure', 2 * MIN, { errorCode: '401' }), ev('auth_failure', 3 * MIN, { errorCode: '401' })];
    expect(run(next, sf, revived).transitions).toEqual(run(next, sf, first.state).transitions);
  });
  it('when an event claims a time in the future, then it is clamped to now', () => {
    const e = ev('token_expired', 10 * MIN);
    const { transitions } = applyEvent(createDetectorState(T0), e, sf, T0);
    expect(transitions[0].at).toBe(T0);
  });
  it('when a failure from before the last reconnection arrives late, then it is ignored (stale credentials)', () => {
    const reconnected = run([ev('token_expired', 0), ev('reconnected', 10 * MIN)]).state;
    const late = ev('token_expired', 5 * MIN);
    const r = applyEvent(reconnected, late, sf, T0 + 11 * MIN);
    expect(r.transitions).toEqual([]);
    expect(r.state.status).toBe('healthy');
    expect(r.state.seenKeys.at(-1)).toBe(late.idempotencyKey);
    // A failure after the reconnection counts as usual.
    expect(kinds(applyEvent(reconnected, ev('token_expired', 12 * MIN), sf, T0 + 12 * MIN).transitions)).toEqual([
      'open:oauth:disconnected',
    ]);
  });
  it('when the same idempotency key is applied twice, then the second returns the same state and no transitions', () => {
    const e = ev('token_expired', 0);
    const once = applyEvent(createDetectorState(T0), e, sf, T0);
    const twice = applyEvent(once.state, e, sf, T0 + MIN);
    expect(twice.state).toBe(once.state);
    expect(twice.transitions).toEqual([]);
  });
  it('when more than SEEN_KEYS_LIMIT events pass, then only the latest keys are kept', () => {
    const events = Array.from({ length: SEEN_KEYS_LIMIT + 10 }, (_, i) => ev('sync_completed', i * 1000));
    const { state } = run(events);
    expect(state.seenKeys).toHaveLength(SEEN_KEYS_LIMIT);
    expect(state.seenKeys.at(-1)).toBe(events.at(-1)?.idempotencyKey);
  });

  const TYPES: IntegrationEventType[] = [
    'auth_failure',
    'token_expired',
    'webhook_failed',
    'webhook_delivered',
    'sync_completed',
    'sync_error',
    'sso_failure',
    'api_calls',
    'reconnected',
  ];
  const stepArb = fc.record({
    type: fc.constantFrom(...TYPES),
    gapMin: fc.integer({ min: 0, max: 5 }),
    code: fc.constantFrom(undefined, '401', 'invalid_grant', '500'),
    endpoint: fc.constantFrom(undefined, '/a', '/b'),
    failed: fc.integer({ min: 0, max: 10 }),
  });

  it('property: when events are redelivered (same idempotency key) anywhere later in the sequence, then states and transitions equal those without the duplicates', () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { minLength: 1, maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 20 }),
        (steps, dups) => {
          let t = 0;
          const base = steps.map((s, i) => {
            t += s.gapMin * MIN;
            return {
              customer: { id: 'c' },
              integration: { id: 'i', type: 'salesforce' },
              type: s.type,
              occurredAt: T0 + t,
              idempotencyKey: `p-${i}`,
              ...(s.code ? { errorCode: s.code } : {}),
              ...(s.endpoint ? { endpoint: s.endpoint } : {}),
              ...(s.type === 'api_calls' ? { count: 10, failed: s.failed } : {}),
            } satisfies IntegrationEvent;
          });
          // Insert a copy of an earlier event after position `at`.
          const withDups: IntegrationEvent[] = [...base];
          for (const [a, b] of dups) {
            const at = a % withDups.length;
            const src = withDups[b % (at + 1)];
            withDups.splice(at + 1, 0, { ...src });
          }
          const plain = run(base);
          const duplicated = run(withDups);
          expect(duplicated.transitions).toEqual(plain.transitions);
          expect(duplicated.state).toEqual(plain.state);
        },
      ),
      { numRuns: 200 },
    );
  });
  it('property: whatever the sequence, at most one incident per family is open and status is the worst open one', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 80 }), (steps) => {
        let t = 0;
        let state = createDetectorState(T0);
        const openFamilies = new Set<string>();
        steps.forEach((s, i) => {
          t += s.gapMin * MIN;
          const e = ev(s.type, t, {
            idempotencyKey: `q-${i}`,
            ...(s.code ? { errorCode: s.code } : {}),
            ...(s.type === 'api_calls' ? { count: 10, failed: s.failed } : {}),
          });
          const r = applyEvent(state, e, sf, T0 + t);
          for (const tr of r.transitions) {
            if (tr.kind === 'open') {
              expect(openFamilies.has(tr.family)).toBe(false);
              openFamilies.add(tr.family);
            } else {
              expect(openFamilies.has(tr.family)).toBe(true);
              if (tr.kind === 'resolve') openFamilies.delete(tr.family);
            }
          }
          state = r.state;
          expect(new Set(Object.keys(state.open))).toEqual(openFamilies);
          const statuses = Object.values(state.open).map((o) => o.status);
          const worst = statuses.includes('disconnected') ? 'disconnected' : statuses.length ? 'degraded' : 'healthy';
          expect(state.status).toBe(worst);
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('sweepSilent', () => {
  const synced = run([ev('sync_completed', 0)]).state;
  it('when the last sync is exactly 45 min old (15 min × 3), then nothing happens', () => {
    expect(sweepSilent(synced, sf, T0 + 45 * MIN)).toEqual({ state: synced, transitions: [] });
  });
  it('when it is 46 min old, then a silent incident opens degraded; repeated sweeps do not spam', () => {
    const first = sweepSilent(synced, sf, T0 + 46 * MIN);
    expect(kinds(first.transitions)).toEqual(['open:silent:degraded']);
    expect(first.transitions[0].reason).toBe('No successful sync for 46 min (expected every 15 min)');
    expect(first.transitions[0].family).toBe('availability');
    expect(sweepSilent(first.state, sf, T0 + 60 * MIN).transitions).toEqual([]);
    const later = sweepSilent(first.state, sf, T0 + 91 * MIN);
    expect(kinds(later.transitions)).toEqual(['update:silent:disconnected']);
  });
  it('when a sync then succeeds, then the silent incident resolves on that one success', () => {
    const open = sweepSilent(synced, sf, T0 + 46 * MIN).state;
    const { transitions } = applyEvent(open, ev('sync_completed', 50 * MIN), sf, T0 + 50 * MIN);
    expect(kinds(transitions)).toEqual(['resolve:silent:healthy']);
  });
  it('when no sync ever happened, then the baseline is createdAt', () => {
    const fresh = createDetectorState(T0);
    expect(kinds(sweepSilent(fresh, sf, T0 + 46 * MIN).transitions)).toEqual(['open:silent:degraded']);
  });
  it('when the type is event-driven (Slack), then the sweep never fires', () => {
    expect(sweepSilent(createDetectorState(T0), resolvePolicy('slack'), T0 + 30 * 24 * 60 * MIN).transitions).toEqual(
      [],
    );
  });
  it('when an access incident is open, then silence is explained by it and no silent incident opens', () => {
    const disconnected = run([ev('token_expired', 0)]).state;
    expect(sweepSilent(disconnected, sf, T0 + 5 * 60 * MIN).transitions).toEqual([]);
  });
});

describe('helpers', () => {
  it('when codes are classified, then OAuth codes, 401/403 and others are told apart case-insensitively', () => {
    expect(classifyErrorCode('invalid_grant')).toBe('oauth');
    expect(classifyErrorCode('Token_Expired')).toBe('oauth');
    expect(classifyErrorCode('401')).toBe('auth');
    expect(classifyErrorCode('forbidden')).toBe('auth');
    expect(classifyErrorCode('500')).toBeNull();
    expect(classifyErrorCode(undefined)).toBeNull();
  });
  it('when durations are formatted, then minutes, hours and days read naturally', () => {
    expect(formatDuration(10 * MIN)).toBe('10 min');
    expect(formatDuration(60 * MIN)).toBe('1 h');
    expect(formatDuration(90 * MIN)).toBe('1 h 30 min');
    expect(formatDuration(72 * 60 * MIN)).toBe('3 d');
  });
});
