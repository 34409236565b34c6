import { parentPort, workerData } from 'node:worker_threads';
import { type AccumulatorState, createAccumulator } from '../../domain/analysis/index.js';
import { UploadError, type UploadErrorCode, type UploadErrorDetail } from '../../domain/errors.js';
import { type ChunkResult, type IngestPlan, parseChunk } from '../../domain/ingest/index.js';

/** Messages between `score-files.ts` and its worker threads. */
export type WorkerRequest = { type: 'chunk'; chunk: Uint8Array; firstLine: number } | { type: 'end' };
export type WorkerReply =
  | { type: 'ack' }
  | { type: 'done'; state: AccumulatorState; results: (ChunkResult & { firstLine: number })[] }
  | { type: 'error'; message: string; upload?: { code: UploadErrorCode; detail: UploadErrorDetail } };

// Runs only as a worker: parses the chunks it is sent into its own accumulator and returns the
// partial aggregate once at the end (one large message instead of one per record).
if (parentPort) {
  const port = parentPort;
  const { plan } = workerData as { plan: IngestPlan };
  const acc = createAccumulator();
  const add = (r: Parameters<typeof acc.add>[0]) => acc.add(r);
  const results: (ChunkResult & { firstLine: number })[] = [];
  port.on('message', (msg: WorkerRequest) => {
    try {
      if (msg.type === 'chunk') {
        results.push({ ...parseChunk(plan, msg.chunk, msg.firstLine, add), firstLine: msg.firstLine });
        port.postMessage({ type: 'ack' } satisfies WorkerReply);
      } else {
        port.postMessage({ type: 'done', state: acc.state(), results } satisfies WorkerReply);
      }
    } catch (err) {
      const e = err as Error;
      port.postMessage({
        type: 'error',
        message: e.message,
        upload: err instanceof UploadError ? { code: err.code, detail: err.detail } : undefined,
      } satisfies WorkerReply);
    }
  });
}
