/**
 * Single-threaded streaming ingest: plan from the head, then parse chunk by chunk at record boundaries
 * (CSV, NDJSON, access logs) or element by element (JSON), carrying partial records across chunks.
 */
import { UploadError } from '../errors.js';
import type { LogRecord } from '../records.js';
import { createTranscoder } from './bytes.js';
import { mergeIngestSummaries, RecordParser } from './chunk.js';
import { HEAD_BYTES, lastRecordBoundary, planIngest } from './plan.js';
import type { IngestOptions, IngestPlan, IngestSummary } from './types.js';

/** Bytes gathered before each parse call: big enough to amortise csv-parse's per-call setup. */
const PARSE_BYTES = 1 << 20;

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Reads an uploaded log export of any supported format (CSV, JSON array or object-wrapped array, NDJSON,
 * nginx combined, AWS ALB, API Gateway JSON, Kong http-log; UTF-8 or UTF-16) and calls `sink` once per
 * usable record — the SAME mutable LogRecord object each time, so the sink copies what it keeps.
 * Unusable rows are skipped and counted with line numbers and reasons in the summary.
 * @throws UploadError 'upload.empty', 'upload.unsupported_format', 'upload.missing_column',
 *   'upload.no_usable_rows', 'upload.malformed'; never another error for bad input.
 * @example
 * const kept: LogRecord[] = [];
 * const summary = await ingest(fileChunks, (r) => kept.push({ ...r }), { fileName: 'calls.csv' });
 * // summary.format === 'csv', summary.records === kept.length
 */
export async function ingest(
  chunks: AsyncIterable<Uint8Array>,
  sink: (r: LogRecord) => void,
  opts: IngestOptions = {},
): Promise<IngestSummary> {
  const it = chunks[Symbol.asyncIterator]();
  const headParts: Uint8Array[] = [];
  let headLen = 0;
  let ended = false;
  while (headLen < HEAD_BYTES) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    headParts.push(r.value);
    headLen += r.value.length;
  }
  const head = concat(headParts, headLen);
  let format = 'a log export';
  try {
    const plan = planIngest(head, opts);
    format = plan.format.toUpperCase();
    return await run(plan, head, ended ? null : it, sink, opts);
  } catch (err) {
    if (err instanceof UploadError) throw err;
    // Bad input must surface as a specific message, never as a stack trace.
    throw new UploadError(
      'upload.malformed',
      `${opts.fileName ? `"${opts.fileName}"` : 'The file'} could not be read as ${format}: ${(err as Error).message}`,
      { file: opts.fileName },
    );
  }
}

async function* utf8Chunks(
  plan: IngestPlan,
  head: Uint8Array,
  rest: AsyncIterator<Uint8Array> | null,
): AsyncGenerator<Uint8Array> {
  const tr = plan.encoding === 'utf-8' ? null : createTranscoder(plan.encoding);
  yield tr === null ? head : tr(head, false);
  if (rest !== null) {
    for (;;) {
      const r = await rest.next();
      if (r.done) break;
      yield tr === null ? r.value : tr(r.value, false);
    }
  }
  if (tr !== null) yield tr(new Uint8Array(0), true);
}

async function run(
  rawPlan: IngestPlan,
  head: Uint8Array,
  rest: AsyncIterator<Uint8Array> | null,
  sink: (r: LogRecord) => void,
  opts: IngestOptions,
): Promise<IngestSummary> {
  const plan: IngestPlan = { ...rawPlan, encoding: 'utf-8' };
  const parser = new RecordParser(plan, sink);
  const progress = opts.onProgress;
  const source = utf8Chunks(rawPlan, head, rest);

  if (plan.container === 'json') {
    const dec = new TextDecoder('utf-8');
    for await (const chunk of source) {
      parser.pushJsonText(dec.decode(chunk, { stream: true }));
      progress?.(parser.result.rows);
    }
    parser.pushJsonText(dec.decode());
    return mergeIngestSummaries(rawPlan, [parser.take()]);
  }

  let skip = plan.headerBytes;
  let line = plan.dataLine;
  let parts: Uint8Array[] = [];
  let pending = 0;
  const flush = (final: boolean): void => {
    const buf = concat(parts, pending);
    const cut = final ? buf.length : lastRecordBoundary(buf, plan);
    if (cut === 0) return;
    const piece = buf.subarray(0, cut);
    line += parser.parseRecords(piece, line);
    const restBuf = buf.subarray(cut);
    parts = restBuf.length > 0 ? [restBuf] : [];
    pending = restBuf.length;
    progress?.(parser.result.rows);
  };
  for await (let chunk of source) {
    if (skip > 0) {
      const s = Math.min(skip, chunk.length);
      chunk = chunk.subarray(s);
      skip -= s;
    }
    if (chunk.length === 0) continue;
    parts.push(chunk);
    pending += chunk.length;
    if (pending >= PARSE_BYTES) flush(false);
  }
  if (pending > 0) flush(true);
  return mergeIngestSummaries(rawPlan, [parser.take()]);
}
