import { describe, expect, it } from '@jest/globals';
import { decideIncidentAction, dedupKey, familyOf, integrationKey } from '../../../../src/domain/detection/incident.js';
import { resolvePolicy } from '../../../../src/domain/detection/policy.js';
import { HOUR, T0 } from './builders.js';

const policy = resolvePolicy('salesforce');
const open = { kind: 'open' } as const;
const update = { kind: 'update' } as const;
const resolve = { kind: 'resolve' } as const;

describe('incident identity', () => {
  it('when OAuth, 401s and SSO report a problem, then they share the access family and one dedup key', () => {
    expect(['oauth', 'auth', 'sso'].map((c) => familyOf(c as 'oauth'))).toEqual(['access', 'access', 'access']);
    expect(dedupKey('c1', 'id:i1', 'oauth')).toBe(dedupKey('c1', 'id:i1', 'sso'));
    expect(dedupKey('c1', 'id:i1', 'auth')).toBe('integration_disconnected|c1|id:i1|access');
  });
  it('when sync, partial and silent report, then they share the availability family; webhooks are separate', () => {
    expect(familyOf('sync')).toBe('availability');
    expect(familyOf('partial')).toBe('availability');
    expect(familyOf('silent')).toBe('availability');
    expect(familyOf('webhook')).toBe('delivery');
    expect(dedupKey('c1', 'id:i1', 'webhook')).not.toBe(dedupKey('c1', 'id:i1', 'sync'));
  });
  it('when a family name is passed instead of a class, then the same key results', () => {
    expect(dedupKey('c1', 'k', 'availability')).toBe(dedupKey('c1', 'k', 'silent'));
  });
  it('when the integration has an id, then the key uses it; otherwise type and normalised name', () => {
    expect(integrationKey({ id: 'abc', type: 'salesforce', name: 'X' })).toBe('id:abc');
    expect(integrationKey({ type: 'salesforce', name: ' Salesforce   EU ' })).toBe('salesforce:salesforce eu');
    expect(integrationKey({ type: 'stripe' })).toBe('stripe');
  });
});

describe('decideIncidentAction', () => {
  it('when nothing is stored, then an open or update creates and a resolve is ignored', () => {
    expect(decideIncidentAction(null, open, T0, policy)).toBe('create');
    expect(decideIncidentAction(null, update, T0, policy)).toBe('create');
    expect(decideIncidentAction(null, resolve, T0, policy)).toBe('ignore');
  });
  it('when an open, acknowledged or snoozed incident exists, then a duplicate open updates it instead of creating', () => {
    for (const status of ['open', 'acknowledged', 'snoozed'] as const) {
      expect(decideIncidentAction({ status, resolvedAt: null }, open, T0, policy)).toBe('update');
      expect(decideIncidentAction({ status, resolvedAt: null }, update, T0, policy)).toBe('update');
      expect(decideIncidentAction({ status, resolvedAt: null }, resolve, T0, policy)).toBe('resolve');
    }
  });
  it('when it resolved 23 h 59 min ago and fails again, then it is reopened', () => {
    const existing = { status: 'resolved', resolvedAt: T0 - 24 * HOUR + 60_000 } as const;
    expect(decideIncidentAction(existing, open, T0, policy)).toBe('reopen');
  });
  it('when it resolved exactly 24 h ago or longer, then a new incident is created', () => {
    expect(decideIncidentAction({ status: 'resolved', resolvedAt: T0 - 24 * HOUR }, open, T0, policy)).toBe('create');
    expect(decideIncidentAction({ status: 'resolved', resolvedAt: T0 - 48 * HOUR }, open, T0, policy)).toBe('create');
  });
  it('when a resolve arrives for an already resolved incident, then it is ignored', () => {
    expect(decideIncidentAction({ status: 'resolved', resolvedAt: T0 - HOUR }, resolve, T0, policy)).toBe('ignore');
  });
});
