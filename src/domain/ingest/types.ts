/** Public shapes of the ingestion layer (plain data: plans and chunk results cross worker threads). */

export interface IngestOptions {
  /** Used only in messages and notes; the format is detected from content, never from the name. */
  fileName?: string;
  /** Customer for rows without a customer column (null: leave records without customer). */
  defaultCustomer?: string | null;
  /** Integration display name for rows the data does not associate (default "Custom API"). */
  defaultIntegration?: string | null;
  /** Called every few thousand rows with the number of rows seen so far. */
  onProgress?: (rowsSoFar: number) => void;
}

export interface SkippedRows {
  total: number;
  /** Count per reason (short stable phrase, e.g. "no status or error"). */
  byReason: Record<string, number>;
  /** The first 20 skipped rows, by line, with a specific reason. */
  first: { line: number; reason: string }[];
}

export interface IngestSummary {
  /** 'csv', 'json', 'ndjson', 'nginx', 'alb', 'apigateway', 'kong'. */
  format: IngestFormat;
  /** Record field → source column and how it was read, e.g. `latencyMs: 'duration (seconds → ms)'`. */
  mapping: Record<string, string>;
  /** Assumptions a reader should know about (zone assumed, unit inferred, encoding converted…). */
  notes: string[];
  /** Data rows seen (header and blank lines excluded). */
  rows: number;
  /** Records passed to the sink. */
  records: number;
  skipped: SkippedRows;
}

export type IngestFormat = 'csv' | 'json' | 'ndjson' | 'nginx' | 'alb' | 'apigateway' | 'kong';

/** How records are delimited in the bytes. */
export type IngestContainer = 'csv' | 'ndjson' | 'json' | 'nginx' | 'alb';

export type FieldName =
  | 'timestamp'
  | 'customer'
  | 'integration'
  | 'endpoint'
  | 'host'
  | 'method'
  | 'status'
  | 'latency'
  | 'errorCode'
  | 'errorMessage'
  | 'error'
  | 'requestBytes'
  | 'responseBytes'
  | 'kind'
  | 'message'
  | 'level'
  | 'user';

export const FIELD_NAMES: readonly FieldName[] = [
  'timestamp',
  'customer',
  'integration',
  'endpoint',
  'host',
  'method',
  'status',
  'latency',
  'errorCode',
  'errorMessage',
  'error',
  'requestBytes',
  'responseBytes',
  'kind',
  'message',
  'level',
  'user',
];

/** Decided once from the head of the file; structured-clone-able so it can be posted to workers. */
export interface IngestPlan {
  format: IngestFormat;
  container: IngestContainer;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  fileName: string | null;
  /** CSV only. */
  delimiter: string;
  hasHeader: boolean;
  /** Bytes before the first data record (BOM + header line(s)); 0 for JSON. */
  headerBytes: number;
  /** 1-based line number of the byte at `headerBytes` (the first data line). */
  dataLine: number;
  /** Column names: CSV headers (or "column N"), JSON key paths ("request.method"), or a line format's fields. */
  columns: string[];
  /** JSON object wrapper: the key whose array holds the records. */
  jsonKey: string | null;
  /** Field → column index (-1: absent). */
  cols: Record<FieldName, number>;
  /** Multiplier from the latency column's unit to ms. */
  latencyFactor: number;
  /** Ambiguous numeric dates read day/month/year. */
  dayFirst: boolean;
  /** Column names suggest webhook deliveries (delivery_id, webhook_url, event…). */
  webhookHint: boolean;
  defaultCustomer: string | null;
  defaultIntegration: string;
  mapping: Record<string, string>;
  notes: string[];
}

/** Partial result of one chunk; merge them with `mergeIngestSummaries`. */
export interface ChunkResult {
  rows: number;
  records: number;
  skipped: SkippedRows;
  /** Physical lines consumed (newline count), to number the next chunk's lines. */
  lines: number;
}
