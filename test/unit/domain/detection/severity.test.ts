import { describe, expect, it } from '@jest/globals';
import {
  arrBand,
  type Criticality,
  compareSeverity,
  healthScoreDelta,
  integrationCriticality,
  isTaskOverdue,
  planTask,
  SEVERITY_MATRIX,
  severityFor,
} from '../../../../src/domain/detection/severity.js';
import { HOUR, T0 } from './builders.js';

describe('severity matrix', () => {
  // Rows: criticality; columns: ARR $750k, $250k, $50k, $10k (one per band). Same table as docs/alerting.md.
  const table: [Criticality, string, string, string, string][] = [
    ['critical', 'critical', 'critical', 'high', 'medium'],
    ['important', 'high', 'high', 'medium', 'low'],
    ['standard', 'medium', 'medium', 'low', 'low'],
  ];
  const arrs = [750_000, 250_000, 50_000, 10_000];
  it.each(table)(
    'when a %s integration disconnects, then severities by ARR band are %s/%s/%s/%s',
    (crit, ...expected) => {
      expect(arrs.map((arr) => severityFor(crit, arr, 'disconnected'))).toEqual(expected);
    },
  );
  it('when degraded, then severity is one step lower, never below low', () => {
    expect(severityFor('critical', 750_000, 'degraded')).toBe('high');
    expect(severityFor('critical', 10_000, 'degraded')).toBe('low');
    expect(severityFor('standard', 10_000, 'degraded')).toBe('low');
  });
  it('when ARR sits on a band boundary, then it belongs to the higher band', () => {
    expect(arrBand(500_000)).toBe('enterprise');
    expect(arrBand(499_999)).toBe('large');
    expect(arrBand(100_000)).toBe('large');
    expect(arrBand(25_000)).toBe('mid');
    expect(arrBand(24_999)).toBe('small');
    expect(arrBand(0)).toBe('small');
  });
  it('when ARR is unknown, then the mid band is used', () => {
    expect(arrBand(null)).toBe('mid');
    expect(arrBand(undefined)).toBe('mid');
    expect(arrBand(Number.NaN)).toBe('mid');
  });
  it('when the matrix is read, then severity never increases as ARR falls or criticality drops', () => {
    const bands = ['enterprise', 'large', 'mid', 'small'] as const;
    const crits = ['critical', 'important', 'standard'] as const;
    for (let c = 0; c < crits.length; c += 1) {
      for (let b = 1; b < bands.length; b += 1) {
        expect(
          compareSeverity(SEVERITY_MATRIX[crits[c]][bands[b - 1]], SEVERITY_MATRIX[crits[c]][bands[b]]),
        ).toBeLessThanOrEqual(0);
      }
      if (c > 0)
        for (const band of bands)
          expect(
            compareSeverity(SEVERITY_MATRIX[crits[c - 1]][band], SEVERITY_MATRIX[crits[c]][band]),
          ).toBeLessThanOrEqual(0);
    }
  });
});

describe('integrationCriticality', () => {
  it('when the record says nothing, then the catalogue decides', () => {
    expect(integrationCriticality('salesforce')).toBe('critical');
    expect(integrationCriticality('okta')).toBe('critical');
    expect(integrationCriticality('zendesk')).toBe('important');
    expect(integrationCriticality('slack')).toBe('important');
    expect(integrationCriticality('webhook')).toBe('standard');
    expect(integrationCriticality('custom_api')).toBe('standard');
  });
  it('when the record flags it, then the flag wins either way', () => {
    expect(integrationCriticality('webhook', true)).toBe('critical');
    expect(integrationCriticality('salesforce', false)).toBe('important');
  });
});

describe('task and health score', () => {
  it('when severity is critical, then the task is critical; otherwise high; due 4 h after opening', () => {
    expect(planTask('Salesforce', 'Acme', 'critical', T0)).toEqual({
      title: 'Integration disconnected: Salesforce for Acme',
      priority: 'critical',
      dueAt: T0 + 4 * HOUR,
    });
    expect(planTask('Zendesk', 'Acme', 'low', T0).priority).toBe('high');
  });
  it('when the task is past due and open, then it is overdue; done or on time, then not', () => {
    expect(isTaskOverdue(T0, T0 + 1, false)).toBe(true);
    expect(isTaskOverdue(T0, T0, false)).toBe(false);
    expect(isTaskOverdue(T0, T0 + 1, true)).toBe(false);
  });
  it('when a critical integration disconnects, then −10 once; on resolve the applied points come back', () => {
    expect(healthScoreDelta('critical', 'disconnected', 'open', 0)).toBe(-10);
    expect(healthScoreDelta('critical', 'disconnected', 'update', -10)).toBe(0);
    expect(healthScoreDelta('critical', 'healthy', 'resolve', -10)).toBe(10);
  });
  it('when a critical integration is only degraded and later escalates, then the penalty applies at the escalation', () => {
    expect(healthScoreDelta('critical', 'degraded', 'open', 0)).toBe(0);
    expect(healthScoreDelta('critical', 'disconnected', 'update', 0)).toBe(-10);
  });
  it('when a non-critical integration disconnects, then the score is untouched', () => {
    expect(healthScoreDelta('important', 'disconnected', 'open', 0)).toBe(0);
    expect(healthScoreDelta('important', 'healthy', 'resolve', 0)).toBe(0);
  });
});
