import { Worker } from 'node:worker_threads';
import { UploadError } from '../../domain/errors.js';
import type { WorkerInput, WorkerReply } from './score-worker.js';

/** A worker thread's share of a file: its accumulator state and its blocks' results. */
export type WorkerShare = Extract<WorkerReply, { type: 'done' }>;

/**
 * Starts `count` scoring threads on one file's block queue. Each answers once, when the queue is empty;
 * a thread that fails (bad input, a crash) rejects its promise.
 */
export function startWorkers(count: number, input: WorkerInput): { shares: Promise<WorkerShare>[]; stop(): void } {
  const workers = Array.from(
    { length: count },
    () => new Worker(new URL('./score-worker.js', import.meta.url), { workerData: input }),
  );
  const shares = workers.map(
    (worker) =>
      new Promise<WorkerShare>((resolve, reject) => {
        worker.on('message', (msg: WorkerReply) => {
          if (msg.type === 'done') resolve(msg);
          else
            reject(
              msg.upload ? new UploadError(msg.upload.code, msg.message, msg.upload.detail) : new Error(msg.message),
            );
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (code !== 0) reject(new Error(`score worker exited with code ${code}`));
          else reject(new Error('score worker exited without an answer'));
        });
      }),
  );
  return { shares, stop: () => workers.forEach((w) => void w.terminate()) };
}
