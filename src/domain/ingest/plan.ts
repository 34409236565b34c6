/**
 * Format detection and the column plan, from the first bytes of a file.
 */
import { parse as parseCsvSync } from 'csv-parse/sync';
import { UploadError } from '../errors.js';
import { bomLength, countNewlines, detectEncoding, lastNewlineBoundary } from './bytes.js';
import { FIELD_ALIASES, latencyFromHeader, normalizeHeader, planColumns } from './columns.js';
import {
  ALB_COLUMNS,
  ALB_FIELDS,
  collectKeys,
  compileGetters,
  fixedJsonFields,
  JsonArraySplitter,
  knownJsonKeys,
  looksAlb,
  looksApiGateway,
  looksKong,
  looksNginx,
  NGINX_COLUMNS,
  NGINX_FIELDS,
  parseAlbLine,
  parseNginxLine,
} from './formats.js';
import type { IngestContainer, IngestFormat, IngestOptions, IngestPlan } from './types.js';
import { isNumeric, parseIsoTimestamp } from './values.js';

/** How many sample records drive column inference. */
const SAMPLE_ROWS = 200;
/** Suggested head size for {@link planIngest}. */
export const HEAD_BYTES = 256 * 1024;

const STATUS_EXPECTED = ['status', 'status_code', 'http_status', 'response_code', 'code', 'result', 'outcome'];

function fileLabel(opts?: IngestOptions): string {
  return opts?.fileName ? `"${opts.fileName}"` : 'The file';
}

/** Delimiter with the most consistent, non-zero count per line over the first lines (comma, semicolon, tab, pipe). */
export function sniffDelimiter(lines: string[]): string {
  const candidates = [',', '\t', ';', '|'];
  let best = ',';
  let bestScore = -1;
  for (const d of candidates) {
    const counts = lines.map((l) => {
      let n = 0;
      let inQ = false;
      for (let i = 0; i < l.length; i++) {
        const ch = l[i];
        if (ch === '"') inQ = !inQ;
        else if (ch === d && !inQ) n++;
      }
      return n;
    });
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    const consistent = counts.filter((c) => c === first).length / counts.length;
    const score = consistent * 1000 + first;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

function looksLikeDataCell(v: string): boolean {
  const s = v.trim();
  if (s === '') return false;
  if (isNumeric(s)) return true;
  if (!Number.isNaN(parseIsoTimestamp(s))) return true;
  if (s.startsWith('/') || /^https?:\/\//i.test(s)) return true;
  return false;
}

const ALL_ALIASES = new Set(Object.values(FIELD_ALIASES).flat());

function isHeaderRow(cells: string[]): boolean {
  if (cells.some((c) => ALL_ALIASES.has(normalizeHeader(c)) || latencyFromHeader(normalizeHeader(c)) !== null))
    return true;
  return !cells.some(looksLikeDataCell);
}

/** Byte index just after the first record's newline (quotes respected), or the buffer length. */
function firstRecordEnd(buf: Uint8Array, start: number): number {
  let inQ = false;
  for (let i = start; i < buf.length; i++) {
    const b = buf[i];
    if (b === 34) inQ = !inQ;
    else if (b === 10 && !inQ) return i + 1;
  }
  return buf.length;
}

function emptyFile(opts?: IngestOptions): UploadError {
  return new UploadError('upload.empty', `${fileLabel(opts)} is empty: there are no log rows to read.`, {
    file: opts?.fileName,
  });
}

function basePlan(opts: IngestOptions | undefined, format: IngestFormat, container: IngestContainer): IngestPlan {
  return {
    format,
    container,
    encoding: 'utf-8',
    fileName: opts?.fileName ?? null,
    delimiter: ',',
    hasHeader: false,
    headerBytes: 0,
    dataLine: 1,
    columns: [],
    jsonKey: null,
    cols: {} as IngestPlan['cols'],
    latencyFactor: 1,
    dayFirst: false,
    webhookHint: false,
    defaultCustomer: opts?.defaultCustomer ?? null,
    defaultIntegration: opts?.defaultIntegration?.trim() || 'Custom API',
    mapping: {},
    notes: [],
  };
}

function applyColumns(
  plan: IngestPlan,
  samples: unknown[][],
  fixed?: Parameters<typeof planColumns>[2],
  factor?: number,
): void {
  const cp = planColumns(plan.columns, samples, fixed, factor);
  plan.cols = cp.cols;
  plan.latencyFactor = cp.latencyFactor;
  plan.dayFirst = cp.dayFirst;
  plan.webhookHint = cp.webhookHint;
  plan.mapping = cp.mapping;
  plan.notes.push(...cp.notes);
  const c = cp.cols;
  if (c.status < 0 && c.errorCode < 0 && c.errorMessage < 0 && c.error < 0 && c.message < 0 && c.level < 0) {
    const found = plan.columns.slice(0, 40);
    throw new UploadError(
      'upload.missing_column',
      `No status or error column found in ${plan.fileName ? `"${plan.fileName}"` : 'the file'}. ` +
        `Headers found: ${found.join(', ')}${plan.columns.length > 40 ? ', …' : ''}. ` +
        `Expected one of: ${STATUS_EXPECTED.join(', ')} (or an error/error_code column).`,
      {
        file: plan.fileName ?? undefined,
        field: 'status',
        expected: STATUS_EXPECTED.join(', '),
        headersFound: plan.columns,
      },
    );
  }
  if (c.customer < 0) {
    plan.mapping.customer = plan.defaultCustomer === null ? '(none)' : `(default: ${plan.defaultCustomer})`;
  }
  if (c.integration < 0) {
    plan.mapping.integration = `(from host/path, else default: ${plan.defaultIntegration})`;
  }
}

/**
 * Decides format, encoding and column plan from the first bytes of a file (e.g. the first 256 KiB, or the
 * whole file if smaller). Detection is by content: JSON array, JSON object wrapping an array (the largest
 * array-valued key), NDJSON, AWS ALB and nginx access logs, API Gateway and Kong JSON logs, else CSV with a
 * sniffed delimiter (comma, semicolon, tab, pipe). The result is plain data, safe to post to workers.
 * @throws UploadError 'upload.empty' (nothing but whitespace), 'upload.unsupported_format' (binary, images,
 *   archives), 'upload.missing_column' (no status or error column; the message lists the headers found and
 *   the names expected), 'upload.malformed' (JSON that is neither an array nor an object holding one).
 * @example planIngest(new TextEncoder().encode('ts,status\n2026-01-05T14:03:22Z,200\n')).format // 'csv'
 */
export function planIngest(head: Uint8Array, opts?: IngestOptions): IngestPlan {
  if (head.length === 0) throw emptyFile(opts);
  const encoding = detectEncoding(head, opts?.fileName);
  let bytes = head;
  if (encoding !== 'utf-8') {
    const text = new TextDecoder(encoding).decode(head);
    bytes = new TextEncoder().encode(text);
  }
  const bom = bomLength(bytes);
  const text = new TextDecoder('utf-8').decode(bytes.subarray(bom));
  let p = 0;
  while (p < text.length && text.charCodeAt(p) <= 32) p++;
  if (p >= text.length) throw emptyFile(opts);

  const plan = planText(text, bytes, bom, p, head.length < HEAD_BYTES, opts);
  if (plan.container !== 'csv' && plan.container !== 'json') plan.headerBytes = bom;
  plan.encoding = encoding;
  if (encoding !== 'utf-8') plan.notes.unshift(`File is ${encoding.toUpperCase()} encoded; converted to UTF-8.`);
  if (text.includes('\uFFFD')) plan.notes.push('Some bytes are not valid UTF-8; they were replaced with �.');
  return plan;
}

function planText(
  text: string,
  bytes: Uint8Array,
  bom: number,
  p: number,
  whole: boolean,
  opts?: IngestOptions,
): IngestPlan {
  const c0 = text[p];
  if (c0 === '[') return planJson(text, null, opts);
  if (c0 === '{') {
    const nl = text.indexOf('\n', p);
    const firstLine = text.slice(p, nl < 0 ? text.length : nl).trim();
    let first: unknown;
    try {
      first = JSON.parse(firstLine);
    } catch {
      first = undefined;
    }
    if (first !== undefined && first !== null && typeof first === 'object') {
      const rest = nl < 0 ? '' : text.slice(nl + 1).trimStart();
      if (rest.startsWith('{')) return planNdjson(text, whole, opts);
      const arrays = Object.entries(first as Record<string, unknown>).filter(
        ([, v]) => Array.isArray(v) && v.some((e) => e !== null && typeof e === 'object' && !Array.isArray(e)),
      );
      if (arrays.length > 0) return planJson(text, first as Record<string, unknown>, opts);
      return planNdjson(text, whole, opts);
    }
    return planJson(text, null, opts);
  }
  const nl = text.indexOf('\n', p);
  const firstLine = text.slice(p, nl < 0 ? text.length : nl).replace(/\r$/, '');
  if (looksAlb(firstLine)) return planLines(text, 'alb', whole, opts);
  if (looksNginx(firstLine)) return planLines(text, 'nginx', whole, opts);
  return planCsv(text, bytes, bom, whole, opts);
}

/** Lines of the head; the last one is dropped when it may be cut (head smaller than HEAD_BYTES is the whole file). */
function completeLines(text: string, whole: boolean): string[] {
  const lines = text.split('\n');
  if (!whole && !text.endsWith('\n') && lines.length > 1) lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)).filter((l) => l.trim() !== '');
}

function planLines(text: string, format: 'nginx' | 'alb', whole: boolean, opts?: IngestOptions): IngestPlan {
  const plan = basePlan(opts, format, format);
  plan.columns = format === 'alb' ? ALB_COLUMNS : NGINX_COLUMNS;
  const samples: unknown[][] = [];
  for (const line of completeLines(text, whole).slice(0, SAMPLE_ROWS)) {
    const out: unknown[] = new Array(plan.columns.length).fill('');
    if (format === 'alb' ? parseAlbLine(line, out) : parseNginxLine(line, out)) samples.push(out);
  }
  if (format === 'alb') {
    applyColumns(plan, samples, ALB_FIELDS, 1);
    plan.mapping.latencyMs =
      'request_processing_time + target_processing_time + response_processing_time (seconds → ms)';
    plan.mapping.status = 'elb_status_code';
  } else {
    applyColumns(plan, samples, NGINX_FIELDS, 1000);
    const hasTime = samples.some((s) => s[4] !== '');
    plan.mapping.latencyMs = hasTime ? 'request_time (seconds → ms)' : '(not in this log format)';
    if (!hasTime) plan.notes.push('nginx combined format has no $request_time; latency is unknown.');
    plan.mapping.endpoint = 'request (method and path)';
  }
  return plan;
}

function jsonRows(objects: unknown[], plan: IngestPlan, opts?: IngestOptions): unknown[][] {
  const objs = objects.filter(
    (o): o is Record<string, unknown> => o !== null && typeof o === 'object' && !Array.isArray(o),
  );
  if (objs.length === 0) {
    throw new UploadError(
      'upload.no_usable_rows',
      `${fileLabel(opts)} is JSON, but its records are not objects with named fields.`,
      { file: opts?.fileName, expected: 'an array of objects such as {"timestamp": …, "status": 200, …}' },
    );
  }
  const keys = new Set<string>();
  for (const o of objs) collectKeys(o, '', keys);
  plan.columns = [...keys].slice(0, 300);
  let fixed: Parameters<typeof planColumns>[2];
  const known = looksKong(keys) ? 'kong' : looksApiGateway(keys) ? 'apigateway' : null;
  if (known !== null) {
    plan.format = known;
    // Optional keys (errorMessage…) may first appear after the sample: read them if they ever do.
    for (const k of knownJsonKeys(known)) if (!plan.columns.includes(k)) plan.columns.push(k);
    fixed = fixedJsonFields(known, plan.columns);
  }
  const getters = compileGetters(plan.columns);
  const rows = objs.map((o) => getters.map((g) => g(o)));
  applyColumns(plan, rows, fixed, fixed === undefined ? undefined : 1);
  return rows;
}

function planNdjson(text: string, whole: boolean, opts?: IngestOptions): IngestPlan {
  const plan = basePlan(opts, 'ndjson', 'ndjson');
  const objects: unknown[] = [];
  for (const line of completeLines(text, whole)) {
    if (objects.length >= SAMPLE_ROWS) break;
    try {
      objects.push(JSON.parse(line));
    } catch {
      // Invalid lines are counted when the file is parsed.
    }
  }
  jsonRows(objects, plan, opts);
  return plan;
}

/** Top-level arrays of a (possibly truncated) JSON object: key, element count, whether closed in this text. */
function scanTopLevelArrays(text: string): { key: string; count: number; closed: boolean }[] {
  const out: { key: string; count: number; closed: boolean }[] = [];
  let depth = 0;
  let inStr = false;
  let strStart = 0;
  let lastStr = '';
  let key = '';
  let cur: { key: string; count: number; closed: boolean } | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inStr) {
      if (c === '\\') i++;
      else if (c === '"') {
        inStr = false;
        if (depth === 1) lastStr = text.slice(strStart, i);
      }
      continue;
    }
    if (c === '"') {
      inStr = true;
      strStart = i + 1;
    } else if (c === ':' && depth === 1) key = lastStr;
    else if (c === '[' || c === '{') {
      if (c === '[' && depth === 1) {
        cur = { key, count: 0, closed: false };
        out.push(cur);
      } else if (depth === 2 && cur !== null && cur.count === 0) cur.count = 1;
      depth++;
    } else if (c === ']' || c === '}') {
      depth--;
      if (depth === 1 && c === ']' && cur !== null) {
        cur.closed = true;
        cur = null;
      }
    } else if (c === ',' && depth === 2 && cur !== null) cur.count++;
    else if (depth === 2 && cur !== null && cur.count === 0 && c !== undefined && c > ' ') cur.count = 1;
  }
  return out;
}

const PREFERRED_KEYS = ['data', 'logs', 'records', 'items', 'events', 'results', 'rows', 'entries', 'requests', 'hits'];

function planJson(text: string, firstObject: Record<string, unknown> | null, opts?: IngestOptions): IngestPlan {
  const plan = basePlan(opts, 'json', 'json');
  let whole: unknown;
  let parsed = false;
  if (firstObject !== null) {
    whole = firstObject;
    parsed = true;
  } else {
    try {
      whole = JSON.parse(text);
      parsed = true;
    } catch {
      parsed = false;
    }
  }
  let samples: unknown[] = [];
  if (parsed && Array.isArray(whole)) {
    samples = whole.slice(0, SAMPLE_ROWS);
  } else if (parsed && whole !== null && typeof whole === 'object') {
    const entries = Object.entries(whole as Record<string, unknown>).filter(([, v]) => Array.isArray(v)) as [
      string,
      unknown[],
    ][];
    if (entries.length === 0) throw notRecords(opts);
    entries.sort((a, b) => b[1].length - a[1].length || rank(a[0]) - rank(b[0]));
    const [key, arr] = entries[0] as [string, unknown[]];
    plan.jsonKey = key;
    samples = arr.slice(0, SAMPLE_ROWS);
  } else if (parsed) {
    throw notRecords(opts);
  } else {
    const start = text.search(/\S/);
    if (text[start] === '{') {
      const arrays = scanTopLevelArrays(text);
      const open = arrays.find((a) => !a.closed);
      const pick = open ?? [...arrays].sort((a, b) => b.count - a.count)[0];
      if (pick === undefined) throw notRecords(opts);
      plan.jsonKey = pick.key;
    }
    const splitter = new JsonArraySplitter(plan.jsonKey);
    try {
      splitter.push(text, (el) => {
        if (samples.length < SAMPLE_ROWS) {
          try {
            samples.push(JSON.parse(el));
          } catch {
            // counted later
          }
        }
      });
    } catch {
      throw notRecords(opts);
    }
  }
  if (plan.jsonKey !== null) plan.notes.push(`Records read from the "${plan.jsonKey}" array of the JSON object.`);
  if (samples.length === 0) {
    throw new UploadError(
      'upload.no_usable_rows',
      `${fileLabel(opts)} is JSON but holds no records (the array is empty).`,
      {
        file: opts?.fileName,
      },
    );
  }
  jsonRows(samples, plan, opts);
  return plan;
}

function rank(key: string): number {
  const i = PREFERRED_KEYS.indexOf(key.toLowerCase());
  return i < 0 ? 99 : i;
}

function notRecords(opts?: IngestOptions): UploadError {
  return new UploadError(
    'upload.malformed',
    `${fileLabel(opts)} is JSON but not a list of records: expected an array, or an object with an array (e.g. {"data": [...]}).`,
    { file: opts?.fileName, expected: 'a JSON array of objects' },
  );
}

function planCsv(text: string, bytes: Uint8Array, bom: number, whole: boolean, opts?: IngestOptions): IngestPlan {
  const plan = basePlan(opts, 'csv', 'csv');
  const lines = completeLines(text, whole).slice(0, 20);
  plan.delimiter = sniffDelimiter(lines.length > 0 ? lines : [text]);
  const end = whole ? bytes.length : lastNewlineBoundary(bytes, true) || bytes.length;
  let records: string[][] = [];
  try {
    records = parseCsvSync(Buffer.from(bytes.buffer, bytes.byteOffset + bom, end - bom), {
      delimiter: plan.delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_records_with_error: true,
      skip_empty_lines: true,
      to: SAMPLE_ROWS + 1,
    }) as string[][];
  } catch {
    records = [];
  }
  records = records.map((r) => r.map((c) => (c.endsWith('\r') ? c.slice(0, -1) : c)));
  const header = records[0];
  if (header === undefined) throw emptyFile(opts);
  const hasHeader = isHeaderRow(header);
  plan.hasHeader = hasHeader;
  if (hasHeader) {
    plan.columns = header.map((h, i) => h.trim() || `column ${i + 1}`);
    let start = bom;
    // Skip blank lines before the header, then the header record itself.
    while (start < bytes.length && (bytes[start] === 10 || bytes[start] === 13 || bytes[start] === 32)) start++;
    plan.headerBytes = firstRecordEnd(bytes, start);
    plan.dataLine = countNewlines(bytes, 0, plan.headerBytes) + 1;
  } else {
    plan.columns = header.map((_, i) => `column ${i + 1}`);
    plan.headerBytes = bom;
    plan.notes.push('The first row looks like data, not a header; columns were identified from their values.');
  }
  const width = plan.columns.length;
  const samples = (hasHeader ? records.slice(1) : records).filter((r) => r.length === width);
  if (plan.delimiter !== ',') {
    plan.notes.push(`Delimiter: ${plan.delimiter === '\t' ? 'tab' : `"${plan.delimiter}"`}.`);
  }
  applyColumns(plan, samples);
  return plan;
}

/** Whether the plan's format can be split at record boundaries (CSV, NDJSON, nginx, ALB in UTF-8: yes; JSON arrays/objects and UTF-16: no). */
export function isSplittable(plan: IngestPlan): boolean {
  return plan.container !== 'json' && plan.encoding === 'utf-8';
}

/**
 * Byte index just after the last complete record's terminating '\n' in a buffer that starts at a record
 * boundary (0 if none). CSV respects quotes: a newline inside "…" is not a boundary.
 */
export function lastRecordBoundary(buf: Uint8Array, plan: IngestPlan): number {
  return lastNewlineBoundary(buf, plan.container === 'csv');
}

/** Bytes before the first data record (BOM and header line(s)), where splitting starts. 0 for JSON. */
export function dataStart(plan: IngestPlan): number {
  return plan.headerBytes;
}
