import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  normalizeEndpoint,
  parseHumanTimestamp,
  parseIsoTimestamp,
  parseStatusText,
  parseTimestamp,
} from '../../../../src/domain/ingest/index.js';

describe('parseIsoTimestamp', () => {
  const zoned = [
    '2026-01-05T14:03:22Z',
    '2026-01-05T14:03:22.123Z',
    '2026-01-05T14:03:22.1Z',
    '2026-01-05T14:03:22.123456Z',
    '2026-01-05T14:03:22+01:00',
    '2026-01-05T14:03:22.5-05:30',
    '2024-02-29T23:59:59.999Z',
    '1999-12-31T00:00:00Z',
    '2026-03-01T00:00Z',
  ];
  it.each(zoned)('when the value is %s, then it equals Date.parse', (s) => {
    expect(parseIsoTimestamp(s)).toBe(Date.parse(s));
  });

  it.each(['2026-01-05T14:03:22', '2026-01-05T14:03:22.250', '2026-07-15T08:00'])(
    'when %s has no zone, then it is read as UTC (Date.parse of the value + Z)',
    (s) => {
      expect(parseIsoTimestamp(s)).toBe(Date.parse(`${s}Z`));
    },
  );

  it('when the date has a space instead of T, then it is accepted', () => {
    expect(parseIsoTimestamp('2026-01-05 14:03:22')).toBe(Date.UTC(2026, 0, 5, 14, 3, 22));
    expect(parseIsoTimestamp('2026-01-05 14:03:22 +0000')).toBe(Date.UTC(2026, 0, 5, 14, 3, 22));
  });

  it('when a date only is given, then it is midnight UTC', () => {
    expect(parseIsoTimestamp('2026-01-05')).toBe(Date.UTC(2026, 0, 5));
  });

  it.each(['2026-13-05T00:00:00Z', '2026-01-05X14:03', 'hello', '2026-01-05T14:03:22+0'])(
    'when %s is not in the layout, then NaN',
    (s) => {
      expect(parseIsoTimestamp(s)).toBeNaN();
    },
  );

  it('when 10,000 generated instants are formatted with toISOString, then every one round-trips', () => {
    let t = Date.UTC(1990, 0, 1);
    for (let i = 0; i < 10_000; i++) {
      t += 123_456_789 + i * 7;
      const s = new Date(t).toISOString();
      expect(parseIsoTimestamp(s)).toBe(t);
    }
  });
});

describe('parseTimestamp', () => {
  it('when epoch seconds or milliseconds are given, then the unit is decided by magnitude', () => {
    expect(parseTimestamp('1767621802')).toBe(1_767_621_802_000);
    expect(parseTimestamp('1767621802.5')).toBe(1_767_621_802_500);
    expect(parseTimestamp('1767621802123')).toBe(1_767_621_802_123);
    expect(parseTimestamp(1_767_621_802_123)).toBe(1_767_621_802_123);
    expect(parseTimestamp('1767621802123456')).toBe(1_767_621_802_123);
  });

  it('when human layouts are given, then they are read as UTC unless zoned', () => {
    const t = Date.UTC(2026, 0, 5, 14, 3, 22);
    expect(parseTimestamp('05/Jan/2026:14:03:22 +0000')).toBe(t);
    expect(parseTimestamp('05/Jan/2026:15:03:22 +0100')).toBe(t);
    expect(parseTimestamp('01/05/2026 14:03:22')).toBe(t);
    expect(parseTimestamp('01/05/2026 14:03')).toBe(Date.UTC(2026, 0, 5, 14, 3));
    expect(parseTimestamp('Jan 5, 2026 2:03 PM')).toBe(Date.UTC(2026, 0, 5, 14, 3));
    expect(parseTimestamp('January 5th 2026 12:03 AM')).toBe(Date.UTC(2026, 0, 5, 0, 3));
    expect(parseTimestamp('Mon, 05 Jan 2026 14:03:22 GMT')).toBe(t);
    expect(parseTimestamp('2026/01/05 14:03:22')).toBe(t);
    expect(parseTimestamp('05.01.2026 14:03:22')).toBe(t);
  });

  it('when dayFirst is set, then 05/01/2026 is 5 January', () => {
    expect(parseHumanTimestamp('05/01/2026', true)).toBe(Date.UTC(2026, 0, 5));
    expect(parseHumanTimestamp('05/01/2026', false)).toBe(Date.UTC(2026, 4, 1));
  });

  it('when the value is not a date, then NaN', () => {
    expect(parseTimestamp('yesterday')).toBeNaN();
    expect(parseTimestamp('')).toBeNaN();
  });
});

describe('parseStatusText', () => {
  it.each([
    ['200', 200, true, null],
    ['200 OK', 200, true, null],
    ['503 Service Unavailable', 503, false, null],
    ['OK', null, true, null],
    ['Success', null, true, null],
    ['succeeded', null, true, null],
    ['delivered', null, true, null],
    ['failed', null, false, null],
    ['FAILURE', null, false, null],
    ['error', null, false, null],
    ['timeout', null, false, 'timeout'],
    ['Timed out', null, false, 'timeout'],
    ['rate limited', 429, false, 'rate_limited'],
    ['rate_limited', 429, false, 'rate_limited'],
    ['Unauthorized', 401, false, null],
    ['forbidden', 403, false, null],
  ])('when the status is "%s", then status %s, ok %s, errorCode %s', (text, status, ok, errorCode) => {
    expect(parseStatusText(text)).toEqual({ status, ok, errorCode });
  });

  it('when the status is unknown text, then null', () => {
    expect(parseStatusText('pending review')).toBeNull();
    expect(parseStatusText('')).toBeNull();
  });
});

describe('normalizeEndpoint', () => {
  it('when a small number follows "api" or "rest", then it is kept as the API version while ids collapse', () => {
    expect(normalizeEndpoint('/rest/api/3/issue/10042/transitions').path).toBe('/rest/api/3/issue/:id/transitions');
    expect(normalizeEndpoint('/api/2/users/7').path).toBe('/api/2/users/:id');
    expect(normalizeEndpoint('/api/12345/orders').path).toBe('/api/:id/orders');
  });

  it('when a Stripe-style prefixed id has no digits, then mixed case still marks it as an id', () => {
    expect(normalizeEndpoint('/v1/customers/cus_AiweGmiMCIPUMN').path).toBe('/v1/customers/:id');
    expect(normalizeEndpoint('/v1/payment_intents').path).toBe('/v1/payment_intents');
  });

  it('when a full URL with query is given, then host and path are split and ids collapsed', () => {
    expect(
      normalizeEndpoint(
        'https://Acme.my.salesforce.com:443/services/data/v59.0/sobjects/Account/0015g00000XyZabAAF?fields=Name',
      ),
    ).toEqual({ method: null, host: 'acme.my.salesforce.com', path: '/services/data/v59.0/sobjects/Account/:id' });
  });

  it('when a request line is given, then the method is taken and the protocol dropped', () => {
    expect(normalizeEndpoint('GET /api/orders/12345?x=1 HTTP/1.1')).toEqual({
      method: 'GET',
      host: null,
      path: '/api/orders/:id',
    });
  });

  it.each([
    ['/users/550e8400-e29b-41d4-a716-446655440000/profile', '/users/:id/profile'],
    ['/objects/5f1d7a9c3b2e4a6d8c0f1e2d', '/objects/:id'],
    ['/sobjects/Contact/003D000000QvZ1K', '/sobjects/Contact/:id'],
    ['/v1/customers/cus_NffrFeUfNV2Hib', '/v1/customers/:id'],
    ['/api/v2/tickets/98765.json', '/api/v2/tickets/:id'],
    ['/pets/{petId}', '/pets/:id'],
    ['/oauth2authorize/token', '/oauth2authorize/token'],
    ['/api/v2/users/', '/api/v2/users'],
  ])('when the path is %s, then it becomes %s', (input, path) => {
    expect(normalizeEndpoint(input).path).toBe(path);
  });

  it('when a Slack webhook URL is given, then its secret segments are collapsed', () => {
    expect(
      normalizeEndpoint('https://hooks.slack.com/services/T0123ABCD/B0456EFGH/aBcDeFgHiJkLmNoPqRsTuVwX12'),
    ).toEqual({
      method: null,
      host: 'hooks.slack.com',
      path: '/services/:id/:id/:id',
    });
  });
});

describe('normalizeEndpoint: the plain-path fast path', () => {
  // A leading space sends the same value through the general code (which trims it first): the oracle.
  it('when a value is a plain path, then the result equals the general code on the same value', () => {
    const seg = fc.oneof(
      fc.constantFrom('api', 'API', 'rest', 'v1', 'v59.0', '3', '42', '', 'sobjects', 'users', '123.json', '{petId}'),
      fc.constantFrom('0015g00000XyZabAAF', 'cus_NffrFeUfNV2Hib', 'T0123ABCD', '550e8400-e29b-41d4-a716-446655440000'),
      fc.constantFrom('deadbeefcafe1234', 'abcDEF1234567890abcdEF', 'x?y=1', 'a#b', 'h://x', 'tab\there', 'é'),
      fc.stringMatching(/^[A-Za-z0-9_.:-]{0,12}$/),
    );
    fc.assert(
      fc.property(
        fc.array(seg, { minLength: 1, maxLength: 7 }),
        fc.constantFrom('', '/', '?q=1', '#f', '\u00a0'),
        (segs, tail) => {
          const raw = `/${segs.join('/')}${tail}`;
          expect(normalizeEndpoint(raw)).toEqual(normalizeEndpoint(` ${raw}`));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
