/**
 * Ingestion: uploaded API/webhook log exports → a stream of LogRecords.
 *
 * Single-threaded: `ingest(chunks, sink, opts)`.
 * Parallel: `planIngest(head)` once; if `isSplittable(plan)`, cut the bytes after `dataStart(plan)` at
 * `lastRecordBoundary`, give each piece and its first line number (`plan.dataLine` + newlines before it)
 * to `parseChunk` on a worker, and combine with `mergeIngestSummaries`.
 */
export { countNewlines, detectEncoding } from './bytes.js';
export { mergeIngestSummaries, parseChunk, RecordParser } from './chunk.js';
export { FIELD_ALIASES, normalizeHeader, planColumns } from './columns.js';
export { ingest } from './ingest.js';
export { dataStart, HEAD_BYTES, isSplittable, lastRecordBoundary, planIngest, sniffDelimiter } from './plan.js';
export type {
  ChunkResult,
  FieldName,
  IngestContainer,
  IngestFormat,
  IngestOptions,
  IngestPlan,
  IngestSummary,
  SkippedRows,
} from './types.js';
export {
  normalizeEndpoint,
  parseHumanTimestamp,
  parseIsoTimestamp,
  parseStatusText,
  parseTimestamp,
} from './values.js';
