import { describe, expect, it } from '@jest/globals';
import { enc, ingestError, ingestText } from './helpers.js';

describe('ingest CSV: mapping by header name', () => {
  it('when headers use aliases in other cases and separators, then every field is mapped', async () => {
    const csv = [
      'Occurred At,Account,Service,Request Path,HTTP-Method,Response_Code,Duration MS,Failure Reason,Bytes In,Bytes Out,Event Type',
      '2026-01-05T14:03:22Z,Acme,Salesforce,/services/data/v59.0/query?q=x,post,201,350,,120,900,api_call',
      '2026-01-05T14:04:00Z,Acme,HubSpot,/crm/v3/objects/contacts/123,GET,500,1200,Upstream exploded,0,50,request',
    ].join('\n');
    const { summary, records } = await ingestText(csv);
    expect(summary.format).toBe('csv');
    expect(summary.mapping).toMatchObject({
      timestamp: 'Occurred At (ISO 8601)',
      customer: 'Account',
      integration: 'Service',
      endpoint: 'Request Path',
      method: 'HTTP-Method',
      status: 'Response_Code',
      latencyMs: 'Duration MS (ms, from the header)',
      errorMessage: 'Failure Reason',
      requestBytes: 'Bytes In',
      responseBytes: 'Bytes Out',
      kind: 'Event Type',
    });
    expect(records[0]).toEqual({
      line: 2,
      timestamp: Date.UTC(2026, 0, 5, 14, 3, 22),
      customer: 'Acme',
      integration: 'Salesforce',
      integrationType: 'salesforce',
      kind: 'api_call',
      method: 'POST',
      endpoint: '/services/data/v59.0/query',
      host: null,
      status: 201,
      ok: true,
      latencyMs: 350,
      errorCode: null,
      errorMessage: null,
      requestBytes: 120,
      responseBytes: 900,
      user: null,
    });
    expect(records[1]).toMatchObject({
      status: 500,
      ok: false,
      errorMessage: 'Upstream exploded',
      endpoint: '/crm/v3/objects/contacts/:id',
    });
  });

  it('when the integration is written freely, then the display name is kept and the type comes from the catalogue', async () => {
    const csv =
      'time,integration,status\n2026-01-05T00:00:00Z, Webhook (Events) ,200\n2026-01-05T00:00:00Z,SFDC Bulk,200\n2026-01-05T00:00:00Z,Billing Thing,200\n';
    const { records } = await ingestText(csv);
    expect(records.map((r) => [r.integration, r.integrationType, r.kind])).toEqual([
      ['Webhook (Events)', 'webhook', 'webhook'],
      ['SFDC Bulk', 'salesforce', 'api_call'],
      ['Billing Thing', 'custom_api', 'api_call'],
    ]);
  });

  it('when there is no integration column, then host/path patterns decide, else the default', async () => {
    const csv = [
      'ts,url,status',
      '2026-01-05T00:00:00Z,https://hooks.slack.com/services/T0123ABCD/B0456EFGH/aBcDeFgHiJkLmNoPqRsTuVwX12,200',
      '2026-01-05T00:00:00Z,/services/data/v59.0/sobjects/Account/0015g00000XyZabAAF,200',
      '2026-01-05T00:00:00Z,/internal/ping,200',
    ].join('\n');
    const { records } = await ingestText(csv, { defaultIntegration: 'Acme Public API', defaultCustomer: 'Acme' });
    expect(records.map((r) => [r.integration, r.integrationType, r.host, r.customer])).toEqual([
      ['Slack', 'slack', 'hooks.slack.com', 'Acme'],
      ['Salesforce', 'salesforce', null, 'Acme'],
      ['Acme Public API', 'custom_api', null, 'Acme'],
    ]);
  });

  it('when no default integration is given, then unassociated rows are "Custom API"', async () => {
    const { records } = await ingestText('ts,path,status\n2026-01-05T00:00:00Z,/x,200\n');
    expect(records[0]).toMatchObject({ integration: 'Custom API', integrationType: 'custom_api', customer: null });
  });
});

describe('ingest CSV: record kind', () => {
  it('when a type column names the kind, then api_call/webhook/error_log follow it', async () => {
    const csv = [
      'ts,type,endpoint,status,error',
      '2026-01-05T00:00:00Z,request,/a,200,',
      '2026-01-05T00:00:00Z,webhook_delivery,/a,200,',
      '2026-01-05T00:00:00Z,delivery,/a,500,',
      '2026-01-05T00:00:00Z,error,,,invalid_grant',
      '2026-01-05T00:00:00Z,,/hooks/orders,200,',
      '2026-01-05T00:00:00Z,,,,ECONNRESET',
    ].join('\n');
    const { records } = await ingestText(csv);
    expect(records.map((r) => r.kind)).toEqual(['api_call', 'webhook', 'webhook', 'error_log', 'webhook', 'error_log']);
  });
});

describe('ingest CSV: inference from values', () => {
  it('when header names match nothing, then status, timestamp, endpoint, method and latency are inferred', async () => {
    const csv = [
      'col_a,col_b,col_c,col_d,col_e',
      '2026-01-05T14:03:22Z,GET,/api/orders/1,200,120',
      '2026-01-05T14:03:23Z,POST,/api/orders/2,503,340',
      '2026-01-05T14:03:24Z,GET,/api/orders/3,404,80',
    ].join('\n');
    const { summary, records } = await ingestText(csv);
    expect(summary.mapping).toMatchObject({
      status: 'col_d (inferred from values)',
      method: 'col_b (inferred from values)',
      endpoint: 'col_c (inferred from values)',
    });
    expect(summary.mapping.timestamp).toMatch(/^col_a/);
    expect(summary.mapping.latencyMs).toMatch(/^col_e/);
    expect(records.map((r) => [r.status, r.ok, r.method, r.endpoint, r.latencyMs])).toEqual([
      [200, true, 'GET', '/api/orders/:id', 120],
      [503, false, 'POST', '/api/orders/:id', 340],
      [404, false, 'GET', '/api/orders/:id', 80],
    ]);
  });

  it('when the file has no header row, then columns are identified from their values and the first row is data', async () => {
    const csv = '2026-01-05T14:03:22Z,/v1/charges,200\n2026-01-05T14:03:23Z,/v1/charges,402\n';
    const { summary, records } = await ingestText(csv);
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ line: 1, status: 200, integration: 'Stripe' });
    expect(summary.notes.join(' ')).toMatch(/looks like data, not a header/);
  });
});

describe('ingest CSV: latency units', () => {
  it('when a latency column holds small decimals, then it is read as seconds and noted', async () => {
    const csv =
      'ts,status,duration\n2026-01-05T00:00:00Z,200,0.25\n2026-01-05T00:00:01Z,200,1.5\n2026-01-05T00:00:02Z,200,0.75\n';
    const { summary, records } = await ingestText(csv);
    expect(records.map((r) => r.latencyMs)).toEqual([250, 1500, 750]);
    expect(summary.mapping.latencyMs).toBe('duration (seconds → ms, inferred from values)');
    expect(summary.notes.join(' ')).toMatch(/read as seconds/);
  });

  it('when latency values are whole numbers, then they are ms', async () => {
    const csv = 'ts,status,duration\n2026-01-05T00:00:00Z,200,250\n2026-01-05T00:00:01Z,200,12\n';
    const { records } = await ingestText(csv);
    expect(records.map((r) => r.latencyMs)).toEqual([250, 12]);
  });

  it('when the header says seconds, then values are converted even if large', async () => {
    const { records } = await ingestText('ts,status,latency_s\n2026-01-05T00:00:00Z,200,42\n');
    expect(records[0]?.latencyMs).toBe(42_000);
  });

  it('when values carry their own unit, then "250ms" and "1.2s" are both read', async () => {
    const { records } = await ingestText(
      'ts,status,took\n2026-01-05T00:00:00Z,200,250ms\n2026-01-05T00:00:00Z,200,1.2s\n',
    );
    expect(records.map((r) => r.latencyMs)).toEqual([250, 1200]);
  });
});

describe('ingest CSV: statuses and errors', () => {
  it('when statuses are words, then ok/failed/timeout/rate limited map as documented', async () => {
    const csv = [
      'ts,integration,result',
      '2026-01-05T00:00:00Z,Zendesk,OK',
      '2026-01-05T00:00:00Z,Zendesk,delivered',
      '2026-01-05T00:00:00Z,Zendesk,failed',
      '2026-01-05T00:00:00Z,Zendesk,timed out',
      '2026-01-05T00:00:00Z,Zendesk,Rate limited',
      '2026-01-05T00:00:00Z,Zendesk,unauthorized',
    ].join('\n');
    const { records } = await ingestText(csv);
    expect(records.map((r) => [r.status, r.ok, r.errorCode])).toEqual([
      [null, true, null],
      [null, true, null],
      [null, false, null],
      [null, false, 'timeout'],
      [429, false, 'rate_limited'],
      [401, false, null],
    ]);
  });

  it('when a row has an error but no status, then it is a failure; with neither, it is skipped with its line', async () => {
    const csv =
      'ts,endpoint,status,error\n2026-01-05T00:00:00Z,/a,,ETIMEDOUT\n2026-01-05T00:00:00Z,/a,,\n2026-01-05T00:00:00Z,/a,,Connection reset by peer\n';
    const { summary, records } = await ingestText(csv);
    expect(records.map((r) => [r.line, r.ok, r.errorCode, r.errorMessage])).toEqual([
      [2, false, 'ETIMEDOUT', null],
      [4, false, null, 'Connection reset by peer'],
    ]);
    expect(summary.skipped).toEqual({
      total: 1,
      byReason: { 'no status or error': 1 },
      first: [{ line: 3, reason: 'no status or error value' }],
    });
    expect(summary.rows).toBe(3);
    expect(summary.records).toBe(2);
  });

  it('when an error log has only level and message, then error rows are error_log records and info rows are skipped', async () => {
    const csv =
      'timestamp,level,message\n2026-01-05T00:00:00Z,ERROR,Salesforce token expired\n2026-01-05T00:00:01Z,info,sync done\n';
    const { records, summary } = await ingestText(csv);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      kind: 'error_log',
      ok: false,
      errorMessage: 'Salesforce token expired',
      status: null,
    });
    expect(summary.skipped.first).toEqual([{ line: 3, reason: 'log level "info" without status or error' }]);
  });
});

describe('ingest CSV: timestamps', () => {
  it('when timestamps have no zone, then they are read as UTC and the notes say so', async () => {
    const { summary, records } = await ingestText('time,status\n2026-01-05 14:03:22,200\n');
    expect(records[0]?.timestamp).toBe(Date.UTC(2026, 0, 5, 14, 3, 22));
    expect(summary.notes).toContain('timestamps have no zone; assumed UTC');
  });

  it('when zoned ISO timestamps are used, then no zone note is added', async () => {
    const { summary } = await ingestText('time,status\n2026-01-05T14:03:22Z,200\n');
    expect(summary.notes).not.toContain('timestamps have no zone; assumed UTC');
  });

  it('when a first date part is over 12, then dates are read day/month', async () => {
    const { summary, records } = await ingestText('date,status\n25/01/2026 10:00,200\n05/02/2026 10:00,200\n');
    expect(records.map((r) => r.timestamp)).toEqual([Date.UTC(2026, 0, 25, 10), Date.UTC(2026, 1, 5, 10)]);
    expect(summary.notes.join(' ')).toMatch(/day\/month\/year/);
  });

  it('when dates are month/day, then 01/25/2026 is 25 January', async () => {
    const { records } = await ingestText('date,status\n01/25/2026 10:00,200\n02/05/2026 10:00,200\n');
    expect(records.map((r) => r.timestamp)).toEqual([Date.UTC(2026, 0, 25, 10), Date.UTC(2026, 1, 5, 10)]);
  });

  it('when epoch milliseconds and seconds are given, then both are read', async () => {
    const { records } = await ingestText('ts,status\n1767621802000,200\n1767621802,200\n');
    expect(records.map((r) => r.timestamp)).toEqual([1_767_621_802_000, 1_767_621_802_000]);
  });

  it('when a timestamp is unparsable, then the row is skipped with the value in the reason', async () => {
    const { summary } = await ingestText('ts,status\n2026-01-05T00:00:00Z,200\nsoon,200\n');
    expect(summary.skipped.first).toEqual([{ line: 3, reason: 'unparsable timestamp "soon"' }]);
  });
});

describe('ingest CSV: bytes and layout', () => {
  it('when the file has a BOM, CRLF line ends and quoted fields with commas and newlines, then all are handled', async () => {
    const csv =
      '\uFEFFtimestamp,endpoint,status,error_message\r\n' +
      '2026-01-05T00:00:00Z,/a,500,"Bad thing, really"\r\n' +
      '2026-01-05T00:00:01Z,/b,502,"line one\r\nline two"\r\n' +
      '2026-01-05T00:00:02Z,/c,200,\r\n';
    const { summary, records } = await ingestText(csv);
    expect(summary.mapping.timestamp).toMatch(/^timestamp/);
    expect(records.map((r) => [r.line, r.endpoint, r.status, r.errorMessage])).toEqual([
      [2, '/a', 500, 'Bad thing, really'],
      [3, '/b', 502, 'line one\r\nline two'],
      [5, '/c', 200, null],
    ]);
  });

  it.each([
    [';', 'semicolon'],
    ['\t', 'tab'],
    ['|', 'pipe'],
  ])('when the delimiter is %s (%s), then it is sniffed', async (d) => {
    const csv =
      ['timestamp', 'endpoint', 'status', 'latency_ms'].join(d) +
      '\n' +
      ['2026-01-05T00:00:00Z', '/a,b', '200', '12'].join(d) +
      '\n';
    const { records } = await ingestText(csv);
    expect(records[0]).toMatchObject({ endpoint: '/a,b', status: 200, latencyMs: 12 });
  });

  it('when a row has the wrong number of columns, then it is skipped with line and counts', async () => {
    const csv =
      'ts,endpoint,status\n2026-01-05T00:00:00Z,/a,200\n2026-01-05T00:00:00Z,/a,with,comma,200\n2026-01-05T00:00:00Z,/b,201\n';
    const { summary, records } = await ingestText(csv);
    expect(records.map((r) => r.line)).toEqual([2, 4]);
    expect(summary.skipped).toEqual({
      total: 1,
      byReason: { 'wrong number of columns': 1 },
      first: [{ line: 3, reason: 'wrong number of columns: expected 3, found 5' }],
    });
  });

  it('when data rows end with a trailing delimiter or are entirely empty, then they are not errors', async () => {
    const csv = 'ts,endpoint,status\n2026-01-05T00:00:00Z,/a,200,\n,,\n2026-01-05T00:00:01Z,/b,500,\n';
    const { summary, records } = await ingestText(csv);
    expect(records.map((r) => [r.line, r.status])).toEqual([
      [2, 200],
      [4, 500],
    ]);
    expect(summary.rows).toBe(2);
    expect(summary.skipped.total).toBe(0);
  });

  it('when a few bytes are not valid UTF-8, then the file is still read and noted', async () => {
    const head = enc('ts,customer,status\n2026-01-05T00:00:00Z,Acme,200\n2026-01-05T00:00:00Z,');
    const bad = new Uint8Array([0x41, 0xff, 0xfe, 0x42]);
    const tail = enc(',500\n');
    const bytes = new Uint8Array([...head, ...bad, ...tail]);
    const { summary, records } = await ingestText(bytes);
    expect(records).toHaveLength(2);
    expect(records[1]).toMatchObject({ customer: 'A\uFFFD\uFFFDB', status: 500 });
    expect(summary.notes.join(' ')).toMatch(/not valid UTF-8/);
  });
});

describe('ingest CSV: unusable files', () => {
  it('when the file is empty or blank, then upload.empty', async () => {
    expect((await ingestError('')).code).toBe('upload.empty');
    expect((await ingestError('  \n\n')).code).toBe('upload.empty');
  });

  it('when no status or error column exists, then upload.missing_column names the headers found and expected', async () => {
    const err = await ingestError('a,b,c\nx,y,z\n', { fileName: 'export.csv' });
    expect(err.code).toBe('upload.missing_column');
    expect(err.message).toBe(
      'No status or error column found in "export.csv". Headers found: a, b, c. Expected one of: status, status_code, http_status, response_code, code, result, outcome (or an error/error_code column).',
    );
    expect(err.detail.headersFound).toEqual(['a', 'b', 'c']);
  });

  it('when every row is skipped, then upload.no_usable_rows says why and where', async () => {
    const err = await ingestError('ts,status\n2026-01-05T00:00:00Z,pending\n2026-01-05T00:00:00Z,queued\n');
    expect(err.code).toBe('upload.no_usable_rows');
    expect(err.message).toBe(
      'No usable rows in the file: all 2 rows were skipped (2 × unrecognised status, first at line 2: unrecognised status "pending"). Headers found: ts, status.',
    );
  });

  it('when there is only a header, then upload.no_usable_rows', async () => {
    expect((await ingestError('ts,status\n')).code).toBe('upload.no_usable_rows');
  });
});
