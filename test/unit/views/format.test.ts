import { describe, expect, it } from '@jest/globals';
import { formatDuration as domainFormatDuration } from '../../../src/domain/detection/state.js';
import {
  escapeMrkdwn,
  formatAgo,
  formatDuration,
  formatPercent,
  formatUsd,
  formatZoned,
  formatZonedShort,
  safeText,
} from '../../../views/format.js';
import { ACTION, actionIdPattern, listActionId, parseSnoozeValue } from '../../../views/ids.js';

const DEC_1_1303Z = Date.UTC(2026, 11, 1, 13, 3);

describe('views/format', () => {
  it('when formatting durations, then the output equals the domain formatDuration for every minute up to 5 days', () => {
    for (let m = 0; m <= 5 * 1440; m += 7) {
      expect(formatDuration(m * 60_000 + 17_000)).toBe(domainFormatDuration(m * 60_000 + 17_000));
    }
    expect(formatDuration(125 * 60_000)).toBe('2 h 5 min');
  });

  it('when an instant is shown in Berlin and New York, then each zone gets its own wall clock and abbreviation', () => {
    expect(formatZoned(DEC_1_1303Z, 'Europe/Berlin')).toBe('Tue 1 Dec, 14:03 CET');
    expect(formatZoned(DEC_1_1303Z, 'America/New_York')).toBe('Tue 1 Dec, 08:03 EST');
    expect(formatZoned(Date.UTC(2026, 6, 1, 13, 3), 'America/New_York')).toBe('Wed 1 Jul, 09:03 EDT');
    expect(formatZoned(DEC_1_1303Z, 'Asia/Kolkata')).toBe('Tue 1 Dec, 18:33 GMT+5:30');
  });

  it('when the instant is on the viewer’s current local day, then the short form omits the date', () => {
    expect(formatZonedShort(DEC_1_1303Z, DEC_1_1303Z + 3_600_000, 'Europe/Berlin')).toBe('14:03 CET');
    // 23:30 in Berlin is already the next day there.
    expect(formatZonedShort(DEC_1_1303Z, Date.UTC(2026, 11, 1, 23, 30), 'Europe/Berlin')).toBe('Tue 1 Dec, 14:03 CET');
  });

  it('when times are relative, then under a minute is "just now" and the future says "in"', () => {
    expect(formatAgo(0, 134 * 60_000)).toBe('2 h 14 min ago');
    expect(formatAgo(0, 30_000)).toBe('just now');
    expect(formatAgo(5 * 60_000, 0)).toBe('in 5 min');
  });

  it('when money and percentages are formatted, then they are compact and 99.99 % never rounds up to 100 %', () => {
    expect([formatUsd(620_000), formatUsd(1_240_000), formatUsd(999_999), formatUsd(900), formatUsd(null)]).toEqual([
      '$620k',
      '$1.2M',
      '$1M',
      '$900',
      'unknown',
    ]);
    expect([formatPercent(0.99237), formatPercent(0.99999), formatPercent(1), formatPercent(0)]).toEqual([
      '99.2%',
      '99.9%',
      '100.0%',
      '0.0%',
    ]);
  });

  it('when text from outside contains <, > or &, then it is escaped and never cut inside an entity', () => {
    expect(escapeMrkdwn('<!channel> a&b')).toBe('&lt;!channel&gt; a&amp;b');
    expect(safeText('a & b', 5)).toBe('a …');
    expect(safeText('x'.repeat(10), 4)).toBe('xxx…');
  });

  it('when a list button or snooze value is built, then the handler-side pattern and parser read it back', () => {
    expect(actionIdPattern(ACTION.alertViewStatus).test(listActionId(ACTION.alertViewStatus, 12))).toBe(true);
    expect(actionIdPattern(ACTION.alertViewStatus).test(ACTION.alertViewStatus)).toBe(true);
    expect(actionIdPattern(ACTION.alertViewStatus).test('alertXview_status')).toBe(false);
    expect(actionIdPattern(ACTION.digestViewStatus).test('alert.view_status:1')).toBe(false);
    expect(parseSnoozeValue('sig|1|4h')).toEqual({ signalId: 'sig|1', suffix: '4h', ms: 14_400_000 });
    expect(parseSnoozeValue('sig|2h')).toBeNull();
    expect(parseSnoozeValue('|1h')).toBeNull();
  });
});
