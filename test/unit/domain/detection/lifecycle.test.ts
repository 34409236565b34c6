import { describe, expect, it } from '@jest/globals';
import type { IntegrationEvent } from '../../../../src/domain/detection/events.js';
import {
  decideIncidentAction,
  dedupKey,
  type ExistingIncident,
  type IncidentAction,
  integrationKey,
} from '../../../../src/domain/detection/incident.js';
import { resolvePolicy } from '../../../../src/domain/detection/policy.js';
import { applyEvent, createDetectorState, type DetectorState } from '../../../../src/domain/detection/state.js';
import { DAY, ev, HOUR, MIN, T0 } from './builders.js';

/**
 * The wiring the alerting service will do, played out over a plain in-memory map instead of MongoDB:
 * detector transitions → dedup key → decideIncidentAction → stored incident. This checks that the pure
 * parts compose into the promises; it stands in for no module of ours.
 */
function simulate(events: IntegrationEvent[]) {
  const policy = resolvePolicy('salesforce');
  let state: DetectorState = createDetectorState(T0 - DAY);
  const incidents = new Map<string, (ExistingIncident & { number: number })[]>();
  const actions: IncidentAction[] = [];
  for (const e of events) {
    const r = applyEvent(state, e, policy, e.occurredAt);
    state = r.state;
    for (const t of r.transitions) {
      const key = dedupKey(e.customer.id as string, integrationKey(e.integration), t.failureClass);
      const history = incidents.get(key) ?? [];
      const latest = history.at(-1) ?? null;
      const action = decideIncidentAction(latest, t, t.at, policy);
      actions.push(action);
      if (action === 'create') history.push({ status: 'open', resolvedAt: null, number: history.length + 1 });
      if (action === 'reopen' && latest) Object.assign(latest, { status: 'open', resolvedAt: null });
      if (action === 'resolve' && latest) Object.assign(latest, { status: 'resolved', resolvedAt: t.at });
      incidents.set(key, history);
    }
  }
  return { actions, incidents };
}

describe('detector + incident decisions', () => {
  it('when OAuth, then 401s, then SSO failures report the same integration, then there is one incident, updated', () => {
    const { actions, incidents } = simulate([
      ev('token_refresh_failed', 0, { errorCode: 'invalid_grant' }),
      ev('auth_failure', MIN, { errorCode: '401' }),
      ev('sso_failure', 2 * MIN),
    ]);
    expect(actions).toEqual(['create', 'update', 'update']);
    expect(incidents.size).toBe(1);
  });
  it('when it fails again 2 h after resolving, then the same incident is reopened', () => {
    const { actions, incidents } = simulate([
      ev('token_expired', 0),
      ev('reconnected', HOUR),
      ev('token_expired', 3 * HOUR),
    ]);
    expect(actions).toEqual(['create', 'resolve', 'reopen']);
    expect([...incidents.values()][0]).toHaveLength(1);
  });
  it('when it fails again 25 h after resolving, then a new incident is created', () => {
    const { actions, incidents } = simulate([
      ev('token_expired', 0),
      ev('reconnected', HOUR),
      ev('token_expired', 26 * HOUR),
    ]);
    expect(actions).toEqual(['create', 'resolve', 'create']);
    expect([...incidents.values()][0].map((i) => i.number)).toEqual([1, 2]);
  });
  it('when a retry storm resends the same events, then the actions are those of one delivery', () => {
    const once = [ev('token_expired', 0), ev('reconnected', HOUR)];
    const storm = [...once, ...once, ...once];
    expect(simulate(storm).actions).toEqual(['create', 'resolve']);
  });
  it('when webhooks and credentials both fail, then they are two incidents (different families)', () => {
    const { incidents } = simulate([
      ev('token_expired', 0),
      ...[1, 2, 3, 4, 5].map((m) => ev('webhook_failed', m * MIN)),
    ]);
    expect(incidents.size).toBe(2);
  });
});
