import { describe, expect, it } from '@jest/globals';
import { enc, ingestError, ingestText } from './helpers.js';

const rows = [
  {
    timestamp: '2026-01-05T14:03:22Z',
    customer: 'Acme',
    integration: 'HubSpot',
    endpoint: '/crm/v3/objects/contacts/42',
    status: 200,
    latency_ms: 120,
  },
  {
    timestamp: '2026-01-05T14:03:23Z',
    customer: 'Acme',
    integration: 'HubSpot',
    endpoint: '/crm/v3/objects/contacts/43',
    status: 429,
    latency_ms: 80,
    error_code: 'RATE_LIMIT',
  },
];

describe('ingest JSON', () => {
  it('when the file is a JSON array, then each element is a record numbered by index', async () => {
    const { summary, records } = await ingestText(JSON.stringify(rows, null, 2), {}, 7);
    expect(summary.format).toBe('json');
    expect(
      records.map((r) => [r.line, r.integrationType, r.endpoint, r.status, r.ok, r.errorCode, r.latencyMs]),
    ).toEqual([
      [1, 'hubspot', '/crm/v3/objects/contacts/:id', 200, true, null, 120],
      [2, 'hubspot', '/crm/v3/objects/contacts/:id', 429, false, 'RATE_LIMIT', 80],
    ]);
  });

  it('when a JSON object wraps several arrays, then the largest array-valued key holds the records', async () => {
    const doc = { meta: { page: 1 }, errors: [{ message: 'x' }], logs: rows };
    const { summary, records } = await ingestText(JSON.stringify(doc), {}, 5);
    expect(records).toHaveLength(2);
    expect(summary.notes).toContain('Records read from the "logs" array of the JSON object.');
  });

  it('when the JSON is larger than the head, then the array still open at the end of the head is streamed', async () => {
    const many = Array.from({ length: 4000 }, (_, i) => ({
      timestamp: '2026-01-05T00:00:00Z',
      endpoint: `/v1/charges/ch_${i}`,
      status: i % 4 === 0 ? 500 : 200,
      note: 'x'.repeat(60),
    }));
    const doc = {
      meta: { page: 1 },
      errors: [{ message: 'a' }, { message: 'b' }],
      results: many,
      links: [1, 2, 3, 4, 5],
    };
    const text = JSON.stringify(doc);
    expect(text.length).toBeGreaterThan(256 * 1024);
    const wrapped = await ingestText(text, {}, 65536);
    expect(wrapped.summary.records).toBe(4000);
    expect(wrapped.summary.notes).toContain('Records read from the "results" array of the JSON object.');
    const array = await ingestText(JSON.stringify(many), {}, 65536);
    expect(array.records.filter((r) => !r.ok)).toHaveLength(1000);
    expect(array.records[3999]?.line).toBe(4000);
  });

  it('when strings contain brackets, commas and escaped quotes, then the streaming splitter is not fooled', async () => {
    const tricky = [
      { ts: '2026-01-05T00:00:00Z', status: 500, error_message: 'bad "json" ], {here}, \\ ok' },
      { ts: '2026-01-05T00:00:01Z', status: 200, error_message: null },
    ];
    for (const size of [1, 3, 1000]) {
      const { records } = await ingestText(JSON.stringify({ data: tricky }), {}, size);
      expect(records.map((r) => r.errorMessage)).toEqual(['bad "json" ], {here}, \\ ok', null]);
    }
  });

  it('when nested fields are used, then dotted key paths map by their last segment', async () => {
    const doc = [
      { '@timestamp': '2026-01-05T00:00:00Z', http: { status_code: 502, method: 'get' }, url: { path: '/v1/charges' } },
    ];
    const { summary, records } = await ingestText(JSON.stringify(doc));
    expect(summary.mapping).toMatchObject({ status: 'http.status_code', method: 'http.method', endpoint: 'url.path' });
    expect(records[0]).toMatchObject({
      status: 502,
      method: 'GET',
      endpoint: '/v1/charges',
      integrationType: 'stripe',
    });
  });

  it('when the JSON is not a list of records, then upload.malformed', async () => {
    expect((await ingestError('{\n  "a": 1\n}')).code).toBe('upload.malformed');
  });
});

describe('ingest NDJSON', () => {
  it('when one JSON object per line has a broken line, then it is skipped with its line number', async () => {
    const nd = `${JSON.stringify(rows[0])}\n{"timestamp": "2026-01-05T14:03:24Z", "status": 2\n\n${JSON.stringify(rows[1])}\n`;
    const { summary, records } = await ingestText(nd, {}, 10);
    expect(summary.format).toBe('ndjson');
    expect(records.map((r) => r.line)).toEqual([1, 4]);
    expect(summary.skipped.byReason).toEqual({ 'invalid JSON': 1 });
    expect(summary.skipped.first[0]?.line).toBe(2);
  });
});

describe('ingest line formats with BOM and CRLF', () => {
  it('when NDJSON starts with a BOM and uses CRLF, then every line is read', async () => {
    const nd = `\uFEFF${JSON.stringify(rows[0])}\r\n${JSON.stringify(rows[1])}\r\n`;
    const { summary, records } = await ingestText(nd);
    expect(summary.format).toBe('ndjson');
    expect(records.map((r) => [r.line, r.status])).toEqual([
      [1, 200],
      [2, 429],
    ]);
  });
});

describe('ingest access logs', () => {
  it('when nginx combined lines end with $request_time, then latency is seconds → ms', async () => {
    const log = [
      '203.0.113.9 - - [05/Jan/2026:14:03:22 +0000] "GET /api/v2/tickets/98765.json?include=users HTTP/1.1" 200 5120 "-" "Zendesk/1.0" 0.250',
      '203.0.113.9 - alice [05/Jan/2026:14:03:23 +0100] "POST /webhooks/stripe HTTP/1.1" 502 0 "https://example.com/" "Stripe/1.0 (+https://stripe.com/docs/webhooks)" 1.002',
      'garbage line',
    ].join('\n');
    const { summary, records } = await ingestText(log);
    expect(summary.format).toBe('nginx');
    expect(
      records.map((r) => [
        r.line,
        r.timestamp,
        r.method,
        r.endpoint,
        r.status,
        r.ok,
        r.latencyMs,
        r.responseBytes,
        r.integrationType,
        r.kind,
        r.user,
      ]),
    ).toEqual([
      [
        1,
        Date.UTC(2026, 0, 5, 14, 3, 22),
        'GET',
        '/api/v2/tickets/:id',
        200,
        true,
        250,
        5120,
        'zendesk',
        'api_call',
        null,
      ],
      [
        2,
        Date.UTC(2026, 0, 5, 13, 3, 23),
        'POST',
        '/webhooks/stripe',
        502,
        false,
        1002,
        0,
        'webhook',
        'webhook',
        'alice',
      ],
    ]);
    // $remote_user is the user: "-" (no HTTP authentication) is none.
    expect(summary.mapping.user).toBe('remote_user');
    expect(summary.skipped.first).toEqual([
      { line: 3, reason: 'line not in the expected log format (nginx): garbage line' },
    ]);
  });

  it('when nginx lines have no request time, then latency is NaN and the notes say so', async () => {
    const { summary, records } = await ingestText(
      '10.0.0.1 - - [05/Jan/2026:14:03:22 +0000] "GET / HTTP/1.1" 304 0 "-" "curl/8"\n',
    );
    expect(records[0]?.latencyMs).toBeNaN();
    expect(summary.notes.join(' ')).toMatch(/no \$request_time/);
  });

  it('when an AWS ALB access log is given, then the three processing times sum to latency and the URL gives the host', async () => {
    const alb = [
      'https 2026-01-05T14:03:22.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.086 0.048 0.037 200 200 34 57 "GET https://acme.my.salesforce.com:443/services/data/v59.0/sobjects/Account/0015g00000XyZabAAF?x=1 HTTP/1.1" "curl/7.46.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337281-1d84f3d73c47ec4e58577259" "acme.my.salesforce.com" "arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012" 1 2026-01-05T14:03:22.000000Z "forward" "-" "-" "10.0.0.1:80" "200" "-" "-" TID_1234',
      'h2 2026-01-05T14:03:23.000000Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 - -1 -1 -1 502 - 34 366 "POST https://api.example.com:443/orders HTTP/2.0" "curl/7.46.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337281-1d84f3d73c47ec4e58577259" "api.example.com" "-" 0 2026-01-05T14:03:23.000000Z "forward" "-" "TargetConnectionError" "-" "-" "-" "-" -',
    ].join('\n');
    const { summary, records } = await ingestText(alb, { defaultIntegration: 'Orders API' });
    expect(summary.format).toBe('alb');
    expect(summary.mapping.latencyMs).toBe(
      'request_processing_time + target_processing_time + response_processing_time (seconds → ms)',
    );
    expect(records[0]).toMatchObject({
      timestamp: Date.UTC(2026, 0, 5, 14, 3, 22, 186),
      method: 'GET',
      host: 'acme.my.salesforce.com',
      endpoint: '/services/data/v59.0/sobjects/Account/:id',
      status: 200,
      ok: true,
      requestBytes: 34,
      responseBytes: 57,
      integration: 'Salesforce',
      integrationType: 'salesforce',
    });
    expect(records[0]?.latencyMs).toBeCloseTo(171, 6);
    expect(records[1]).toMatchObject({
      status: 502,
      ok: false,
      errorCode: 'TargetConnectionError',
      integration: 'Orders API',
      host: 'api.example.com',
    });
    expect(records[1]?.latencyMs).toBeNaN();
  });
});

describe('ingest cloud gateway JSON logs', () => {
  it('when API Gateway access logs carry the authorizer principal, then it is the record user', async () => {
    const line = (principalId: string, n: number) =>
      JSON.stringify({
        requestId: `req-${n}`,
        requestTimeEpoch: 1767621802000 + n,
        httpMethod: 'GET',
        resourcePath: '/pets',
        status: '200',
        principalId,
      });
    const { summary, records } = await ingestText([line('user-7', 1), line('-', 2), line('user-9', 3)].join('\n'));
    expect(summary.format).toBe('apigateway');
    expect(summary.mapping.user).toBe('principalId');
    expect(records.map((r) => r.user)).toEqual(['user-7', null, 'user-9']);
  });

  it('when API Gateway access log lines are given, then its own fields are used', async () => {
    const lines = [
      {
        requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
        ip: '203.0.113.1',
        requestTime: '05/Jan/2026:14:03:22 +0000',
        requestTimeEpoch: 1767621802000,
        httpMethod: 'GET',
        resourcePath: '/pets/{petId}',
        path: '/prod/pets/42',
        status: '200',
        protocol: 'HTTP/1.1',
        responseLength: '512',
        responseLatency: '87',
        integrationLatency: '80',
        domainName: 'API.example.com',
      },
      {
        requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeee',
        ip: '203.0.113.1',
        requestTime: '05/Jan/2026:14:03:23 +0000',
        requestTimeEpoch: 1767621803000,
        httpMethod: 'POST',
        resourcePath: '/pets',
        path: '/prod/pets',
        status: '504',
        protocol: 'HTTP/1.1',
        responseLength: '-',
        responseLatency: '29000',
        integrationLatency: '-',
        domainName: 'api.example.com',
        errorMessage: 'Endpoint request timed out',
      },
    ];
    const { summary, records } = await ingestText(lines.map((l) => JSON.stringify(l)).join('\n'));
    expect(summary.format).toBe('apigateway');
    expect(
      records.map((r) => [
        r.timestamp,
        r.method,
        r.endpoint,
        r.host,
        r.status,
        r.ok,
        r.latencyMs,
        r.responseBytes,
        r.errorMessage,
      ]),
    ).toEqual([
      [1_767_621_802_000, 'GET', '/pets/:id', 'api.example.com', 200, true, 87, 512, null],
      [
        1_767_621_803_000,
        'POST',
        '/pets',
        'api.example.com',
        504,
        false,
        29000,
        Number.NaN,
        'Endpoint request timed out',
      ],
    ]);
  });

  it('when Kong http-log entries are given, then request/response/latencies/service map to the record', async () => {
    const entry = {
      request: {
        method: 'POST',
        uri: '/crm/v3/objects/deals/9876?hapikey=x',
        url: 'https://kong.acme.io:8443/crm/v3/objects/deals/9876',
        size: 420,
        headers: { host: 'kong.acme.io' },
      },
      response: { status: 503, size: 110, headers: {} },
      latencies: { request: 1250, kong: 10, proxy: 1240 },
      started_at: 1767621802123,
      service: { name: 'hubspot-proxy', host: 'api.hubapi.com' },
      route: { name: 'deals' },
      consumer: { username: 'globex' },
      client_ip: '203.0.113.7',
    };
    const { summary, records } = await ingestText(JSON.stringify([entry]));
    expect(summary.format).toBe('kong');
    expect(records[0]).toEqual({
      line: 1,
      timestamp: 1_767_621_802_123,
      customer: 'globex',
      integration: 'hubspot-proxy',
      integrationType: 'hubspot',
      kind: 'api_call',
      method: 'POST',
      endpoint: '/crm/v3/objects/deals/:id',
      host: 'api.hubapi.com',
      status: 503,
      ok: false,
      latencyMs: 1250,
      errorCode: null,
      errorMessage: null,
      requestBytes: 420,
      responseBytes: 110,
      user: null,
    });
  });
});

describe('ingest encodings and binary files', () => {
  const csv = 'timestamp,customer,status\n2026-01-05T00:00:00Z,Zürich AG,200\n';

  function utf16le(s: string, bom = true): Uint8Array {
    const out = new Uint8Array((bom ? 2 : 0) + s.length * 2);
    let o = 0;
    if (bom) {
      out[o++] = 0xff;
      out[o++] = 0xfe;
    }
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      out[o++] = c & 0xff;
      out[o++] = c >> 8;
    }
    return out;
  }

  it('when the file is UTF-16 LE with a BOM, then it is decoded and noted', async () => {
    const { summary, records } = await ingestText(utf16le(csv), {}, 5);
    expect(records[0]).toMatchObject({ customer: 'Zürich AG', status: 200 });
    expect(summary.notes[0]).toBe('File is UTF-16LE encoded; converted to UTF-8.');
  });

  it('when the file is UTF-16 LE without a BOM, then the NULs give it away', async () => {
    const { records } = await ingestText(utf16le(csv, false));
    expect(records[0]?.customer).toBe('Zürich AG');
  });

  it('when the file is UTF-16 BE, then it is decoded', async () => {
    const le = utf16le(csv);
    const be = new Uint8Array(le.length);
    for (let i = 0; i < le.length; i += 2) {
      be[i] = le[i + 1] as number;
      be[i + 1] = le[i] as number;
    }
    const { records } = await ingestText(be);
    expect(records[0]?.customer).toBe('Zürich AG');
  });

  it.each([
    [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], /looks like a PNG image/],
    [[0x50, 0x4b, 0x03, 0x04, 20, 0, 6, 0], /looks like a ZIP archive/],
    [[0x1f, 0x8b, 8, 0, 0, 0, 0, 0], /looks like a gzip-compressed file/],
    [[1, 2, 3, 0, 250, 0, 7, 8, 1, 2, 3, 4, 0, 9, 0, 17, 0, 200, 0, 1], /looks like binary data/],
    [Array.from({ length: 64 }, (_, i) => (i * 37) % 256), /looks like binary data/],
  ])('when the file is binary (%#), then upload.unsupported_format says what it looks like', async (bytes, message) => {
    const err = await ingestError(new Uint8Array(bytes as number[]), { fileName: 'logs.csv' });
    expect(err.code).toBe('upload.unsupported_format');
    expect(err.message).toMatch(message as RegExp);
    expect(err.message).toMatch(/^"logs.csv" /);
  });

  it('when the text is plain ASCII, then it is not mistaken for binary', async () => {
    const { records } = await ingestText(enc(csv));
    expect(records).toHaveLength(1);
  });
});
