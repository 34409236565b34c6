import { type IngestOptions, type IngestSummary, ingest } from '../../../../src/domain/ingest/index.js';
import type { LogRecord } from '../../../../src/domain/records.js';

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Yields the bytes in pieces of `size` (to exercise carrying partial records across chunks). */
export async function* chunked(bytes: Uint8Array, size = bytes.length || 1): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

export async function ingestText(
  input: string | Uint8Array,
  opts: IngestOptions = {},
  chunkSize?: number,
): Promise<{ summary: IngestSummary; records: LogRecord[] }> {
  const bytes = typeof input === 'string' ? enc(input) : input;
  const records: LogRecord[] = [];
  const summary = await ingest(chunked(bytes, chunkSize), (r) => records.push({ ...r }), opts);
  return { summary, records };
}

export async function ingestError(
  input: string | Uint8Array,
  opts: IngestOptions = {},
): Promise<{ code: string; message: string; detail: Record<string, unknown> }> {
  try {
    await ingestText(input, opts);
  } catch (err) {
    const e = err as { code: string; message: string; detail: Record<string, unknown>; name: string };
    if (e.name !== 'UploadError') throw err;
    return { code: e.code, message: e.message, detail: e.detail };
  }
  throw new Error('expected an UploadError');
}
