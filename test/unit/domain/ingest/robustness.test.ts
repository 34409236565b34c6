import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { UploadError } from '../../../../src/domain/errors.js';
import { ingest } from '../../../../src/domain/ingest/index.js';
import { ingestText } from './helpers.js';

async function outcome(input: string | Uint8Array, chunk?: number): Promise<'ok' | 'upload_error'> {
  try {
    const { summary, records } = await ingestText(input, {}, chunk);
    expect(summary.records).toBe(records.length);
    expect(summary.rows).toBe(summary.records + summary.skipped.total);
    return 'ok';
  } catch (err) {
    if (err instanceof UploadError) return 'upload_error';
    throw err;
  }
}

describe('ingest robustness', () => {
  it('when the input is arbitrary text, then ingest returns a summary or throws UploadError, never anything else', async () => {
    const cell = fc.oneof(
      fc.constantFrom(
        '200',
        '503',
        'OK',
        'failed',
        '2026-01-05T00:00:00Z',
        '/a/1',
        '"q,x"',
        '"open',
        '',
        '{',
        ']',
        '12.5',
        'GET',
      ),
      fc.string({ maxLength: 8 }),
    );
    const file = fc
      .tuple(
        fc.constantFrom(',', ';', '\t'),
        fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { maxLength: 12 }),
      )
      .map(([d, lines]) => ['timestamp,status,endpoint', ...lines.map((cells) => cells.join(d))].join('\n'));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(file, fc.string({ maxLength: 200 }), fc.json()),
        fc.integer({ min: 1, max: 50 }),
        async (text, chunk) => {
          await outcome(text, chunk);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('when the input is arbitrary bytes, then only UploadError can escape', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        await outcome(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('when progress is requested, then it reports increasing row counts', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => `2026-01-05T00:00:00Z,/a/${i},200`).join('\n');
    const seen: number[] = [];
    const bytes = new TextEncoder().encode(`ts,endpoint,status\n${rows}\n`);
    async function* pieces(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < bytes.length; i += 65536) yield bytes.subarray(i, i + 65536);
    }
    const summary = await ingest(pieces(), () => {}, { onProgress: (n) => seen.push(n) });
    expect(summary.records).toBe(30_000);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen[seen.length - 1]).toBe(30_000);
  });
});
