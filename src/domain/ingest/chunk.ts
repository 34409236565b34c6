/**
 * Parsing whole records out of a chunk of bytes with a plan, and merging chunk results.
 */
import { parse as parseCsvSync } from 'csv-parse/sync';
import { UploadError } from '../errors.js';
import type { LogRecord } from '../records.js';
import { countNewlines, createTranscoder } from './bytes.js';
import { ByteCells, type Cells, ValueCells } from './cells.js';
import { scanCsvRecords } from './csv-scan.js';
import { CsvSpans, lineEnds } from './csv-spans.js';
import { compileGetters, JsonArraySplitter, parseAlbLine, parseNginxLine } from './formats.js';
import { addSkip, compileRowProcessor, emptySkipped, FIRST_SKIPPED_LIMIT, SKIP } from './rows.js';
import type { ChunkResult, IngestPlan, IngestSummary } from './types.js';

type Sink = (r: LogRecord) => void;

/**
 * Stateful record parser for one plan: `csv`/`lines` chunks (whole records) and streamed JSON text.
 * One instance per stream or worker, so caches and the reused LogRecord live across chunks.
 */
export class RecordParser {
  private readonly proc: ReturnType<typeof compileRowProcessor>;
  private readonly vals: unknown[];
  private readonly getters: ReturnType<typeof compileGetters>;
  private readonly decoder = new TextDecoder('utf-8');
  private splitter: JsonArraySplitter | null = null;
  private jsonIndex = 0;
  /** Cells of the current CSV record (reused) and the line the next record starts on. */
  private readonly fields: string[] = [];
  private csvLine = 0;
  private readonly valueCells: ValueCells;
  /** The byte-span reader and its cells, for CSV with a one-byte delimiter (null otherwise). */
  private readonly spans: CsvSpans | null;
  private readonly byteCells: ByteCells | null;
  result: ChunkResult = { rows: 0, records: 0, skipped: emptySkipped(), lines: 0 };

  constructor(
    private readonly plan: IngestPlan,
    private readonly sink: Sink,
  ) {
    this.proc = compileRowProcessor(plan);
    this.vals = new Array(plan.columns.length).fill('');
    this.valueCells = new ValueCells(this.vals);
    const fast = plan.container === 'csv' && CsvSpans.supports(plan.delimiter);
    this.spans = fast ? new CsvSpans(plan.delimiter) : null;
    this.byteCells = fast ? new ByteCells(plan.columns.length) : null;
    this.getters = plan.container === 'json' || plan.container === 'ndjson' ? compileGetters(plan.columns) : [];
  }

  /** Resets the counters (caches are kept) and returns the previous result. */
  take(): ChunkResult {
    const r = this.result;
    this.result = { rows: 0, records: 0, skipped: emptySkipped(), lines: 0 };
    return r;
  }

  private row(cells: Cells, line: number): void {
    const res = this.result;
    res.rows++;
    const reason = this.proc.process(cells, line);
    if (reason === null) {
      res.records++;
      this.sink(this.proc.rec);
    } else if (reason === SKIP.noStatus && cells.allEmpty()) {
      res.rows--; // ",,,,": a blank row, not a data row
    } else addSkip(res.skipped, line, reason, this.proc.detail());
  }

  /** Parses whole records of a CSV/NDJSON/log chunk whose first line is `firstLine`; returns its newline count. */
  parseRecords(chunk: Uint8Array, firstLine: number): number {
    if (chunk.length === 0) return 0;
    let newlines: number;
    if (this.plan.container === 'csv') newlines = this.parseCsv(chunk, firstLine);
    else {
      newlines = countNewlines(chunk);
      this.parseLines(chunk, firstLine);
    }
    this.result.lines += newlines;
    return newlines;
  }

  /** Returns the chunk's newline count. */
  private parseCsv(chunk: Uint8Array, firstLine: number): number {
    const whole = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.csvLine = firstLine;
    // Without a CR there are no line ends to check, and the span reader counts the lines as it goes.
    const lf = whole.indexOf(13) < 0;
    const all = lf ? -1 : countNewlines(whole);
    const fast = this.parseSpans(whole, lf ? 'lf' : lineEnds(whole, all));
    const fastLines = this.csvLine - firstLine;
    if (fast === whole.length) return lf ? fastLines - (whole[whole.length - 1] === 10 ? 0 : 1) : all;
    // The span reader stopped at the start of a record: every record before it ended with a newline.
    const buf = fast === 0 ? whole : whole.subarray(fast);
    const left = fast === 0 && all >= 0 ? all : countNewlines(buf);
    const done = scanCsvRecords(buf, this.plan.delimiter, left, this.fields, this.onCsvRecord);
    if (done < buf.length) {
      const rest = done === 0 ? buf : buf.subarray(done);
      this.parseCsvFull(rest, this.csvLine, done === 0 ? left : countNewlines(rest));
    }
    return fastLines + left;
  }

  /** Reads records as byte spans (csv-spans.ts) up to the first one it cannot take; returns where it stopped. */
  private parseSpans(buf: Buffer, ends: 'lf' | 'crlf' | null): number {
    const spans = this.spans;
    const cells = this.byteCells;
    if (spans === null || cells === null || ends === null) return 0;
    const crlf = ends === 'crlf';
    const n = buf.length;
    const width = this.plan.columns.length;
    cells.setBuffer(buf);
    let pos = 0;
    while (pos < n) {
      const next = spans.read(buf, pos, n, crlf);
      if (next < 0) break;
      const start = this.csvLine;
      this.csvLine = start + spans.inner + 1;
      pos = next;
      const len = spans.count;
      const lastEnd = spans.ends[len - 1] as number;
      // As in csvRecord: a CR ending the last cell is dropped (a quoted cell's own CR included).
      if (lastEnd > (spans.starts[len - 1] as number) && buf[lastEnd - 1] === 13) spans.ends[len - 1] = lastEnd - 1;
      if (len === 1 && spans.starts[0] === spans.ends[0]) continue; // blank line
      if (len !== width && !(len === width + 1 && spans.starts[width] === spans.ends[width])) {
        this.result.rows++;
        addSkip(this.result.skipped, start, SKIP.columnCount, `${SKIP.columnCount}: expected ${width}, found ${len}`);
        continue;
      }
      cells.starts = spans.starts;
      cells.ends = spans.ends;
      cells.escaped = spans.escaped;
      cells.count = spans.count;
      this.row(cells, start);
    }
    return pos;
  }

  /** One record from the fast reader: `inner` newlines inside quoted cells. */
  private readonly onCsvRecord = (rec: string[], len: number, inner: number): void => {
    const start = this.csvLine;
    this.csvLine = start + inner + 1;
    this.csvRecord(rec, len, start);
  };

  private csvRecord(rec: string[], len: number, start: number): void {
    const last = rec[len - 1] as string;
    if (last.length > 0 && last.charCodeAt(last.length - 1) === 13) rec[len - 1] = last.slice(0, -1);
    if (len === 1 && (rec[0] as string).length === 0) return; // blank line
    // A trailing delimiter on data rows ("a,b,c,") adds one empty field: harmless.
    const width = this.plan.columns.length;
    if (len !== width && !(len === width + 1 && rec[width] === '')) {
      this.result.rows++;
      addSkip(this.result.skipped, start, SKIP.columnCount, `${SKIP.columnCount}: expected ${width}, found ${len}`);
      return;
    }
    this.valueCells.vals = rec;
    this.row(this.valueCells, start);
  }

  /** csv-parse over whole records: for everything the fast reader does not take. */
  private parseCsvFull(buf: Buffer, firstLine: number, newlines: number): void {
    const skipped = this.result.skipped;
    const errors: { line: number; message: string }[] = [];
    const records = parseCsvSync(buf, {
      delimiter: this.plan.delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_records_with_error: true,
      on_skip: (err) => {
        const e = err as { lines?: number; message?: string } | undefined;
        errors.push({ line: firstLine - 1 + (e?.lines ?? 1), message: e?.message ?? 'malformed CSV' });
        return undefined;
      },
    }) as string[][];
    const n = records.length;
    // Only when some record spans several lines (quoted newlines) do fields need scanning for '\n'.
    let nl = newlines;
    if (buf[buf.length - 1] !== 10) nl++;
    const multiline = nl !== n + errors.length;
    let line = firstLine;
    for (let i = 0; i < n; i++) {
      const rec = records[i] as string[];
      const len = rec.length;
      const start = line;
      if (multiline) {
        for (let k = 0; k < len; k++) {
          const f = rec[k] as string;
          if (f.indexOf('\n') >= 0) line += f.split('\n').length - 1;
        }
      }
      line++;
      this.csvRecord(rec, len, start);
    }
    for (const e of errors) {
      this.result.rows++;
      addSkip(skipped, e.line, SKIP.csvError, `${SKIP.csvError}: ${e.message}`);
    }
  }

  private parseLines(chunk: Uint8Array, firstLine: number): void {
    const text = this.decoder.decode(chunk);
    const c = this.plan.container;
    const vals = this.vals;
    const getters = this.getters;
    const g = getters.length;
    let pos = 0;
    let line = firstLine;
    const n = text.length;
    while (pos < n) {
      let end = text.indexOf('\n', pos);
      if (end < 0) end = n;
      let stop = end;
      if (stop > pos && text.charCodeAt(stop - 1) === 13) stop--;
      const s = text.slice(pos, stop);
      pos = end + 1;
      const ln = line++;
      if (s.length === 0 || s.trim().length === 0) continue;
      if (c === 'ndjson') {
        let obj: unknown;
        try {
          obj = JSON.parse(s);
        } catch {
          this.result.rows++;
          addSkip(this.result.skipped, ln, SKIP.invalidJson, `${SKIP.invalidJson}: ${s.slice(0, 40)}`);
          continue;
        }
        if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
          this.result.rows++;
          addSkip(this.result.skipped, ln, SKIP.notObject);
          continue;
        }
        for (let k = 0; k < g; k++)
          vals[k] = (getters[k] as (o: Record<string, unknown>) => unknown)(obj as Record<string, unknown>);
        this.valueCells.vals = vals;
        this.row(this.valueCells, ln);
      } else {
        const ok = c === 'alb' ? parseAlbLine(s, vals) : parseNginxLine(s, vals);
        if (!ok) {
          this.result.rows++;
          addSkip(this.result.skipped, ln, SKIP.unparsableLine, `${SKIP.unparsableLine} (${c}): ${s.slice(0, 40)}`);
          continue;
        }
        this.valueCells.vals = vals;
        this.row(this.valueCells, ln);
      }
    }
  }

  /** Feeds JSON text (a JSON array or object-wrapped array, streamed in pieces). Line = element index + 1. */
  pushJsonText(text: string): void {
    if (this.splitter === null) this.splitter = new JsonArraySplitter(this.plan.jsonKey);
    const getters = this.getters;
    const g = getters.length;
    const vals = this.vals;
    try {
      this.splitter.push(text, (el) => {
        const ln = ++this.jsonIndex;
        let obj: unknown;
        try {
          obj = JSON.parse(el);
        } catch {
          this.result.rows++;
          addSkip(this.result.skipped, ln, SKIP.invalidJson, `${SKIP.invalidJson}: ${el.trim().slice(0, 40)}`);
          return;
        }
        if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
          this.result.rows++;
          addSkip(this.result.skipped, ln, SKIP.notObject);
          return;
        }
        for (let k = 0; k < g; k++)
          vals[k] = (getters[k] as (o: Record<string, unknown>) => unknown)(obj as Record<string, unknown>);
        this.valueCells.vals = vals;
        this.row(this.valueCells, ln);
      });
    } catch {
      throw new UploadError('upload.malformed', 'The file is not valid JSON: expected an array of records.', {
        file: this.plan.fileName ?? undefined,
      });
    }
  }
}

/**
 * Parses whole records from a chunk and passes each usable one to `sink` (the same mutable LogRecord
 * object each time: copy what you keep).
 * For splittable plans the chunk must start at a record boundary after the header (`dataStart`) and
 * `firstLine` is the 1-based line number of its first line. For JSON and UTF-16 plans, pass the whole
 * file (firstLine is ignored). Returns counts and skipped rows, to merge with {@link mergeIngestSummaries}.
 * @example parseChunk(plan, bytes.subarray(dataStart(plan)), plan.dataLine, (r) => out.push({ ...r }))
 */
export function parseChunk(plan: IngestPlan, chunk: Uint8Array, firstLine: number, sink: Sink): ChunkResult {
  let p = plan;
  let bytes = chunk;
  if (plan.encoding !== 'utf-8') {
    bytes = createTranscoder(plan.encoding)(chunk, true);
    p = { ...plan, encoding: 'utf-8' };
    if (p.container !== 'json') {
      const parser = new RecordParser(p, sink);
      parser.parseRecords(bytes.subarray(p.headerBytes), p.dataLine);
      return parser.take();
    }
  }
  const parser = new RecordParser(p, sink);
  if (p.container === 'json') {
    const text = new TextDecoder('utf-8').decode(bytes);
    parser.pushJsonText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } else parser.parseRecords(bytes, firstLine);
  return parser.take();
}

/**
 * Merges chunk results into the summary of the whole file: counts add up, the first 20 skipped rows are
 * kept in line order.
 * @throws UploadError 'upload.no_usable_rows' when no record was usable (the message gives the most common
 *   skip reason and its first line, and the headers found).
 */
export function mergeIngestSummaries(plan: IngestPlan, parts: ChunkResult[]): IngestSummary {
  const skipped = emptySkipped();
  let rows = 0;
  let records = 0;
  const first: { line: number; reason: string }[] = [];
  for (const part of parts) {
    rows += part.rows;
    records += part.records;
    skipped.total += part.skipped.total;
    for (const [k, v] of Object.entries(part.skipped.byReason)) skipped.byReason[k] = (skipped.byReason[k] ?? 0) + v;
    first.push(...part.skipped.first);
  }
  first.sort((a, b) => a.line - b.line);
  skipped.first = first.slice(0, FIRST_SKIPPED_LIMIT);
  const notes = [...plan.notes];
  if (skipped.total > 0) {
    const parts2 = Object.entries(skipped.byReason)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${v} ${k}`);
    notes.push(`Skipped ${skipped.total} of ${rows} rows (${parts2.join('; ')}).`);
  }
  const file = plan.fileName ? `"${plan.fileName}"` : 'The file';
  if (rows === 0) {
    throw new UploadError(
      'upload.no_usable_rows',
      `${file} has no data rows${plan.hasHeader ? ' after the header' : ''}.`,
      {
        file: plan.fileName ?? undefined,
        headersFound: plan.columns,
      },
    );
  }
  if (records === 0) {
    const [topReason, topCount] = Object.entries(skipped.byReason).sort((a, b) => b[1] - a[1])[0] ?? ['unknown', 0];
    const firstOne = skipped.first[0];
    throw new UploadError(
      'upload.no_usable_rows',
      `No usable rows in ${file === 'The file' ? 'the file' : file}: all ${rows} rows were skipped ` +
        `(${topCount} × ${topReason}${firstOne ? `, first at line ${firstOne.line}: ${firstOne.reason}` : ''}). ` +
        `Headers found: ${plan.columns.slice(0, 40).join(', ')}.`,
      { file: plan.fileName ?? undefined, line: firstOne?.line, headersFound: plan.columns },
    );
  }
  return { format: plan.format, mapping: { ...plan.mapping }, notes, rows, records, skipped };
}
