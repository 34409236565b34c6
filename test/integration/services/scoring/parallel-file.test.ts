import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AccumulatorState } from '../../../../src/domain/analysis/accumulator.js';
import { createAccumulator } from '../../../../src/domain/analysis/accumulator.js';
import { analyze } from '../../../../src/domain/analysis/index.js';
import { ingest } from '../../../../src/domain/ingest/index.js';
import type { IngestSummary } from '../../../../src/domain/ingest/types.js';
import { projectRoot } from '../../../support/source-files.js';

// The block-parallel path runs worker threads, which load the built JavaScript: this test scores with
// dist/ (built if missing, as the CLI tests do) and compares with the single-threaded stream from src/.
type ScoreFileParallel = (
  path: string,
  threads: number,
  opts: { fileName: string },
  hash: ReturnType<typeof createHash>,
) => Promise<{ state: AccumulatorState; summary: IngestSummary } | null>;

const MiB = 1 << 20;
let dir: string;
let scoreFileParallel: ScoreFileParallel;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'th-blocks-'));
  const built = join(projectRoot, 'dist', 'src', 'services', 'scoring', 'parallel-file.js');
  if (!existsSync(built)) await promisify(execFile)('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: projectRoot });
  ({ scoreFileParallel } = (await import(built)) as { scoreFileParallel: ScoreFileParallel });
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * ~3.5 MiB of CSV (LF or CRLF) whose hard records sit exactly where the 1 MiB reads end (reads start
 * after the header): one read ends inside the 3 bytes of "東" in a customer name, the next right after a
 * newline inside a quoted error message (with escaped quotes), and so on; plus rows that are skipped
 * (ragged, bad timestamp), so line numbers must carry across blocks.
 */
function trickyCsv(eol: string): string {
  const header = `timestamp,customer,integration,endpoint,status,latency_ms,error_message${eol}`;
  const parts: string[] = [header];
  const h = Buffer.byteLength(header);
  let size = h;
  let i = 0;
  let k = 1;
  const push = (row: string) => {
    parts.push(row + eol);
    size += Buffer.byteLength(row + eol);
    i++;
  };
  while (size < 3.5 * MiB) {
    const ts = new Date(Date.UTC(2026, 0, 5) + i * 2000).toISOString();
    const target = h + k * MiB;
    if (size + 400 > target) {
      const tricky = `${ts},"Zürich Ünïcørn 東京",Salesforce,/services/data/v59.0/sobjects/Account/0015g00000XyZabAAF,500,812,"upstream said:${eol}""gateway — timeout""${eol}retry ✓ é"`;
      const bytes = Buffer.from(tricky);
      // Odd reads end after the first byte of 東, even ones just after the first newline inside quotes.
      const at =
        k % 2 === 1 ? bytes.indexOf(Buffer.from('東')) + 1 : bytes.indexOf(Buffer.from(`said:${eol}`)) + 5 + eol.length;
      const filler = (n: number) => `${ts},Acme,Slack,/a/${'x'.repeat(n)},200,1,`;
      const n = target - at - size - Buffer.byteLength(filler(0) + eol);
      if (n >= 0) push(filler(n));
      push(tricky);
      k++;
      continue;
    }
    if (i % 977 === 5)
      push(`${ts},Acme,Slack,/api/chat.postMessage,200`); // ragged: skipped
    else if (i % 1409 === 7)
      push('yesterday-ish,Acme,Slack,/api/chat.postMessage,200,10,'); // bad time: skipped
    else {
      const status = i % 53 === 0 ? 429 : i % 61 === 0 ? 503 : 200;
      const customer = i % 3 === 0 ? '"Globex, Inc."' : 'Acme';
      push(
        `${ts},${customer},${i % 2 ? 'HubSpot' : 'Slack'},/crm/v3/objects/contacts/${i},${status},${50 + (i % 400)},`,
      );
    }
  }
  return parts.join('');
}

async function singleThreaded(path: string): Promise<{ state: AccumulatorState; summary: IngestSummary }> {
  const acc = createAccumulator();
  const summary = await ingest(createReadStream(path), (r) => acc.add(r), { fileName: 'tricky.csv' });
  return { state: acc.state(), summary };
}

const input = {
  source: { files: ['tricky.csv'], format: 'csv', sha256: '', mapping: {}, notes: [] },
  skipped: { total: 0, byReason: {}, first: [] },
  generatedAt: '2026-02-01T00:00:00.000Z',
  defaultCustomer: null,
};

describe('scoring a file in blocks on several threads', () => {
  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])(
    'when %s records with quoted newlines and multi-byte names cross the block ends, then 2 and 3 threads give the single-threaded result',
    async (_name, eol) => {
      const path = join(dir, `tricky-${_name}.csv`);
      const text = trickyCsv(eol);
      writeFileSync(path, text);
      // The reads really end where meant: inside 東, and right after a newline inside quotes.
      const buf = Buffer.from(text);
      const h = buf.indexOf(eol) + eol.length;
      expect(buf.subarray(h + MiB - 1, h + MiB + 2).toString()).toBe('東');
      expect(buf.subarray(h + 2 * MiB - 5 - eol.length, h + 2 * MiB).toString()).toBe(`said:${eol}`);
      const one = await singleThreaded(path);
      expect(one.summary.skipped.total).toBeGreaterThan(0);
      expect(one.summary.skipped.first.length).toBe(20);
      for (const threads of [2, 3]) {
        const hash = createHash('sha256');
        const got = await scoreFileParallel(path, threads, { fileName: 'tricky.csv' }, hash);
        expect(got).not.toBeNull();
        expect(hash.digest('hex')).toBe(createHash('sha256').update(text).digest('hex'));
        expect(got?.summary).toEqual(one.summary);
        expect(analyze(got?.state as AccumulatorState, input)).toEqual(analyze(one.state, input));
      }
    },
    60_000,
  );
});
