import type { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { type AccumulatorState, mergeStates } from '../../domain/analysis/accumulator.js';
import {
  dataStart,
  HEAD_BYTES,
  type IngestOptions,
  type IngestPlan,
  type IngestSummary,
  isSplittable,
  lastRecordBoundary,
  mergeIngestSummaries,
  planIngest,
} from '../../domain/ingest/index.js';
import { BlockParser, numberLines } from './block-parser.js';
import { BLOCK_BYTES, BlockQueue } from './block-queue.js';
import { startWorkers } from './worker-pool.js';

/**
 * One large file scored by `threads` threads: this one and threads − 1 workers. This thread reads the
 * file once in order (hashing it and cutting it into blocks at record boundaries; the plan knows CSV
 * quoting) and, while it stays a few blocks ahead, parses blocks too; every thread claims the next free
 * block, reads it from the file and parses it into its own accumulator. The partial states are merged
 * in file order, so the result equals a single-threaded run.
 */

type Hash = ReturnType<typeof createHash>;

/** Blocks this thread keeps published ahead of the parsers before it parses one itself. */
const LOOKAHEAD = 8;

/** Null when the format cannot be split (JSON documents, UTF-16): the caller streams it on its own thread. */
export async function scoreFileParallel(
  path: string,
  threads: number,
  opts: IngestOptions,
  hash: Hash,
): Promise<{ state: AccumulatorState; summary: IngestSummary } | null> {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.allocUnsafe(Math.min(HEAD_BYTES, size));
    readFully(fd, head, 0, head.length, 0);
    const plan = planIngest(head, opts);
    if (!isSplittable(plan)) return null;
    const start = dataStart(plan);
    hash.update(head.subarray(0, start));
    const queue = BlockQueue.create(size, start);
    const pool = startWorkers(threads - 1, { plan, path, shared: queue.shared });
    const own = new BlockParser(plan, fd, queue);
    try {
      produceAndParse({ fd, size, start, plan, queue, own, hash, onProgress: opts.onProgress });
    } catch (err) {
      pool.stop();
      throw err;
    }
    const mine = own.finish(); // while the workers post theirs
    const others = await Promise.all(pool.shares).catch((err: unknown) => {
      pool.stop();
      throw err;
    });
    const shares = [mine, ...others];
    // Merged in the order of each thread's first block, so integrations keep their first-seen order.
    const first = (s: (typeof shares)[number]) => Math.min(...s.blocks.map((b) => b.block));
    shares.sort((a, b) => first(a) - first(b));
    const state = shares.map((s) => s.state).reduce((a, b) => mergeStates(a, b));
    const blocks = shares.flatMap((s) => s.blocks);
    return { state, summary: mergeIngestSummaries(plan, numberLines(blocks, plan.dataLine)) };
  } finally {
    closeSync(fd);
  }
}

interface Producer {
  fd: number;
  size: number;
  start: number;
  plan: IngestPlan;
  queue: BlockQueue;
  own: BlockParser;
  hash: Hash;
  onProgress?: (rows: number) => void;
}

/**
 * Reads [start, size) in order into one buffer (the unfinished record carried to its front), hashes it,
 * publishes a block at each chunk's last record boundary, and parses a block whenever LOOKAHEAD are waiting.
 */
function produceAndParse(p: Producer): void {
  let buf = Buffer.allocUnsafe(2 * BLOCK_BYTES);
  let carry = 0;
  let pos = p.start;
  let boundary = p.start;
  while (pos < p.size) {
    if (carry + BLOCK_BYTES > buf.length) {
      const bigger = Buffer.allocUnsafe(2 * buf.length);
      buf.copy(bigger, 0, 0, carry);
      buf = bigger;
    }
    const n = readFully(p.fd, buf, carry, Math.min(BLOCK_BYTES, p.size - pos), pos);
    p.hash.update(buf.subarray(carry, carry + n));
    pos += n;
    const len = carry + n;
    const cut = lastRecordBoundary(buf.subarray(0, len), p.plan);
    if (cut > 0) {
      boundary += cut;
      p.queue.publish(boundary);
      buf.copy(buf, 0, cut, len);
      carry = len - cut;
    } else carry = len;
    while (p.queue.ahead() >= LOOKAHEAD) parseOne(p);
  }
  if (boundary < p.size) p.queue.publish(p.size);
  p.queue.finish();
  while (parseOne(p));
}

function parseOne(p: Producer): boolean {
  const k = p.queue.tryClaim();
  if (k < 0) return false;
  const rows = p.own.parse(k);
  p.onProgress?.(rows);
  return true;
}

function readFully(fd: number, buf: Buffer, at: number, len: number, pos: number): number {
  let got = 0;
  while (got < len) {
    const n = readSync(fd, buf, at + got, len - got, pos + got);
    if (n === 0) throw new Error(`the file ended at ${pos + got} bytes while it was being read (it changed?)`);
    got += n;
  }
  return got;
}
