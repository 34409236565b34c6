import { describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { ValueCells } from '../../../../src/domain/ingest/cells.js';
import { parseChunk, RecordParser } from '../../../../src/domain/ingest/chunk.js';
import { CsvSpans, lineEnds } from '../../../../src/domain/ingest/csv-spans.js';
import { dataStart, planIngest } from '../../../../src/domain/ingest/plan.js';
import { compileRowProcessor, SKIP } from '../../../../src/domain/ingest/rows.js';
import type { LogRecord } from '../../../../src/domain/records.js';

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

/** The span reader up to where it stops (cells decoded and unescaped), then csv-parse for the rest. */
function readThenParse(buf: Buffer, delimiter: string): { records: string[][]; fast: number; inner: number[] } {
  const records: string[][] = [];
  const inner: number[] = [];
  const ends = lineEnds(buf, newlines(buf));
  let pos = 0;
  if (ends !== null) {
    const spans = new CsvSpans(delimiter);
    while (pos < buf.length) {
      const next = spans.read(buf, pos, buf.length, ends === 'crlf');
      if (next < 0) break;
      const cells: string[] = [];
      for (let k = 0; k < spans.count; k++) {
        const v = buf.toString('utf8', spans.starts[k], spans.ends[k]);
        cells.push(spans.escaped[k] === 1 ? v.replaceAll('""', '"') : v);
      }
      records.push(cells);
      inner.push(spans.inner);
      pos = next;
    }
  }
  const fast = records.length;
  if (pos < buf.length) records.push(...csvParse(buf.subarray(pos), delimiter));
  return { records, fast, inner };
}

function expectSame(text: string, delimiter = ','): { fast: number } {
  const buf = Buffer.from(text, 'utf8');
  const got = readThenParse(buf, delimiter);
  expect(got.records).toEqual(csvParse(buf, delimiter));
  got.inner.forEach((k, i) => {
    expect(k).toBe((got.records[i] as string[]).join('\u0000').split('\n').length - 1);
  });
  return { fast: got.fast };
}

describe('CsvSpans (byte-span CSV reader) equals csv-parse', () => {
  it('when cells are plain, then every record is read from spans', () => {
    expect(expectSame('a,b,c\n1,2,3\n4,5,6\n').fast).toBe(3);
  });

  it('when cells are quoted (delimiters, escaped quotes, empty quotes), then they are unquoted like csv-parse', () => {
    expect(expectSame('a,"b,c","say ""hi""",""\n"x",y,"z"\n').fast).toBe(2);
  });

  it('when a quoted cell holds newlines, then the record spans them and its inner newlines are counted', () => {
    const buf = Buffer.from('a,"line 1\nline 2\nline 3",c\nd,e,f\n');
    const got = readThenParse(buf, ',');
    expect(got.fast).toBe(2);
    expect(got.inner).toEqual([2, 0]);
    expectSame(buf.toString());
  });

  it('when lines end with CRLF, then cells carry no CR (also inside quoted records)', () => {
    expect(expectSame('a,b\r\n"x\r\ny",z\r\n1,2\r\n').fast).toBe(3);
    expect(lineEnds(Buffer.from('a\r\nb\r\n'), 2)).toBe('crlf');
  });

  it('when line ends are mixed or a bare CR appears, then the whole chunk goes to the slower readers', () => {
    expect(lineEnds(Buffer.from('a\r\nb\n'), 2)).toBeNull();
    expect(lineEnds(Buffer.from('a\rb\n'), 1)).toBeNull();
    expect(expectSame('a,b\r\nc,d\ne,f\n').fast).toBe(0);
  });

  it('when a BOM starts the chunk, then it stays in the first cell as with csv-parse', () => {
    expectSame('\uFEFFa,b\n1,2\n');
  });

  it('when cells are empty, the last line has no newline, or records are ragged, then they come through as csv-parse gives them', () => {
    expect(expectSame(',,\na,,b\n\n1,2,3,4\n5').fast).toBe(5);
    expect(expectSame('"a","b"').fast).toBe(1);
  });

  it('when a name is multi-byte UTF-8, then its cell decodes whole', () => {
    expect(expectSame('ünïcødé,東京,Ελλάδα\n"çà, là",😀,x\n').fast).toBe(2);
  });

  it('when a quote sits inside an unquoted cell, after a closing quote, or is never closed, then csv-parse takes over there', () => {
    expect(expectSame('a,b\n1,x"y,2\n3,4\n').fast).toBe(1);
    expect(expectSame('a,b\n"x"y,2\n').fast).toBe(1);
    expect(expectSame('a,b\n1,"open\n2,3\n').fast).toBe(1);
  });

  it('when the text is arbitrary (quotes, CR, LF, delimiters, unicode), then the records equal csv-parse', () => {
    const piece = fc.constantFrom(
      'a',
      'é',
      '東',
      '1',
      ',',
      ';',
      '\t',
      '|',
      '"',
      '""',
      '\n',
      '\r\n',
      '\r',
      ' ',
      '',
      'xyz',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.constantFrom(',', ';', '\t', '|'), (parts, d) => {
        expectSame(parts.join(''), d);
      }),
      { numRuns: 3000 },
    );
  });

  it('when records are well-formed quoted/unquoted cells, then all are read from spans and equal csv-parse', () => {
    const cell = fc.oneof(
      fc.stringMatching(/^[a-zé0-9 .:/?=+-]{0,12}$/),
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

/** Records of a file through csv-parse and the row processor over value arrays: the reference path. */
function viaValues(text: string): { records: LogRecord[]; skipped: number } {
  const bytes = Buffer.from(text);
  const plan = planIngest(bytes);
  const proc = compileRowProcessor(plan);
  const cells = new ValueCells([]);
  const records: LogRecord[] = [];
  let skipped = 0;
  const rows = csvParse(bytes.subarray(dataStart(plan)), plan.delimiter);
  for (const row of rows) {
    if (row.length === 1 && row[0] === '') continue;
    if (row.length !== plan.columns.length) {
      skipped++;
      continue;
    }
    cells.vals = row;
    const reason = proc.process(cells, 0);
    if (reason === null) records.push({ ...proc.rec, line: 0 });
    else if (!(reason === SKIP.noStatus && cells.allEmpty())) skipped++; // ",,,," is a blank row, not a skip
  }
  return { records, skipped };
}

/** The same file through parseChunk, whose CSV rows go through byte spans when they can. */
function viaSpans(text: string, pieces = 1): { records: LogRecord[]; skipped: number } {
  const bytes = Buffer.from(text);
  const plan = planIngest(bytes);
  const records: LogRecord[] = [];
  const body = bytes.subarray(dataStart(plan));
  if (pieces === 1) {
    const r = parseChunk(plan, body, plan.dataLine, (rec) => records.push({ ...rec, line: 0 }));
    return { records, skipped: r.skipped.total };
  }
  // Cut at line ends only (these generated cells hold no newlines), parsed by one parser as threads do.
  const parser = new RecordParser(plan, (rec) => records.push({ ...rec, line: 0 }));
  const lines = body.toString('utf8').split(/(?<=\n)/);
  const per = Math.ceil(lines.length / pieces);
  for (let i = 0; i < lines.length; i += per) parser.parseRecords(Buffer.from(lines.slice(i, i + per).join('')), 1);
  return { records, skipped: parser.take().skipped.total };
}

describe('rows read from byte spans equal rows read from values', () => {
  const header =
    'timestamp,customer,integration,type,method,endpoint,status,latency_ms,error_code,error_message,request_bytes,response_bytes';
  const ts = fc.oneof(
    fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 0, 1) }).map((t) => new Date(t).toISOString()),
    fc.constantFrom(
      '2026-01-05 14:03:22',
      '2026-01-05T14:03:22+01:00',
      '2026-01-05 14:03:22 UTC',
      '01/05/2026 14:03',
      ' 2026-01-05T10:00:00Z',
      'soon',
      '',
    ),
  );
  const name = fc.constantFrom('Acme Corp', 'Globex, Inc.', 'Ünïcørn GmbH', ' Acme Corp ', '-', '');
  const integration = fc.constantFrom('Salesforce', 'Webhook (Events)', 'Slack', 'HubSpot CRM', 'custom thing', '');
  const endpoint = fc.oneof(
    fc.constantFrom(
      '/services/data/v59.0/sobjects/Account/0015g00000XyZabAAF',
      '/api/chat.postMessage',
      '/rest/api/3/issue/12',
      '/v1/customers/cus_NffrFeUfNV2Hib?expand=x',
      'https://hooks.slack.com/services/T0123ABCD/B0123/xyz',
      'GET /orders/123 HTTP/1.1',
      '/webhooks/events/',
      '/a b',
      '/münchen/1',
      '',
    ),
    fc.stringMatching(/^\/[a-zA-Z0-9_{}.-]{0,12}(\/[a-zA-Z0-9_{}.-]{0,20}){0,3}$/),
    // One prefix, many last segments: ids (the prefix cache), short numbers after an API root, words, queries.
    fc
      .tuple(
        fc.constantFrom(
          '/services/data/v59.0/sobjects/Account',
          '/rest/api/version',
          '/crm/v3/objects/contacts',
          '/x/1?b/c/deeper',
          '/API/rest/api',
          '/a//b/c/d/e/f/g',
        ),
        fc.constantFrom(
          '12',
          '3',
          '123',
          '0015g00000XyZabAAF',
          '0015g00000XyZabAAG',
          'cus_NffrFeUfNV2Hib',
          'batch',
          '42?x=1',
          '42#f',
          '9 9',
          '',
          'é1',
        ),
      )
      .map(([a, b]) => `${a}/${b}`),
  );
  const status = fc.constantFrom(
    '200',
    '201',
    '404',
    '429',
    '500',
    '503',
    'ok',
    'failed',
    'Timeout',
    '200 OK',
    '',
    '999',
    '1e3',
  );
  const num = fc.oneof(
    fc.integer({ min: 0, max: 100_000 }).map(String),
    fc.constantFrom(
      '12.5',
      '-1',
      '0.000001',
      '1e3',
      '',
      '250ms',
      '1.2s',
      '.5',
      '5.',
      ' 7',
      '00012',
      '12345678901234567',
    ),
  );
  const quoteIfNeeded = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const row = fc
    .tuple(
      ts,
      name,
      integration,
      fc.constantFrom('api_call', 'webhook', ''),
      fc.constantFrom('GET', 'post', ''),
      endpoint,
      status,
      num,
      fc.constantFrom('', 'ETIMEDOUT', 'rate_limited', '-'),
      fc.constantFrom('', 'Connection reset by "peer"', 'timeout, retrying'),
      num,
      num,
    )
    .map((cells) => cells.map(quoteIfNeeded).join(','));

  it('when CSV rows vary over every field the processor reads, then byte spans and values give the same records', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 30 }), fc.boolean(), (rows, crlf) => {
        const text = `${header}\n${rows.join(crlf ? '\r\n' : '\n')}${crlf ? '\r\n' : '\n'}`;
        const want = viaValues(text.replaceAll('\r\n', '\n'));
        expect(viaSpans(text)).toEqual(want);
        expect(viaSpans(text, 3)).toEqual(want);
      }),
      { numRuns: 400 },
    );
  });
});
