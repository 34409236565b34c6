import { describe, expect, it } from '@jest/globals';
import {
  formatBytes,
  formatDate,
  formatInt,
  formatMs,
  formatPct,
  formatPeriod,
  scoreBar,
  sparkline,
  truncate,
  wrap,
} from '../../../../src/domain/report/format.js';

describe('format helpers', () => {
  it('when numbers are formatted, then they read like people write them', () => {
    expect(formatInt(45234)).toBe('45,234');
    expect(formatPct(0.9912)).toBe('99.1%');
    expect(formatPct(0.99996)).toBe('99.99%');
    expect(formatPct(1)).toBe('100%');
    expect(formatPct(0)).toBe('0%');
    expect(formatPct(0.0003)).toBe('0.03%');
    expect(formatPct(null)).toBe('—');
    expect(formatMs(850)).toBe('850 ms');
    expect(formatMs(1234)).toBe('1.2 s');
    expect(formatMs(12_500)).toBe('13 s');
    expect(formatMs(150_000)).toBe('2.5 min');
    expect(formatMs(null)).toBe('—');
    expect(formatBytes(1_048_576)).toBe('1.0 MB');
  });

  it('when dates and periods are formatted, then they are compact and UTC', () => {
    expect(formatDate('2026-01-15T23:30:00-05:00')).toBe('Jan 16 2026');
    expect(formatPeriod('2026-01-01T00:00:00Z', '2026-01-29T23:00:00Z')).toBe('Jan 1–29 2026');
    expect(formatPeriod('2026-01-05T00:00:00Z', '2026-02-01T23:00:00Z')).toBe('Jan 5–Feb 1 2026');
    expect(formatPeriod('2025-12-29T00:00:00Z', '2026-01-25T00:00:00Z')).toBe('Dec 29 2025–Jan 25 2026');
    expect(formatPeriod('2026-01-05T01:00:00Z', '2026-01-05T09:00:00Z')).toBe('Jan 5 2026');
  });

  it('when bars are drawn, then 72 fills 14 of 20 cells and sparklines scale to the max or floor', () => {
    expect(scoreBar(72)).toBe('██████████████░░░░░░');
    expect(scoreBar(130)).toBe('█'.repeat(20));
    expect(sparkline([0, 0.05, 0.1])).toBe('▁▅█');
    expect(sparkline([0.001, 0.001], 0.05)).toBe('▁▁');
    expect(sparkline([0, 0])).toBe('▁▁');
  });

  it('when text is too long, then it is wrapped or truncated to the width', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(wrap('one two three four', 9, '  ', '')).toEqual(['one two', '  three', '  four']);
  });
});
