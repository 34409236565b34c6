import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  type AccumulatorState,
  type AnalysisOptions,
  analyze,
  createAccumulator,
  mergeStates,
} from '../../domain/analysis/index.js';
import { UploadError } from '../../domain/errors.js';
import { type IngestOptions, type IngestSummary, ingest } from '../../domain/ingest/index.js';
import type { HealthReport } from '../../domain/report/types.js';
import { scoreFileParallel } from './parallel-file.js';

/**
 * Upload → score: streams one or more files through ingestion and analysis and returns one report per
 * customer. Large splittable files (CSV, NDJSON, access logs) are parsed by several threads on blocks
 * cut at record boundaries (parallel-file.ts); their partial aggregates are merged, so the result
 * equals a single-threaded run.
 */

export interface ScoreOptions extends AnalysisOptions {
  customer?: string | null;
  integration?: string | null;
  /**
   * Threads that parse a large file: the calling thread and workers − 1 worker threads; 1 parses on the
   * calling thread alone. Default: 2 (our machines have 2 cores).
   */
  workers?: number;
  onProgress?: (rowsSoFar: number) => void;
  now?: () => Date;
}

export interface ScoreResult {
  reports: HealthReport[];
  /** sha256 of all input bytes, in file order (the idempotency key for storage). */
  fileHash: string;
  fileNames: string[];
}

export interface NamedSource {
  name: string;
  chunks: AsyncIterable<Uint8Array>;
}

/** Files smaller than this are streamed on the calling thread: starting workers costs more than it saves. */
const PARALLEL_MIN_BYTES = 16 * 1024 * 1024;

export async function scoreFiles(paths: string[], opts: ScoreOptions = {}): Promise<ScoreResult> {
  if (paths.length === 0) throw new UploadError('upload.empty', 'No input file given.');
  const hash = createHash('sha256');
  const acc = createAccumulator();
  let state: AccumulatorState | null = null;
  const summaries: IngestSummary[] = [];
  const workers = Math.max(1, opts.workers ?? 2);
  for (const path of paths) {
    const size = await fileSize(path);
    const ingestOpts = ingestOptions(basename(path), opts);
    const summary = await withFileContext(path, async () => {
      // Large files go by blocks even on one thread: one read per block and no stream buffering.
      const parallel = size >= PARALLEL_MIN_BYTES ? await scoreFileParallel(path, workers, ingestOpts, hash) : null;
      if (!parallel) return ingest(hashing(createReadStream(path), hash), (r) => acc.add(r), ingestOpts);
      state = state ? mergeStates(state, parallel.state) : parallel.state;
      return parallel.summary;
    });
    summaries.push(summary);
  }
  const whole = state ? mergeStates(acc.state(), state) : acc.state();
  return finish(
    whole,
    summaries,
    paths.map((p) => basename(p)),
    hash.digest('hex'),
    opts,
  );
}

/** Scores an in-memory or downloaded stream (Slack uploads, the REST API) on the calling thread. */
export async function scoreStream(source: NamedSource, opts: ScoreOptions = {}): Promise<ScoreResult> {
  const hash = createHash('sha256');
  const acc = createAccumulator();
  const summary = await ingest(hashing(source.chunks, hash), (r) => acc.add(r), ingestOptions(source.name, opts));
  return finish(acc.state(), [summary], [source.name], hash.digest('hex'), opts);
}

function ingestOptions(fileName: string, opts: ScoreOptions): IngestOptions {
  return {
    fileName,
    defaultCustomer: opts.customer ?? null,
    defaultIntegration: opts.integration ?? null,
    onProgress: opts.onProgress,
  };
}

function finish(
  state: AccumulatorState,
  summaries: IngestSummary[],
  fileNames: string[],
  fileHash: string,
  opts: ScoreOptions,
): ScoreResult {
  const source: HealthReport['source'] = {
    files: fileNames,
    format: [...new Set(summaries.map((s) => s.format))].join(', '),
    sha256: fileHash,
    mapping: Object.assign({}, ...summaries.map((s) => s.mapping)),
    notes: [...new Set(summaries.flatMap((s) => s.notes))],
  };
  const reports = analyze(
    state,
    {
      source,
      skipped: mergeSkipped(summaries, fileNames),
      generatedAt: (opts.now?.() ?? new Date()).toISOString(),
      defaultCustomer: opts.customer ?? null,
    },
    { slaOverrides: opts.slaOverrides, criticalOverrides: opts.criticalOverrides },
  );
  return { reports, fileHash, fileNames };
}

function mergeSkipped(summaries: IngestSummary[], fileNames: string[]): HealthReport['skipped'] {
  const byReason: Record<string, number> = {};
  const first: HealthReport['skipped']['first'] = [];
  let total = 0;
  summaries.forEach((s, i) => {
    total += s.skipped.total;
    for (const [reason, n] of Object.entries(s.skipped.byReason)) byReason[reason] = (byReason[reason] ?? 0) + n;
    for (const row of s.skipped.first) {
      if (first.length >= 20) break;
      // With several files a line number alone is ambiguous: say which file.
      first.push(summaries.length > 1 ? { line: row.line, reason: `${fileNames[i]}: ${row.reason}` } : row);
    }
  });
  return { total, byReason, first };
}

async function fileSize(path: string): Promise<number> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new UploadError('upload.unsupported_format', `${path} is not a file.`, { file: path });
    return s.size;
  } catch (err) {
    if (err instanceof UploadError) throw err;
    throw new UploadError('upload.empty', `Cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}.`, {
      file: path,
    });
  }
}

async function withFileContext<T>(path: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof UploadError && !err.detail.file) {
      throw new UploadError(err.code, `${basename(path)}: ${err.message}`, { ...err.detail, file: basename(path) });
    }
    throw err;
  }
}

async function* hashing(chunks: AsyncIterable<Uint8Array>, hash: ReturnType<typeof createHash>) {
  for await (const chunk of chunks) {
    hash.update(chunk);
    yield chunk as Uint8Array;
  }
}
