/**
 * The fastest CSV reader, in front of csv-scan.ts and csv-parse: it finds the cells of a record as byte
 * offsets in the chunk and makes no string at all, so the row processor reads numbers, timestamps and
 * cached names straight from the bytes. It reads the same subset as csv-scan.ts, with the same result
 * as csv-parse under our options: '\n' or all-'\r\n' line ends, unquoted cells without quotes, and
 * cells quoted from their first byte ("" as an escaped quote, delimiters and newlines inside). At the
 * first record outside it, it stops and the caller hands the rest of the chunk to the slower readers.
 */

const NL = 10;
const CR = 13;
const QUOTE = 34;

/** Byte classes of the scan loop: 0 = part of a cell. */
const C_DELIM = 1;
const C_NL = 2;
const C_CR = 3;
const C_QUOTE = 4;

/**
 * Line ends of a chunk for the span reader: 'lf' (no CR at all), 'crlf' (every CR is followed by LF and
 * every LF preceded by CR), or null when they are mixed (csv-parse then decides, from the first line end).
 */
export function lineEnds(buf: Uint8Array, newlines: number): 'lf' | 'crlf' | null {
  let cr = buf.indexOf(CR);
  if (cr < 0) return 'lf';
  let crs = 0;
  while (cr >= 0) {
    if (buf[cr + 1] !== NL) return null;
    crs++;
    cr = buf.indexOf(CR, cr + 2);
  }
  return crs === newlines ? 'crlf' : null;
}

/**
 * Cell spans of one record at a time. After `read` returns a position ≥ 0, cell k of the record is
 * `buf[starts[k], ends[k])` (quotes removed; `escaped[k]` = 1 when it holds "" pairs to unescape),
 * `count` is the number of cells and `inner` the newlines inside quoted cells.
 * @example
 * const r = new CsvSpans(','); const buf = Buffer.from('a,"b,c"\n');
 * r.read(buf, 0, buf.length, false) // 8; r.count === 2; buf.toString('utf8', r.starts[1], r.ends[1]) === 'b,c'
 */
export class CsvSpans {
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  escaped = new Uint8Array(64);
  count = 0;
  inner = 0;
  private readonly cls = new Uint8Array(256);

  /** `delimiter`: one byte, not a quote, CR or LF (check with {@link CsvSpans.supports}). */
  constructor(delimiter: string) {
    this.cls[delimiter.charCodeAt(0)] = C_DELIM;
    this.cls[NL] = C_NL;
    this.cls[CR] = C_CR;
    this.cls[QUOTE] = C_QUOTE;
  }

  static supports(delimiter: string): boolean {
    const d = delimiter.charCodeAt(0);
    return delimiter.length === 1 && d < 128 && d !== QUOTE && d !== NL && d !== CR;
  }

  private push(s: number, e: number, esc: number): void {
    const k = this.count;
    if (k === this.starts.length) this.widen();
    this.starts[k] = s;
    this.ends[k] = e;
    this.escaped[k] = esc;
    this.count = k + 1;
  }

  private widen(): void {
    const n = this.starts.length * 2;
    const s = new Int32Array(n);
    const e = new Int32Array(n);
    const x = new Uint8Array(n);
    s.set(this.starts);
    e.set(this.ends);
    x.set(this.escaped);
    this.starts = s;
    this.ends = e;
    this.escaped = x;
  }

  /**
   * Reads the record starting at `pos` (a record boundary) in buf[0, n); `crlf` from {@link lineEnds}.
   * Returns the offset after its line end (n at the end of the chunk), or -1 when the record needs
   * csv-parse: a quote inside an unquoted cell, after a closing quote, or never closed.
   */
  read(buf: Uint8Array, pos: number, n: number, crlf: boolean): number {
    const cls = this.cls;
    this.count = 0;
    this.inner = 0;
    let i = pos;
    let start = pos;
    for (;;) {
      let c = 0;
      for (; i < n; i++) {
        c = cls[buf[i] as number] as number;
        if (c !== 0) break;
      }
      if (i >= n) {
        this.push(start, n, 0);
        return n;
      }
      if (c === C_DELIM) {
        this.push(start, i, 0);
        start = ++i;
      } else if (c === C_NL) {
        this.push(start, i, 0);
        return i + 1;
      } else if (c === C_CR) {
        // Only in CRLF chunks, and there a CR always comes right before LF.
        if (!crlf) return -1;
        this.push(start, i, 0);
        return i + 2;
      } else {
        if (i !== start) return -1;
        const after = this.quoted(buf, i, n);
        if (after < 0) return -1;
        if (after >= n) return n;
        const d = cls[buf[after] as number];
        if (d === C_DELIM) start = i = after + 1;
        else if (d === C_NL && !crlf) return after + 1;
        else if (d === C_CR && crlf) return after + 2;
        else return -1;
      }
    }
  }

  /** Reads the quoted cell opening at `q`; pushes its span and returns the offset after the closing quote, or -1. */
  private quoted(buf: Uint8Array, q: number, n: number): number {
    let j = q + 1;
    let esc = 0;
    let inner = 0;
    for (;;) {
      while (j < n && buf[j] !== QUOTE) {
        if (buf[j] === NL) inner++;
        j++;
      }
      if (j >= n) return -1;
      if (buf[j + 1] === QUOTE && j + 1 < n) {
        esc = 1;
        j += 2;
        continue;
      }
      break;
    }
    this.push(q + 1, j, esc);
    this.inner += inner;
    return j + 1;
  }
}
