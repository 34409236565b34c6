import { describe, expect, it } from '@jest/globals';
import {
  computeIntegrationHistory,
  type IncidentSpan,
  uptimeBetween,
} from '../../../../src/domain/detection/history.js';
import { resolvePolicy } from '../../../../src/domain/detection/policy.js';
import { DAY, HOUR, T0 } from './builders.js';

const policy = resolvePolicy('salesforce');
const span = (
  openedAgo: number,
  lastsMs: number | null,
  worstStatus: IncidentSpan['worstStatus'] = 'disconnected',
) => ({
  openedAt: T0 - openedAgo,
  resolvedAt: lastsMs === null ? null : T0 - openedAgo + lastsMs,
  worstStatus,
});

describe('uptimeBetween', () => {
  it('when 6 h of a 24 h day are down, then uptime is 0.75', () => {
    expect(uptimeBetween([span(DAY, 6 * HOUR)], T0 - DAY, T0)).toBe(0.75);
  });
  it('when two outages overlap (0–10 h and 5–15 h), then the union (15 h) counts once', () => {
    const spans = [span(DAY, 10 * HOUR), span(DAY - 5 * HOUR, 10 * HOUR)];
    expect(uptimeBetween(spans, T0 - DAY, T0)).toBe(1 - 15 / 24);
  });
  it('when an outage started before the window, then only the part inside counts', () => {
    expect(uptimeBetween([span(2 * DAY, 30 * HOUR)], T0 - DAY, T0)).toBe(1 - 6 / 24);
  });
  it('when an incident was only degraded, then it is not downtime', () => {
    expect(uptimeBetween([span(DAY, 6 * HOUR, 'degraded')], T0 - DAY, T0)).toBe(1);
  });
  it('when the window is empty, then uptime is 1', () => {
    expect(uptimeBetween([span(DAY, HOUR)], T0, T0)).toBe(1);
  });
});

describe('computeIntegrationHistory', () => {
  // A: 10 d ago, 6 h down. B: 5 d ago, 18 h, degraded only. C: 40 d ago, 54 h down. D: 12 h ago, still open.
  const spans = [
    span(10 * DAY, 6 * HOUR),
    span(5 * DAY, 18 * HOUR, 'degraded'),
    span(40 * DAY, 54 * HOUR),
    span(12 * HOUR, null),
  ];

  it('when computed by hand, then 30 d = 1 − 18/720, 90 d = 1 − 72/2160, MTTR = (6+18+54)/3 h, 3 in 30 d is chronic', () => {
    const h = computeIntegrationHistory(spans, T0, policy);
    expect(h.uptime30d).toBeCloseTo(1 - 18 / 720, 12);
    expect(h.uptime90d).toBeCloseTo(1 - 72 / 2160, 12);
    expect(h.disconnects30d).toBe(3);
    expect(h.disconnects90d).toBe(4);
    expect(h.meanTimeToResolveMs).toBe(26 * HOUR);
    expect(h.chronic).toBe(true);
  });
  it('when only 2 incidents fall in 30 days, then it is not chronic', () => {
    const h = computeIntegrationHistory(spans.slice(0, 3), T0, policy);
    expect(h.disconnects30d).toBe(2);
    expect(h.chronic).toBe(false);
  });
  it('when the integration was connected 10 days ago, then the windows start then', () => {
    const h = computeIntegrationHistory([span(10 * DAY, 6 * HOUR), span(12 * HOUR, null)], T0, policy, T0 - 10 * DAY);
    expect(h.uptime30d).toBeCloseTo(1 - 18 / 240, 12);
    expect(h.uptime90d).toBeCloseTo(1 - 18 / 240, 12);
  });
  it('when nothing ever failed, then uptime is 1 and MTTR is null', () => {
    expect(computeIntegrationHistory([], T0, policy)).toEqual({
      uptime30d: 1,
      uptime90d: 1,
      disconnects30d: 0,
      disconnects90d: 0,
      meanTimeToResolveMs: null,
      chronic: false,
    });
  });
});
