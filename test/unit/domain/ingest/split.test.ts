import { describe, expect, it } from '@jest/globals';
import {
  type ChunkResult,
  countNewlines,
  dataStart,
  isSplittable,
  lastRecordBoundary,
  mergeIngestSummaries,
  parseChunk,
  planIngest,
} from '../../../../src/domain/ingest/index.js';
import type { LogRecord } from '../../../../src/domain/records.js';
import { enc, ingestText } from './helpers.js';

/** Deterministic PRNG (mulberry32), so a failure is reproducible. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function csvFixture(): string {
  const lines = ['timestamp,customer,integration,endpoint,status,latency_ms,error_message'];
  for (let i = 0; i < 120; i++) {
    const ts = new Date(Date.UTC(2026, 0, 5) + i * 1000).toISOString();
    if (i % 17 === 3)
      lines.push(`${ts},Acme,Slack,/api/chat.postMessage,500,${i},"multi\nline, with ""quotes""\nerror"`);
    else if (i % 23 === 5) lines.push(`${ts},Acme,Slack,/a,extra,column,200,1`);
    else if (i % 29 === 7) lines.push(`${ts},Acme,Slack,/a,,${i},`);
    else if (i % 31 === 11) lines.push('');
    else lines.push(`${ts},"Globex, Inc.",HubSpot,/crm/v3/objects/contacts/${i},${i % 5 === 0 ? 429 : 200},${i * 3},`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

function parseWhole(bytes: Uint8Array): { records: LogRecord[]; result: ChunkResult } {
  const plan = planIngest(bytes);
  const records: LogRecord[] = [];
  const result = parseChunk(plan, bytes.subarray(dataStart(plan)), plan.dataLine, (r) => records.push({ ...r }));
  return { records, result };
}

/** The lead's parallel path: cut at record boundaries, number lines by counting newlines, merge. */
function parseSplit(bytes: Uint8Array, seed: number, maxPiece: number): { records: LogRecord[]; parts: ChunkResult[] } {
  const plan = planIngest(bytes);
  expect(isSplittable(plan)).toBe(true);
  const next = rng(seed);
  const records: LogRecord[] = [];
  const parts: ChunkResult[] = [];
  let pos = dataStart(plan);
  let line = plan.dataLine;
  let carry = new Uint8Array(0);
  while (pos < bytes.length) {
    const len = 1 + Math.floor(next() * maxPiece);
    const read = bytes.subarray(pos, Math.min(bytes.length, pos + len));
    pos += read.length;
    const buf = new Uint8Array(carry.length + read.length);
    buf.set(carry);
    buf.set(read, carry.length);
    const cut = lastRecordBoundary(buf, plan);
    carry = buf.slice(cut);
    if (cut === 0) continue;
    const piece = buf.subarray(0, cut);
    parts.push(parseChunk(plan, piece, line, (r) => records.push({ ...r })));
    line += countNewlines(piece);
  }
  if (carry.length > 0) parts.push(parseChunk(plan, carry, line, (r) => records.push({ ...r })));
  return { records, parts };
}

describe('chunk splitting', () => {
  const csvBytes = enc(csvFixture());

  it('when a CSV with quoted newlines is split at random record boundaries, then records, lines and skips are identical', () => {
    const whole = parseWhole(csvBytes);
    const plan = planIngest(csvBytes);
    const wholeSummary = mergeIngestSummaries(plan, [whole.result]);
    expect(whole.records.length).toBeGreaterThan(90);
    expect(wholeSummary.skipped.byReason).toEqual({ 'wrong number of columns': 5, 'no status or error': 4 });
    const multi = whole.records.find((r) => r.errorMessage?.startsWith('multi'));
    expect(multi?.errorMessage).toBe('multi\nline, with "quotes"\nerror');
    for (let seed = 1; seed <= 25; seed++) {
      const split = parseSplit(csvBytes, seed, 1 + seed * 40);
      expect(split.records).toEqual(whole.records);
      expect(mergeIngestSummaries(plan, split.parts)).toEqual(wholeSummary);
    }
  });

  it('when line numbers are checked, then a record after a multi-line record has the physical line number', () => {
    const bytes = enc('ts,status,error\n2026-01-05T00:00:00Z,500,"a\nb\nc"\n2026-01-05T00:00:01Z,200,\n');
    expect(parseWhole(bytes).records.map((r) => r.line)).toEqual([2, 5]);
  });

  it('when streaming ingest reads the same CSV in tiny chunks, then it matches the whole-buffer parse', async () => {
    const whole = parseWhole(csvBytes);
    for (const size of [1, 7, 64, 4096]) {
      const { records, summary } = await ingestText(csvBytes, {}, size);
      expect(records).toEqual(whole.records);
      expect(summary.skipped.total).toBe(whole.result.skipped.total);
    }
  });

  it('when NDJSON and nginx logs are split, then records and line numbers are identical', () => {
    const nd = Array.from({ length: 60 }, (_, i) =>
      i % 13 === 4
        ? '{"broken": '
        : JSON.stringify({
            ts: 1767621802 + i,
            url: `https://api.hubapi.com/crm/v3/objects/deals/${i}`,
            status: 200 + (i % 3) * 100,
          }),
    ).join('\n');
    const nginx = Array.from(
      { length: 60 },
      (_, i) =>
        `10.0.0.${i} - - [05/Jan/2026:14:03:${String(i % 60).padStart(2, '0')} +0000] "GET /orders/${i} HTTP/1.1" ${i % 7 === 0 ? 503 : 200} ${i * 10} "-" "agent" 0.${String(i).padStart(3, '0')}`,
    ).join('\n');
    for (const text of [nd, nginx]) {
      const bytes = enc(text);
      const whole = parseWhole(bytes);
      for (let seed = 1; seed <= 10; seed++) {
        const split = parseSplit(bytes, seed, 50 * seed);
        expect(split.records).toEqual(whole.records);
      }
    }
  });

  it('when a plan is for a JSON array or UTF-16, then it is not splittable', () => {
    expect(isSplittable(planIngest(enc('[{"status": 200}]')))).toBe(false);
    expect(
      isSplittable(
        planIngest(
          new Uint8Array([
            0xff, 0xfe, 0x73, 0, 0x74, 0, 0x61, 0, 0x74, 0, 0x75, 0, 0x73, 0, 0x0a, 0, 0x32, 0, 0x30, 0, 0x30, 0,
          ]),
        ),
      ),
    ).toBe(false);
  });

  it('when lastRecordBoundary meets an open quote, then it cuts before that record', () => {
    const plan = planIngest(enc('ts,status,error\n2026-01-05T00:00:00Z,200,x\n'));
    const buf = enc('2026-01-05T00:00:00Z,200,x\n2026-01-05T00:00:01Z,500,"open\nstill open');
    expect(lastRecordBoundary(buf, plan)).toBe('2026-01-05T00:00:00Z,200,x\n'.length);
  });
});
