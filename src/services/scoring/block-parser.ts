import { readSync } from 'node:fs';
import { type AccumulatorState, createAccumulator } from '../../domain/analysis/accumulator.js';
import { RecordParser } from '../../domain/ingest/chunk.js';
import type { ChunkResult, IngestPlan } from '../../domain/ingest/types.js';
import type { BlockQueue } from './block-queue.js';

/**
 * Blocks a worker leaves to the producing thread at the end: about what the producing thread parses while
 * a worker builds, posts and hands over its state (~30 ms at 1M rows).
 */
const LEFT_TO_PRODUCER = 2;

/** One block's chunk result; its line numbers count from 1 at the block's first line (see `numberLines`). */
export interface BlockResult {
  block: number;
  result: ChunkResult;
}

/**
 * One thread's share of a file: claims blocks from the queue, reads each from the file into one reused
 * buffer and parses it with one RecordParser (its caches live across blocks) into one accumulator.
 * Records reach the accumulator with block-relative line numbers (it does not use them); skipped rows
 * get their real line numbers from `numberLines` once every block's line count is known.
 */
export class BlockParser {
  private readonly acc = createAccumulator();
  private readonly parser: RecordParser;
  private buf = Buffer.allocUnsafe(0);
  private readonly results: BlockResult[] = [];

  constructor(
    plan: IngestPlan,
    private readonly fd: number,
    private readonly queue: BlockQueue,
  ) {
    const acc = this.acc;
    this.parser = new RecordParser(plan, (r) => acc.add(r));
  }

  /** Parses block k; returns the rows parsed so far by all threads. */
  parse(k: number): number {
    const [start, end] = this.queue.range(k);
    const len = end - start;
    if (this.buf.length < len) this.buf = Buffer.allocUnsafe(Math.max(len, 2 * this.buf.length));
    let got = 0;
    while (got < len) {
      const n = readSync(this.fd, this.buf, got, len - got, start + got);
      if (n === 0) throw new Error(`the file ended at ${start + got} bytes while it was being read (it changed?)`);
      got += n;
    }
    this.parser.parseRecords(this.buf.subarray(0, len), 1);
    const result = this.parser.take();
    this.results.push({ block: k, result });
    return this.queue.addRows(result.rows);
  }

  /** Parses blocks until the queue is empty but for the last ones, left to the producing thread (worker threads). */
  drain(): void {
    for (let k = this.queue.claim(LEFT_TO_PRODUCER); k >= 0; k = this.queue.claim(LEFT_TO_PRODUCER)) this.parse(k);
  }

  finish(): { state: AccumulatorState; blocks: BlockResult[] } {
    return { state: this.acc.state(), blocks: this.results };
  }
}

/**
 * Block results in file order with real line numbers: block k's lines start where block k−1's end
 * (each result knows how many lines it consumed), the first at `dataLine`.
 */
export function numberLines(blocks: BlockResult[], dataLine: number): ChunkResult[] {
  const sorted = [...blocks].sort((a, b) => a.block - b.block);
  let line = dataLine;
  return sorted.map(({ result }) => {
    const shift = line - 1;
    line += result.lines;
    if (shift === 0) return result;
    return {
      ...result,
      skipped: { ...result.skipped, first: result.skipped.first.map((f) => ({ ...f, line: f.line + shift })) },
    };
  });
}
