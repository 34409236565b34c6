import { describe, expect, it } from '@jest/globals';
import {
  detectUpstreamOutages,
  foldAlertsForCsm,
  type OpenIncidentRef,
  type PendingAlert,
} from '../../../../src/domain/detection/outage.js';
import { MIN, T0 } from './builders.js';

const opts = { minCustomers: 3, windowMs: 15 * MIN };
const inc = (
  incidentId: string,
  customerId: string,
  integrationType: OpenIncidentRef['integrationType'],
  agoMin: number,
) => ({ incidentId, customerId, integrationType, openedAt: T0 - agoMin * MIN }) satisfies OpenIncidentRef;

describe('detectUpstreamOutages', () => {
  const incidents = [
    inc('i1', 'c1', 'salesforce', 14),
    inc('i2', 'c2', 'salesforce', 5),
    inc('i3', 'c1', 'salesforce', 4), // second incident of c1: one customer
    inc('i4', 'c4', 'salesforce', 20), // outside the window
    inc('i5', 'c1', 'hubspot', 1),
    inc('i6', 'c2', 'hubspot', 1),
  ];
  it('when only 2 distinct customers fail in the window, then there is no outage', () => {
    expect(detectUpstreamOutages(incidents, opts, T0)).toEqual([]);
  });
  it('when a third customer fails, then the type is an upstream outage with distinct customers in order', () => {
    const outages = detectUpstreamOutages([...incidents, inc('i7', 'c3', 'salesforce', 0)], opts, T0);
    expect(outages).toEqual([
      {
        integrationType: 'salesforce',
        customerIds: ['c1', 'c2', 'c3'],
        incidentIds: ['i1', 'i2', 'i3', 'i7'],
        firstAt: T0 - 14 * MIN,
        lastAt: T0,
      },
    ]);
  });
  it('when an incident opened exactly windowMs ago, then it is outside the window', () => {
    const edge = [inc('a', 'c1', 'stripe', 15), inc('b', 'c2', 'stripe', 1), inc('c', 'c3', 'stripe', 1)];
    expect(detectUpstreamOutages(edge, opts, T0)).toEqual([]);
    expect(detectUpstreamOutages(edge, opts, T0 - 1)).toHaveLength(1);
  });
  it('when two types are out, then the bigger outage comes first', () => {
    const many = [
      ...['c1', 'c2', 'c3'].map((c, i) => inc(`z${i}`, c, 'zendesk', 1)),
      ...['c1', 'c2', 'c3', 'c4'].map((c, i) => inc(`o${i}`, c, 'okta', 1)),
    ];
    expect(detectUpstreamOutages(many, opts, T0).map((o) => o.integrationType)).toEqual(['okta', 'zendesk']);
  });
});

describe('foldAlertsForCsm', () => {
  const outages = detectUpstreamOutages(
    ['c1', 'c2', 'c3', 'c9'].map((c, i) => inc(`s${i}`, c, 'salesforce', 1)),
    opts,
    T0,
  );
  it('when a CSM has several alerts of a type in outage, then they fold into one upstream alert; resolves and other types stay', () => {
    const alerts: PendingAlert[] = [
      { incidentId: 's0', customerId: 'c1', customerName: 'Acme', integrationType: 'salesforce', kind: 'open' },
      { incidentId: 's1', customerId: 'c2', customerName: 'Globex', integrationType: 'salesforce', kind: 'update' },
      { incidentId: 's0', customerId: 'c1', customerName: 'Acme', integrationType: 'salesforce', kind: 'update' },
      { incidentId: 'old', customerId: 'c3', integrationType: 'salesforce', kind: 'resolve' },
      { incidentId: 'h1', customerId: 'c1', integrationType: 'hubspot', kind: 'open' },
    ];
    expect(foldAlertsForCsm(alerts, outages)).toEqual({
      upstream: [
        {
          integrationType: 'salesforce',
          totalCustomers: 4,
          customers: [
            { customerId: 'c1', customerName: 'Acme', incidentIds: ['s0'] },
            { customerId: 'c2', customerName: 'Globex', incidentIds: ['s1'] },
          ],
        },
      ],
      individual: [alerts[3], alerts[4]],
    });
  });
  it('when there is no outage, then nothing is folded', () => {
    const alerts: PendingAlert[] = [{ incidentId: 'x', customerId: 'c1', integrationType: 'salesforce', kind: 'open' }];
    expect(foldAlertsForCsm(alerts, [])).toEqual({ upstream: [], individual: alerts });
  });
});
