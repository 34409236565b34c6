import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  formatBytes,
  formatDate,
  formatInt,
  formatMs,
  formatOnset,
  formatPct,
  formatPeriod,
  formatSince,
  groupThousands,
  scoreBar,
  sinceNote,
  sparkline,
  truncate,
  wrap,
} from '../../../../src/domain/report/format.js';
import type { IssueOnset } from '../../../../src/domain/report/types.js';

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

describe('groupThousands', () => {
  it('when a whole number is grouped, then it reads exactly as toLocaleString("en-US") has it', () => {
    for (const n of [
      0,
      -0,
      7,
      -12,
      999,
      1000,
      -1_000_000,
      Number.MAX_SAFE_INTEGER,
      2 ** 53 + 2,
      1e21,
      Infinity,
      Number.NaN,
    ])
      expect(groupThousands(n)).toBe(n.toLocaleString('en-US'));
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        expect(groupThousands(n)).toBe(n.toLocaleString('en-US'));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('issue onsets for people', () => {
  const onset = (o: Partial<IssueOnset>): IssueOnset => ({
    at: '2026-01-20T14:37:10.000Z',
    fromStart: false,
    model: 'step',
    before: 0.003,
    after: 0.12,
    unit: 'rate',
    ...o,
  });
  const at = (o: Partial<IssueOnset>) => ({ since: o.at ?? '2026-01-20T14:37:10.000Z', onset: onset(o) });

  it('when a step is placed to the hour, then the line gives the date and the time, UTC', () => {
    expect(formatSince(at({}))).toBe('since Jan 20 2026 14:37 UTC');
    expect(formatOnset(at({}))).toBe('since Jan 20 2026 14:37 UTC (0.3% before, 12.0% after)');
  });

  it('when the fault is present from the first bucket, then it says "since the start of the file", never a date', () => {
    const present = { since: null, onset: onset({ at: null, fromStart: true, model: 'present', before: null }) };
    expect(formatSince(present)).toBe('since the start of the file');
    expect(formatOnset(present)).toBe('since the start of the file');
  });

  it('when the onset is a ramp, a latency change or dated by day only, then the line gives the date alone', () => {
    expect(formatSince(at({ model: 'ramp', at: '2026-01-18T00:00:00.000Z' }))).toBe('since Jan 18 2026');
    expect(formatSince(at({ unit: 'ms', before: 400, after: 1800 }))).toBe('since Jan 20 2026');
    expect(formatSince(at({ at: '2026-01-29T00:00:00.000Z' }))).toBe('since Jan 29 2026');
    expect(formatSince({ since: '2026-01-12T00:00:00.000Z' })).toBe('since Jan 12 2026');
    expect(formatSince({ since: '2026-01-12T09:05:00.000Z' })).toBe('since Jan 12 2026 09:05 UTC');
    expect(formatSince({ since: null })).toBeNull();
  });

  it('when a burst ended, then the line gives its day and hours', () => {
    const burst = at({ model: 'burst', at: '2026-01-18T21:04:00.000Z', until: '2026-01-18T23:00:00.000Z' });
    expect(formatSince(burst)).toBe('on Jan 18 2026 21:04–23:00 UTC');
    expect(formatOnset(burst)).toBe('from Jan 18 2026 21:04 UTC to 23:00 UTC (0.3% before, 12.0% during)');
  });

  it('when the title already dates the issue, then the note is left out so the line says it once', () => {
    expect(sinceNote({ title: '429 rate limiting since Jan 20 14:37 UTC (12.0% of calls)', ...at({}) })).toBeNull();
    expect(sinceNote({ title: 'Timeouts on Jan 18 21:04–23:00 UTC (40.0% of calls)', ...at({}) })).toBeNull();
    expect(sinceNote({ title: 'Slack appears disconnected: traffic stopped', ...at({}) })).toBe(
      'since Jan 20 2026 14:37 UTC',
    );
  });
});
