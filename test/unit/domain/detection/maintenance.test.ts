import { describe, expect, it } from '@jest/globals';
import {
  activeWindows,
  isInMaintenance,
  type MaintenanceWindow,
  nextWindowEnd,
  validateMaintenanceWindow,
} from '../../../../src/domain/detection/maintenance.js';

const at = (iso: string) => Date.parse(iso);
const acme = { customerId: 'acme', integrationKey: 'id:sf', integrationType: 'salesforce' as const };

// Sunday 01:00 New York, 4 hours. US DST starts Sunday 2026-03-08 at 02:00 (EST −5 → EDT −4).
const nySunday: MaintenanceWindow = {
  id: 'ny',
  kind: 'weekly',
  scope: { customerId: 'acme' },
  days: [0],
  startTime: '01:00',
  durationMinutes: 240,
  timeZone: 'America/New_York',
};

describe('one-off windows', () => {
  const once: MaintenanceWindow = {
    id: 'o',
    kind: 'once',
    scope: { integrationKey: 'id:sf' },
    startsAt: at('2026-11-02T10:00:00Z'),
    endsAt: at('2026-11-02T11:00:00Z'),
  };
  it('when the instant is inside [start, end), then alerts are held; at the end they are not', () => {
    expect(isInMaintenance([once], acme, at('2026-11-02T10:00:00Z'))).toBe(true);
    expect(isInMaintenance([once], acme, at('2026-11-02T10:59:59Z'))).toBe(true);
    expect(isInMaintenance([once], acme, at('2026-11-02T11:00:00Z'))).toBe(false);
    expect(isInMaintenance([once], acme, at('2026-11-02T09:59:59Z'))).toBe(false);
  });
  it('when the scope names another integration or customer, then it does not apply', () => {
    expect(isInMaintenance([once], { ...acme, integrationKey: 'id:hs' }, at('2026-11-02T10:30:00Z'))).toBe(false);
    const otherCustomer = { ...once, scope: { customerId: 'globex' } };
    expect(isInMaintenance([otherCustomer], acme, at('2026-11-02T10:30:00Z'))).toBe(false);
  });
  it('when the scope combines customer and type, then both must match', () => {
    const w = { ...once, scope: { customerId: 'acme', integrationType: 'hubspot' as const } };
    expect(isInMaintenance([w], acme, at('2026-11-02T10:30:00Z'))).toBe(false);
    expect(isInMaintenance([w], { ...acme, integrationType: 'hubspot' }, at('2026-11-02T10:30:00Z'))).toBe(true);
  });
  it('when windows chain back to back, then maintenance ends at the end of the last one', () => {
    const next = { ...once, id: 'o2', startsAt: at('2026-11-02T11:00:00Z'), endsAt: at('2026-11-02T12:00:00Z') };
    expect(nextWindowEnd([once, next], acme, at('2026-11-02T10:30:00Z'))).toBe(at('2026-11-02T12:00:00Z'));
    expect(nextWindowEnd([once, next], acme, at('2026-11-02T12:00:00Z'))).toBeNull();
  });
});

describe('weekly windows across DST', () => {
  it('when it is the Sunday before DST (EST), then 01:00 local is 06:00Z and the window ends at 10:00Z', () => {
    expect(isInMaintenance([nySunday], acme, at('2026-03-01T05:59:00Z'))).toBe(false);
    expect(isInMaintenance([nySunday], acme, at('2026-03-01T06:00:00Z'))).toBe(true);
    expect(nextWindowEnd([nySunday], acme, at('2026-03-01T07:00:00Z'))).toBe(at('2026-03-01T10:00:00Z'));
  });
  it('when DST starts during the window, then it starts at 01:00 EST and lasts 4 elapsed hours (to 06:00 EDT)', () => {
    expect(nextWindowEnd([nySunday], acme, at('2026-03-08T06:00:00Z'))).toBe(at('2026-03-08T10:00:00Z'));
    expect(isInMaintenance([nySunday], acme, at('2026-03-08T09:59:00Z'))).toBe(true);
  });
  it('when it is the Sunday after DST (EDT), then 01:00 local is 05:00Z', () => {
    expect(isInMaintenance([nySunday], acme, at('2026-03-15T04:59:00Z'))).toBe(false);
    expect(isInMaintenance([nySunday], acme, at('2026-03-15T05:00:00Z'))).toBe(true);
    expect(nextWindowEnd([nySunday], acme, at('2026-03-15T05:00:00Z'))).toBe(at('2026-03-15T09:00:00Z'));
  });
  it('when it is not Sunday, then the weekly window does not apply', () => {
    expect(isInMaintenance([nySunday], acme, at('2026-03-16T06:00:00Z'))).toBe(false);
  });
  it('when the start time falls in the spring-forward gap (02:30), then it starts at 03:30 EDT', () => {
    const gap = { ...nySunday, startTime: '02:30', durationMinutes: 60 };
    expect(isInMaintenance([gap], acme, at('2026-03-08T07:29:00Z'))).toBe(false);
    expect(isInMaintenance([gap], acme, at('2026-03-08T07:30:00Z'))).toBe(true);
  });
  it('when the start time is ambiguous (Paris fall-back, 02:30 twice), then the first occurrence (CEST) is used', () => {
    const paris: MaintenanceWindow = { ...nySunday, timeZone: 'Europe/Paris', startTime: '02:30', durationMinutes: 60 };
    expect(nextWindowEnd([paris], acme, at('2026-10-25T00:30:00Z'))).toBe(at('2026-10-25T01:30:00Z'));
    expect(isInMaintenance([paris], acme, at('2026-10-25T00:29:00Z'))).toBe(false);
  });
  it('when a window crosses midnight, then the next morning is still covered', () => {
    const late: MaintenanceWindow = {
      ...nySunday,
      timeZone: 'UTC',
      days: [6],
      startTime: '23:00',
      durationMinutes: 180,
    };
    // Saturday 2026-11-07 23:00Z → Sunday 02:00Z.
    expect(isInMaintenance([late], acme, at('2026-11-08T01:30:00Z'))).toBe(true);
    expect(nextWindowEnd([late], acme, at('2026-11-08T01:30:00Z'))).toBe(at('2026-11-08T02:00:00Z'));
  });
  it('when validFrom/validUntil bound the series, then occurrences outside are ignored', () => {
    const bounded = { ...nySunday, validFrom: at('2026-03-10T00:00:00Z') };
    expect(isInMaintenance([bounded], acme, at('2026-03-08T07:00:00Z'))).toBe(false);
    expect(activeWindows([bounded], acme, at('2026-03-15T06:00:00Z')).map((w) => w.id)).toEqual(['ny']);
  });
});

describe('validateMaintenanceWindow', () => {
  it('when a window is well formed, then there are no problems', () => {
    expect(validateMaintenanceWindow(nySunday)).toEqual([]);
  });
  it('when fields are wrong, then each problem is listed', () => {
    expect(
      validateMaintenanceWindow({
        ...nySunday,
        scope: {},
        days: [7],
        startTime: '25:00',
        durationMinutes: 0,
        timeZone: 'Mars/Olympus',
      }),
    ).toEqual([
      'scope needs a customer, integration or type',
      'days must be weekdays 0 (Sunday) to 6 (Saturday)',
      'startTime must be HH:mm (got "25:00")',
      'durationMinutes must be in (0, 10080)',
      'unknown time zone "Mars/Olympus"',
    ]);
    expect(
      validateMaintenanceWindow({ id: 'x', kind: 'once', scope: { customerId: 'a' }, startsAt: 10, endsAt: 10 }),
    ).toEqual(['endsAt must be after startsAt']);
  });
});
