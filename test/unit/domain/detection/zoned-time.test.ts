import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  addLocalDays,
  fromZonedTime,
  isValidTimeZone,
  parseHhmm,
  toZonedParts,
  zoneOffsetMs,
} from '../../../../src/domain/detection/zoned-time.js';

const at = (iso: string) => Date.parse(iso);

describe('zoned time', () => {
  it('when converting an instant to Paris time in winter and summer, then the offset is +1 h and +2 h', () => {
    expect(zoneOffsetMs(at('2026-01-15T12:00:00Z'), 'Europe/Paris')).toBe(3_600_000);
    expect(zoneOffsetMs(at('2026-07-15T12:00:00Z'), 'Europe/Paris')).toBe(7_200_000);
    expect(toZonedParts(at('2026-01-01T23:30:00Z'), 'Europe/Paris')).toEqual({
      year: 2026,
      month: 1,
      day: 2,
      hour: 0,
      minute: 30,
      second: 0,
      weekday: 5,
    });
  });
  it('when a local time exists once, then it maps to its instant', () => {
    expect(fromZonedTime({ year: 2026, month: 7, day: 1, hour: 9, minute: 0 }, 'America/New_York')).toBe(
      at('2026-07-01T13:00:00Z'),
    );
  });
  it('when a local time is in the DST gap, then it moves forward by the gap', () => {
    expect(fromZonedTime({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Paris')).toBe(
      at('2026-03-29T01:30:00Z'),
    );
  });
  it('when a local time is ambiguous, then the earlier instant is used', () => {
    expect(fromZonedTime({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, 'America/New_York')).toBe(
      at('2026-11-01T05:30:00Z'),
    );
  });
  it('property: when an instant is converted to local time and back, then the same instant returns (outside overlaps)', () => {
    const zones = ['Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC'];
    fc.assert(
      fc.property(
        fc.integer({ min: at('2020-01-01T00:00:00Z') / 60_000, max: at('2030-01-01T00:00:00Z') / 60_000 }),
        fc.constantFrom(...zones),
        (minute, zone) => {
          const t = minute * 60_000;
          const p = toZonedParts(t, zone);
          const back = fromZonedTime(p, zone);
          // In an overlap the earlier instant is chosen, which is at most the overlap length (≤ 1 h) before.
          expect(back === t || (back < t && t - back <= 3_600_000)).toBe(true);
          expect(toZonedParts(back, zone)).toEqual(p);
        },
      ),
      { numRuns: 300 },
    );
  });
  it('when helpers are used, then dates roll over, HH:mm parses and zones validate', () => {
    expect(addLocalDays({ year: 2026, month: 12, day: 31 }, 1)).toEqual({ year: 2027, month: 1, day: 1 });
    expect(addLocalDays({ year: 2026, month: 3, day: 1 }, -1)).toEqual({ year: 2026, month: 2, day: 28 });
    expect(parseHhmm('23:59')).toBe(1439);
    expect(parseHhmm('24:00')).toBeNull();
    expect(parseHhmm('9:00')).toBeNull();
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('Not/AZone')).toBe(false);
  });
});
