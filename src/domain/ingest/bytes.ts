/** Byte-level checks: encodings, binary signatures, record boundaries, line counts. */
import { UploadError } from '../errors.js';

const SIGNATURES: [number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (an Excel .xlsx or a zipped export?)'],
  [[0x50, 0x4b, 0x05, 0x06], 'an empty ZIP archive'],
  [[0x1f, 0x8b], 'a gzip-compressed file'],
  [[0x42, 0x5a, 0x68], 'a bzip2-compressed file'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'a zstd-compressed file'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a], 'an xz-compressed file'],
  [[0x37, 0x7a, 0xbc, 0xaf], 'a 7-Zip archive'],
  [[0x52, 0x61, 0x72, 0x21], 'a RAR archive'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'a legacy Office file (an Excel .xls?)'],
  [[0x50, 0x41, 0x52, 0x31], 'a Parquet file'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], 'an SQLite database'],
  [[0x7f, 0x45, 0x4c, 0x46], 'an executable'],
];

function mostlyText(s: string): boolean {
  let bad = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 9 || (c > 13 && c < 32) || c === 0xfffd) bad++;
  }
  return bad <= s.length * 0.02;
}

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/**
 * Decides the text encoding of a file from its first bytes: UTF-16 by BOM (FF FE / FE FF) or by NULs in
 * every other byte; known binary signatures (PNG, ZIP/xlsx, gzip, PDF…) and other binary data throw
 * UploadError 'upload.unsupported_format' naming what the file looks like.
 */
export function detectEncoding(head: Uint8Array, fileName?: string | null): TextEncoding {
  const name = fileName ? `"${fileName}" ` : 'The file ';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  for (const [sig, what] of SIGNATURES) {
    if (head.length >= sig.length && sig.every((b, i) => head[i] === b)) {
      throw new UploadError(
        'upload.unsupported_format',
        `${name}looks like ${what}, not a log export. Upload CSV, JSON, NDJSON or a plain-text access log.`,
        { file: fileName ?? undefined, expected: 'CSV, JSON, NDJSON, nginx/ALB access log' },
      );
    }
  }
  const n = Math.min(head.length, 4096);
  let evenNul = 0;
  let oddNul = 0;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i] as number;
    if (b === 0) {
      if (i % 2 === 0) evenNul++;
      else oddNul++;
    } else if (b < 9 || (b > 13 && b < 32 && b !== 27)) control++;
  }
  const pairs = n / 2;
  const guess =
    pairs >= 4 && oddNul > pairs * 0.3 && evenNul < pairs * 0.05
      ? 'utf-16le'
      : pairs >= 4 && evenNul > pairs * 0.3 && oddNul < pairs * 0.05
        ? 'utf-16be'
        : null;
  if (guess !== null && mostlyText(new TextDecoder(guess).decode(head.subarray(0, n - (n % 2))))) return guess;
  if (evenNul + oddNul > 0 || control > n * 0.05) {
    throw new UploadError(
      'upload.unsupported_format',
      `${name}looks like binary data, not a text log export. Upload CSV, JSON, NDJSON or a plain-text access log.`,
      { file: fileName ?? undefined, expected: 'CSV, JSON, NDJSON, nginx/ALB access log' },
    );
  }
  return 'utf-8';
}

/** Length of a UTF-8 BOM at the start (0 or 3). */
export function bomLength(buf: Uint8Array): number {
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
}

/** Number of '\n' bytes in buf[start, end). */
export function countNewlines(buf: Uint8Array, start = 0, end = buf.length): number {
  let n = 0;
  let i = buf.indexOf(10, start);
  while (i >= 0 && i < end) {
    n++;
    i = buf.indexOf(10, i + 1);
  }
  return n;
}

/**
 * Index just after the last '\n' that ends a record, in a buffer starting at a record boundary; 0 if there
 * is none. With `quoted`, newlines inside "…" are not boundaries: quote parity is tracked by jumping
 * from quote to quote with indexOf, so the cost is proportional to the number of quotes.
 */
export function lastNewlineBoundary(buf: Uint8Array, quoted: boolean): number {
  if (!quoted) return buf.lastIndexOf(10) + 1;
  let best = -1;
  let segStart = 0;
  let q = buf.indexOf(34, 0);
  for (;;) {
    const segEnd = q < 0 ? buf.length : q;
    if (segEnd > segStart) {
      const nl = buf.lastIndexOf(10, segEnd - 1);
      if (nl >= segStart) best = nl;
    }
    if (q < 0) break;
    const close = buf.indexOf(34, q + 1);
    if (close < 0) break; // open quote runs to the end: no boundary after q
    segStart = close + 1;
    q = buf.indexOf(34, segStart);
  }
  return best + 1;
}

/** Transcodes UTF-16 to UTF-8 (a streaming decoder so code units split across chunks survive). */
export function createTranscoder(encoding: TextEncoding): (chunk: Uint8Array, end: boolean) => Uint8Array {
  const dec = new TextDecoder(encoding, { fatal: false });
  const enc = new TextEncoder();
  let first = true;
  return (chunk, end) => {
    let s = dec.decode(chunk, { stream: !end });
    if (first && s.length > 0) {
      first = false;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    return enc.encode(s);
  };
}
