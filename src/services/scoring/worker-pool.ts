import { Worker } from 'node:worker_threads';
import type { AccumulatorState } from '../../domain/analysis/index.js';
import { UploadError } from '../../domain/errors.js';
import type { ChunkResult, IngestPlan } from '../../domain/ingest/index.js';
import type { WorkerReply, WorkerRequest } from './score-worker.js';

/**
 * Scoring threads for one file: each gets the ingest plan once, then chunks (transferred, not copied)
 * with at most IN_FLIGHT_PER_WORKER waiting, and answers with its mergeable analysis state at the end.
 */

/** Chunks in flight per worker: bounds buffered input to about workers × 2 × the chunk size. */
const IN_FLIGHT_PER_WORKER = 2;

export interface PoolWorker {
  send(chunk: Buffer, firstLine: number): Promise<void>;
  finish(): Promise<{ state: AccumulatorState; results: (ChunkResult & { firstLine: number })[] }>;
  terminate(): Promise<number>;
}

export function startWorkers(count: number, plan: IngestPlan): PoolWorker[] {
  return Array.from({ length: count }, () => startWorker(plan));
}

function startWorker(plan: IngestPlan): PoolWorker {
  const worker = new Worker(new URL('./score-worker.js', import.meta.url), {
    workerData: { plan } satisfies { plan: IngestPlan },
  });
  let inFlight = 0;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  let settle: {
    resolve: (v: ReturnType<PoolWorker['finish']> extends Promise<infer T> ? T : never) => void;
    reject: (e: Error) => void;
  } | null = null;
  const fail = (err: Error) => {
    failure ??= err;
    wake?.();
    settle?.reject(failure);
  };
  worker.on('message', (msg: WorkerReply) => {
    if (msg.type === 'ack') {
      inFlight--;
      wake?.();
    } else if (msg.type === 'done') {
      settle?.resolve({ state: msg.state, results: msg.results });
    } else if (msg.type === 'error') {
      fail(msg.upload ? new UploadError(msg.upload.code, msg.message, msg.upload.detail) : new Error(msg.message));
    }
  });
  worker.on('error', fail);
  worker.on('exit', (code) => {
    if (code !== 0) fail(new Error(`score worker exited with code ${code}`));
  });
  const post = (req: WorkerRequest, transfer: ArrayBuffer[] = []) => worker.postMessage(req, transfer);
  return {
    async send(chunk, firstLine) {
      while (inFlight >= IN_FLIGHT_PER_WORKER && !failure) await new Promise<void>((r) => (wake = r));
      if (failure) throw failure;
      inFlight++;
      const ab = chunk.buffer as ArrayBuffer;
      post({ type: 'chunk', chunk: new Uint8Array(ab, chunk.byteOffset, chunk.byteLength), firstLine }, [ab]);
    },
    finish() {
      return new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        settle = {
          resolve: (v) => {
            resolve(v);
            void worker.terminate();
          },
          reject,
        };
        post({ type: 'end' });
      });
    },
    terminate: () => worker.terminate(),
  };
}
