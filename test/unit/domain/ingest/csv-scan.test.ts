import { describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { scanCsvRecords } from '../../../../src/domain/ingest/csv-scan.js';

/** What the pipeline's csv-parse call returns for these bytes (records only; malformed ones are skipped). */
function csvParse(buf: Buffer, delimiter: string): string[][] {
  return parse(buf, {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
    on_skip: () => undefined,
  }) as string[][];
}

const newlines = (buf: Buffer): number => buf.toString('latin1').split('\n').length - 1;

/** The fast reader up to where it stops, then csv-parse for the rest: what chunk.ts does. */
function scanThenParse(buf: Buffer, delimiter: string): { records: string[][]; fast: number; inner: number[] } {
  const records: string[][] = [];
  const inner: number[] = [];
  const done = scanCsvRecords(buf, delimiter, newlines(buf), [], (f, n, k) => {
    expect(f.length).toBe(n);
    records.push(f.slice(0, n));
    inner.push(k);
  });
  const fast = records.length;
  if (done < buf.length) records.push(...csvParse(buf.subarray(done), delimiter));
  return { records, fast, inner };
}

function expectSame(text: string, delimiter = ','): { fast: number } {
  const buf = Buffer.from(text, 'utf8');
  const got = scanThenParse(buf, delimiter);
  expect(got.records).toEqual(csvParse(buf, delimiter));
  got.inner.forEach((k, i) => {
    expect(k).toBe((got.records[i] as string[]).join('\u0000').split('\n').length - 1);
  });
  return { fast: got.fast };
}

describe('scanCsvRecords (fast CSV reader) equals csv-parse', () => {
  it('when cells are plain, then every record is read by the fast path', () => {
    expect(expectSame('a,b,c\n1,2,3\n4,5,6\n').fast).toBe(3);
    expect(expectSame('a,b,c\n1,2,3').fast).toBe(2);
  });

  it('when cells are quoted (delimiters, escaped quotes, empty quotes), then they are unquoted like csv-parse', () => {
    expect(expectSame('"a,b","say ""hi""",""\nx,"y",z\n').fast).toBe(2);
    expect(expectSame('1,"/q?x=SELECT+Id,Name",200\n').fast).toBe(1);
  });

  it('when a quoted cell holds newlines, then the record spans them and its inner newlines are counted', () => {
    expect(expectSame('a,"line1\nline2\nline3",c\nd,e,f\n').fast).toBe(2);
  });

  it('when lines end with CRLF, then cells carry no CR (also inside quoted records)', () => {
    expect(expectSame('a,b\r\n"x\r\ny",z\r\n1,2\r\n').fast).toBe(3);
    expect(expectSame('a,b\r\n1,2').fast).toBe(2);
  });

  it('when line ends are mixed or a bare CR appears, then csv-parse reads the whole chunk', () => {
    expect(expectSame('a,b\r\n1,2\n3,4\r\n').fast).toBe(0);
    expect(expectSame('a,b\n1,2\r\n').fast).toBe(0);
    expect(expectSame('a,b\r1,2\r').fast).toBe(0);
  });

  it('when a BOM starts the chunk, then it stays in the first cell as with csv-parse', () => {
    expect(expectSame('\ufeffa,b\n1,2\n').fast).toBe(2);
  });

  it.each([',', ';', '\t', '|'])('when the delimiter is %j, then records match', (d) => {
    const t = ['a', 'b', '"c' + d + 'd"', ''].join(d);
    expect(expectSame(`${t}\n1${d}2${d}3${d}4\n`, d).fast).toBe(2);
  });

  it('when lines are empty or records ragged, then they come through as csv-parse gives them', () => {
    expect(expectSame('a,b,c\n\n1,2\n1,2,3,4\n,,\n\n').fast).toBe(6);
  });

  it('when a quote sits inside an unquoted cell or after a closing quote, then csv-parse takes over there', () => {
    expect(expectSame('a,b\n1,x"y\n2,3\n').fast).toBe(1);
    expect(expectSame('a,b\n"1"x,2\n3,4\n').fast).toBe(1);
    expect(expectSame('a,b\n "1",2\n').fast).toBe(1);
  });

  it('when a quote is never closed, then the records before it are fast and csv-parse reports the rest', () => {
    expect(expectSame('a,b\n1,"open\n2,3\n').fast).toBe(1);
  });

  it('when the text is arbitrary (quotes, CR, LF, delimiters, unicode), then the records equal csv-parse', () => {
    const piece = fc.constantFrom('a', 'é', '1', ',', ';', '\t', '|', '"', '""', '\n', '\r\n', '\r', ' ', '', 'xyz');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.constantFrom(',', ';', '\t', '|'), (parts, d) => {
        expectSame(parts.join(''), d);
      }),
      { numRuns: 3000 },
    );
  });

  it('when records are well-formed quoted/unquoted cells, then all are read fast and equal csv-parse', () => {
    const cell = fc.oneof(
      fc.stringMatching(/^[a-z0-9 .:/?=+-]{0,12}$/),
      fc.stringMatching(/^[a-z,"\n;|\t ]{0,10}$/).map((s) => `"${s.replaceAll('"', '""')}"`),
    );
    const row = fc.array(cell, { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 8 }), fc.boolean(), (rows, crlf) => {
        const text = rows.map((r) => r.join(',')).join(crlf ? '\r\n' : '\n');
        const hasBareNl = crlf && rows.some((r) => r.some((c) => c.includes('\n')));
        const { fast } = expectSame(text);
        if (!hasBareNl) expect(fast).toBe(csvParse(Buffer.from(text), ',').length);
      }),
      { numRuns: 2000 },
    );
  });
});
