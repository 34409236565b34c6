import { closeSync, openSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { AccumulatorState } from '../../domain/analysis/accumulator.js';
import { UploadError, type UploadErrorCode, type UploadErrorDetail } from '../../domain/errors.js';
import type { IngestPlan } from '../../domain/ingest/types.js';
import { BlockParser, type BlockResult } from './block-parser.js';
import { BlockQueue, type SharedBlocks } from './block-queue.js';

/** What a scoring thread is started with, and its one answer. */
export interface WorkerInput {
  plan: IngestPlan;
  path: string;
  shared: SharedBlocks;
}
export type WorkerReply =
  | { type: 'done'; state: AccumulatorState; blocks: BlockResult[] }
  | { type: 'error'; message: string; upload?: { code: UploadErrorCode; detail: UploadErrorDetail } };

// Runs only as a worker: claims and parses blocks of the file until none are left, then posts its
// partial aggregate once (one message instead of one per block). Imports stay lean (no analysis, no
// report code): every module here is loaded again by each thread.
if (parentPort) {
  const port = parentPort;
  const { plan, path, shared } = workerData as WorkerInput;
  let fd = -1;
  try {
    fd = openSync(path, 'r');
    const parser = new BlockParser(plan, fd, BlockQueue.attach(shared));
    parser.drain();
    port.postMessage({ type: 'done', ...parser.finish() } satisfies WorkerReply);
  } catch (err) {
    const e = err as Error;
    port.postMessage({
      type: 'error',
      message: e.message,
      upload: err instanceof UploadError ? { code: err.code, detail: err.detail } : undefined,
    } satisfies WorkerReply);
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}
