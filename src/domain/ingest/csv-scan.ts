/**
 * A fast CSV record reader for the common case, used before csv-parse (which stays the parser for
 * everything else). Record ends are found with native byte searches; each record is decoded to one
 * string of its own (so cell strings never pin a whole chunk's text in memory) and split with
 * `indexOf`. It reads exactly what csv-parse reads with our options (`relax_column_count`,
 * `relax_quotes`, `skip_records_with_error`) for: '\n' or all-'\r\n' line ends, unquoted cells without
 * quotes, and cells quoted from their first character ("" as an escaped quote, delimiters and newlines
 * inside). At the first record outside that subset it stops, and the caller hands the rest to csv-parse.
 */

const NL = 10;
const CR = 13;
const QUOTE = 34;

/**
 * Reads whole records from `buf` (starting at a record boundary) and calls `onRecord(fields, count,
 * innerNewlines)` for each: `fields[0 … count-1]` are the cells as csv-parse returns them (the array is
 * reused and its length set to `count`), `innerNewlines` the '\n' bytes inside quoted cells.
 * `newlines` is the number of '\n' bytes in `buf`.
 * Returns the byte offset where reading stopped: `buf.length` when every record was read, else the start
 * of the first record that needs csv-parse (0 for a chunk with bare '\r' or mixed line ends, or a
 * delimiter longer than one character). Records before that offset were already reported.
 * @example scanCsvRecords(Buffer.from('a,"b,c"\n'), ',', 1, [], (f, n) => f.slice(0, n)) // reports ['a', 'b,c']; returns 8
 */
export function scanCsvRecords(
  buf: Buffer,
  delimiter: string,
  newlines: number,
  fields: string[],
  onRecord: (fields: string[], count: number, innerNewlines: number) => void,
): number {
  const n = buf.length;
  if (delimiter.length !== 1) return 0;
  const d = delimiter.charCodeAt(0);
  if (d === QUOTE || d === NL || d === CR) return 0;
  // csv-parse takes the first line end it meets as the record delimiter: only '\n' everywhere or
  // '\r\n' everywhere is read the same way by both.
  let crlf = false;
  let cr = buf.indexOf(CR);
  if (cr >= 0) {
    let crs = 0;
    while (cr >= 0) {
      if (buf[cr + 1] !== NL) return 0;
      crs++;
      cr = buf.indexOf(CR, cr + 2);
    }
    if (crs !== newlines) return 0;
    crlf = true;
  }
  let pos = 0;
  let q = buf.indexOf(QUOTE);
  while (pos < n) {
    const nl = buf.indexOf(NL, pos);
    let end = nl < 0 ? n : nl;
    if (q >= 0 && q < pos) q = buf.indexOf(QUOTE, pos);
    if (q < 0 || q >= end) {
      const stop = crlf && nl >= 0 ? end - 1 : end;
      splitPlain(buf.toString('utf8', pos, stop), d, fields);
      onRecord(fields, fields.length, 0);
      pos = end + 1;
      continue;
    }
    // A quote on this line: find the record's end, jumping from quote to quote.
    let open = q;
    for (;;) {
      let close = buf.indexOf(QUOTE, open + 1);
      while (close >= 0 && buf[close + 1] === QUOTE) close = buf.indexOf(QUOTE, close + 2);
      if (close < 0) return pos; // unclosed quote: csv-parse reports it
      const nextNl = buf.indexOf(NL, close + 1);
      end = nextNl < 0 ? n : nextNl;
      open = buf.indexOf(QUOTE, close + 1);
      if (open < 0 || open >= end) break;
    }
    q = open;
    const stop = crlf && end < n ? end - 1 : end;
    if (!splitQuoted(buf.toString('utf8', pos, stop), delimiter, d, fields)) return pos;
    onRecord(fields, fields.length, countNl(buf, pos, end));
    pos = end + 1;
  }
  return n;
}

function countNl(buf: Buffer, from: number, to: number): number {
  let k = 0;
  for (let i = buf.indexOf(NL, from); i >= 0 && i < to; i = buf.indexOf(NL, i + 1)) k++;
  return k;
}

/** Splits a record without quotes at every delimiter. */
function splitPlain(s: string, d: number, fields: string[]): void {
  const delim = String.fromCharCode(d);
  let k = 0;
  let i = 0;
  for (;;) {
    const e = s.indexOf(delim, i);
    if (e < 0) {
      fields[k++] = i === 0 ? s : s.slice(i);
      break;
    }
    fields[k++] = s.slice(i, e);
    i = e + 1;
  }
  if (fields.length !== k) fields.length = k;
}

/** Splits a record with quoted cells; false when a quote is anywhere but around a whole cell. */
function splitQuoted(s: string, delim: string, d: number, fields: string[]): boolean {
  const len = s.length;
  let k = 0;
  let i = 0;
  for (;;) {
    if (s.charCodeAt(i) === QUOTE) {
      let out = '';
      let j = i + 1;
      for (;;) {
        const c = s.indexOf('"', j);
        if (c < 0) return false;
        if (s.charCodeAt(c + 1) === QUOTE) {
          out += s.slice(j, c + 1);
          j = c + 2;
          continue;
        }
        out += s.slice(j, c);
        i = c + 1;
        break;
      }
      fields[k++] = out;
      if (i === len) break;
      if (s.charCodeAt(i) !== d) return false;
      i++;
    } else {
      let e = s.indexOf(delim, i);
      if (e < 0) e = len;
      const f = s.slice(i, e);
      if (f.indexOf('"') >= 0) return false;
      fields[k++] = f;
      if (e === len) break;
      i = e + 1;
    }
  }
  if (fields.length !== k) fields.length = k;
  return true;
}
