import { describe, expect, it } from '@jest/globals';
import { buildCsmDigest, type DigestIncident, nextDigestAt } from '../../../../src/domain/detection/digest.js';
import { HOUR, T0 } from './builders.js';

const at = (iso: string) => Date.parse(iso);

describe('nextDigestAt', () => {
  it('when it is before 09:00 in New York (EST), then today 09:00 = 14:00Z', () => {
    expect(nextDigestAt('America/New_York', '09:00', at('2026-03-07T13:00:00Z'))).toBe(at('2026-03-07T14:00:00Z'));
  });
  it('when 09:00 has passed and tomorrow is the DST change, then tomorrow 09:00 EDT = 13:00Z', () => {
    expect(nextDigestAt('America/New_York', '09:00', at('2026-03-07T15:00:00Z'))).toBe(at('2026-03-08T13:00:00Z'));
  });
  it('when it is exactly the digest time, then the next one is tomorrow', () => {
    expect(nextDigestAt('UTC', '09:00', at('2026-03-07T09:00:00Z'))).toBe(at('2026-03-08T09:00:00Z'));
  });
  it('when the time does not exist that day (02:30 on spring-forward), then it fires at 03:30 EDT', () => {
    expect(nextDigestAt('America/New_York', '02:30', at('2026-03-08T05:00:00Z'))).toBe(at('2026-03-08T07:30:00Z'));
  });
  it('when DST ends in Europe, then 08:00 Paris moves from 06:00Z to 07:00Z', () => {
    expect(nextDigestAt('Europe/Paris', '08:00', at('2026-10-24T12:00:00Z'))).toBe(at('2026-10-25T07:00:00Z'));
    expect(nextDigestAt('Europe/Paris', '08:00', at('2026-10-23T12:00:00Z'))).toBe(at('2026-10-24T06:00:00Z'));
  });
  it('when the zone has a half-hour offset (Kolkata +05:30), then 09:00 local is 03:30Z', () => {
    expect(nextDigestAt('Asia/Kolkata', '09:00', at('2026-01-01T00:00:00Z'))).toBe(at('2026-01-01T03:30:00Z'));
  });
  it('when the local date is already tomorrow (Tokyo), then the next 09:00 is on the local date', () => {
    // 2026-01-01T20:00Z is 05:00 on 2 January in Tokyo → 09:00 JST on 2 January = 00:00Z.
    expect(nextDigestAt('Asia/Tokyo', '09:00', at('2026-01-01T20:00:00Z'))).toBe(at('2026-01-02T00:00:00Z'));
  });
  it('when the time or the zone is malformed, then it throws RangeError', () => {
    expect(() => nextDigestAt('UTC', '9am', T0)).toThrow(RangeError);
    expect(() => nextDigestAt('Nowhere/Land', '09:00', T0)).toThrow(RangeError);
  });
});

describe('buildCsmDigest', () => {
  const base = {
    integrationLabel: 'Salesforce',
    failureClass: 'oauth',
    status: 'disconnected',
    occurrences: 1,
  } as const;
  const incidents: DigestIncident[] = [
    {
      ...base,
      incidentId: 'a1',
      customerId: 'a',
      customerName: 'Acme',
      customerArrUsd: 50_000,
      severity: 'medium',
      openedAt: T0 - 2 * HOUR,
    },
    {
      ...base,
      incidentId: 'a2',
      customerId: 'a',
      customerName: 'Acme',
      customerArrUsd: 50_000,
      severity: 'critical',
      openedAt: T0 - HOUR,
    },
    {
      ...base,
      incidentId: 'b1',
      customerId: 'b',
      customerName: 'Beta',
      customerArrUsd: 900_000,
      severity: 'critical',
      openedAt: T0 - 3 * HOUR,
    },
    {
      ...base,
      incidentId: 'c1',
      customerId: 'c',
      customerName: 'Cyan',
      customerArrUsd: null,
      severity: 'low',
      openedAt: T0,
    },
    { ...base, incidentId: 'c2', customerId: 'c', customerName: 'Cyan', severity: 'low', openedAt: T0 - HOUR },
  ];
  it('when grouped, then customers sort by worst severity, then ARR, and incidents by severity then age', () => {
    const d = buildCsmDigest(incidents, T0);
    expect(d.customers.map((c) => [c.customerName, c.worstSeverity])).toEqual([
      ['Beta', 'critical'],
      ['Acme', 'critical'],
      ['Cyan', 'low'],
    ]);
    expect(d.customers[1].incidents.map((i) => [i.incidentId, i.openForMs])).toEqual([
      ['a2', HOUR],
      ['a1', 2 * HOUR],
    ]);
    expect(d.customers[2].incidents.map((i) => i.incidentId)).toEqual(['c2', 'c1']);
  });
  it('when totals are computed, then they count incidents, customers and each severity', () => {
    expect(buildCsmDigest(incidents, T0).totals).toEqual({
      incidents: 5,
      customers: 3,
      critical: 2,
      high: 0,
      medium: 1,
      low: 2,
    });
  });
  it('when there are no open incidents, then the digest is empty', () => {
    expect(buildCsmDigest([], T0)).toEqual({
      customers: [],
      totals: { incidents: 0, customers: 0, critical: 0, high: 0, medium: 0, low: 0 },
    });
  });
});
