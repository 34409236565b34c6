import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  isIdSegmentBytes,
  PathBytes,
  parseDecimalBytes,
  parseIsoBytes,
} from '../../../../src/domain/ingest/byte-values.js';
import { SpanCache } from '../../../../src/domain/ingest/span-cache.js';
import { isIdSegment, normalizeEndpoint, parseIsoTimestamp } from '../../../../src/domain/ingest/values.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');

/** A cell inside a larger buffer, so a reader that runs past the cell's end would see other bytes. */
function inBuffer(s: string): { b: Buffer; s: number; e: number } {
  const b = Buffer.concat([bytes('9:/9'), bytes(s), bytes('0Z:/0')]);
  return { b, s: 4, e: 4 + Buffer.byteLength(s) };
}

describe('parseIsoBytes equals parseIsoTimestamp', () => {
  it('when the text is an ISO timestamp in any supported layout, then the epoch ms are equal', () => {
    for (const t of [
      '2026-01-05',
      '2026-01-05T14:03',
      '2026-01-05T14:03:22Z',
      '2026-01-05 14:03:22.5+01:00',
      '2026-01-05t14:03:22,123456-0330',
      '2026-01-05 14:03:22 UTC',
      '2026-01-05 14:03:22 +0000',
      '2026-02-30T24:00:60Z',
    ]) {
      const c = inBuffer(t);
      expect(parseIsoBytes(c.b, c.s, c.e)).toBe(parseIsoTimestamp(t));
    }
  });

  it('when the text is anything near that layout (or not ASCII), then both agree, NaN included', () => {
    const base = '2026-01-05T14:03:22.123+01:00';
    const noise = fc.constantFrom(...'0123456789-:T Z+.,UTCGMzé');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(base.length), noise), { maxLength: 4 }),
        fc.nat(base.length + 4),
        fc.constantFrom('', ' UTC', ' GMT', ' Z', ' +0000', 'Z', 'z', ' ', 'é'),
        (edits, cut, tail) => {
          const chars = [...base];
          for (const [i, ch] of edits) chars[i] = ch;
          const t = chars.join('').slice(0, cut) + tail;
          const c = inBuffer(t);
          expect(parseIsoBytes(c.b, c.s, c.e)).toBe(parseIsoTimestamp(t));
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe('parseDecimalBytes', () => {
  it('when the text is a plain decimal of up to 15 digits, then it equals Number(text)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^-?[0-9]{1,9}(\.[0-9]{1,6})?$/), (t) => {
        const c = inBuffer(t);
        expect(Object.is(parseDecimalBytes(c.b, c.s, c.e), Number(t))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('when the text is anything else, then it is NaN (the caller reads it as a string)', () => {
    for (const t of ['', '-', '5.', '.5', '1e3', '+5', ' 5', '5 ', '1234567890123456', '0x10', '1.2.3', 'NaN']) {
      const c = inBuffer(t);
      expect(parseDecimalBytes(c.b, c.s, c.e)).toBeNaN();
    }
  });
});

describe('byte path normalisation equals normalizeEndpoint', () => {
  const segment = fc.oneof(
    fc.stringMatching(/^[a-z]{1,10}$/),
    fc.stringMatching(/^[0-9]{1,12}$/),
    fc.stringMatching(/^[0-9a-f]{8,40}$/),
    fc.stringMatching(/^[A-Za-z0-9]{15}$|^[A-Za-z0-9]{18}$/),
    fc.stringMatching(/^[a-z]{2,8}_[A-Za-z0-9]{6,14}$/),
    fc.stringMatching(/^[A-Za-z0-9_-]{18,24}$/),
    fc.stringMatching(/^[TBCUWGDX][A-Z0-9]{7,11}$/),
    fc.uuid(),
    fc.constantFrom('api', 'REST', 'version', 'versions', 'v1', '2', '12', '123.json', '{petId}', 'a.b', '', ':id'),
    fc.stringMatching(/^[a-zA-Z0-9._~%:@!$&'()*+,;=-]{0,12}$/),
  );
  const path = fc
    .tuple(fc.array(segment, { maxLength: 6 }), fc.constantFrom('', '/', '?q=1', '?a=/b c', '#x', '?x#y', 'é', ' '))
    .map(([segs, tail]) => `/${segs.join('/')}${tail}`);

  it('when a path is plain ASCII, then the bytes give normalizeEndpoint’s path; otherwise they decline', () => {
    const p = new PathBytes();
    fc.assert(
      fc.property(path, (t) => {
        const c = inBuffer(t);
        const want = normalizeEndpoint(t);
        if (p.normalize(c.b, c.s, c.e)) {
          expect({
            method: null,
            host: null,
            path: Buffer.from(p.out.subarray(0, p.length)).toString('latin1'),
          }).toEqual(want);
          // ids > 0 exactly when a segment was collapsed (the path then differs from the text before ?/#).
          const plain = t.split(/[?#]/)[0] as string;
          const trimmed = plain.length > 1 && plain.endsWith('/') ? plain.slice(0, -1) : plain;
          expect(p.ids > 0).toBe(want.path !== trimmed);
        } else expect(/[^\x21-\x7e]/.test(t) || /^.{1,9}:\/\//s.test(t)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('when a segment is any ASCII text, then isIdSegmentBytes equals isIdSegment', () => {
    fc.assert(
      fc.property(fc.oneof(segment, fc.stringMatching(/^[\x21-\x7e]{0,40}$/)), (seg) => {
        const c = inBuffer(seg);
        expect(isIdSegmentBytes(c.b, c.s, c.e)).toBe(isIdSegment(seg));
      }),
      { numRuns: 5000 },
    );
  });

  it('when the path is a URL, a request line or has edge spaces, then the bytes decline it', () => {
    const p = new PathBytes();
    for (const t of ['https://x.com/a', 'GET /a HTTP/1.1', ' /a', '/a ', 'api.example.com/v1', '/x://y']) {
      const c = inBuffer(t);
      expect(p.normalize(c.b, c.s, c.e)).toBe(false);
    }
  });
});

describe('SpanCache', () => {
  it('when spans with the same bytes are looked up anywhere in any buffer, then they find one value', () => {
    const cache = new SpanCache<string>();
    const a = bytes('xx,Acme Corp,yy');
    expect(cache.get(a, 3, 12)).toBeUndefined();
    expect(cache.set(a, 3, 12, 'Acme Corp')).toBe('Acme Corp');
    const b = bytes('Acme Corp');
    expect(cache.get(b, 0, 9)).toBe('Acme Corp');
    expect(cache.get(b, 0, 8)).toBeUndefined();
  });

  it('when more distinct spans arrive than it keeps, then every lookup still returns the value stored for those bytes or nothing', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-c]{0,20}$/), { minLength: 1, maxLength: 300 }), (keys) => {
        const cache = new SpanCache<string>();
        for (const k of keys) {
          const b = bytes(`[${k}]`);
          const hit = cache.get(b, 1, b.length - 1);
          if (hit === undefined) cache.set(b, 1, b.length - 1, k);
          else expect(hit).toBe(k);
        }
      }),
      { numRuns: 300 },
    );
    // Past 10,000 distinct keys the cache starts over, and still answers right.
    const cache = new SpanCache<number>();
    for (let i = 0; i < 25_000; i++) {
      const b = bytes(`key-${i % 12_000}`);
      const hit = cache.get(b, 0, b.length);
      if (hit === undefined) cache.set(b, 0, b.length, i % 12_000);
      else expect(hit).toBe(i % 12_000);
    }
  });
});
