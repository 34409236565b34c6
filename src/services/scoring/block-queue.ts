/**
 * The blocks of one file shared by the threads that score it, in shared memory: the calling thread
 * cuts the file into blocks of about BLOCK_BYTES at record boundaries and publishes each block's end
 * offset; every thread (the caller included) claims the next unclaimed block, reads its bytes from the
 * file itself and parses them. Claiming block by block balances the work whatever each thread's speed.
 */

/** Target block size: large enough to amortise a claim and a read, small enough to balance the last blocks. */
export const BLOCK_BYTES = 1 << 20;

const PUBLISHED = 0;
const CLAIMED = 1;
const DONE = 2;
const ROWS = 3;
const FIELDS = 4;

/** What a worker thread needs to attach to the queue (structured-clone-able). */
export interface SharedBlocks {
  control: SharedArrayBuffer;
  bounds: SharedArrayBuffer;
  dataStart: number;
}

export class BlockQueue {
  private readonly control: Int32Array;
  private readonly bounds: Float64Array;

  private constructor(readonly shared: SharedBlocks) {
    this.control = new Int32Array(shared.control);
    this.bounds = new Float64Array(shared.bounds);
  }

  /** A queue for a file of `size` bytes whose records start at `dataStart`. */
  static create(size: number, dataStart: number): BlockQueue {
    // Every block but the last holds at least BLOCK_BYTES of the file, so this many always suffice.
    const blocks = Math.ceil(Math.max(0, size - dataStart) / BLOCK_BYTES) + 2;
    return new BlockQueue({
      control: new SharedArrayBuffer(FIELDS * 4),
      bounds: new SharedArrayBuffer(blocks * 8),
      dataStart,
    });
  }

  static attach(shared: SharedBlocks): BlockQueue {
    return new BlockQueue(shared);
  }

  /** Producer: the next block ends at file offset `end` (just after a record's line end). */
  publish(end: number): void {
    const k = Atomics.load(this.control, PUBLISHED);
    this.bounds[k] = end;
    Atomics.store(this.control, PUBLISHED, k + 1);
    Atomics.notify(this.control, PUBLISHED);
  }

  /** Producer: no more blocks. */
  finish(): void {
    Atomics.store(this.control, DONE, 1);
    Atomics.notify(this.control, PUBLISHED);
  }

  /** Blocks published and not yet claimed. */
  ahead(): number {
    return Atomics.load(this.control, PUBLISHED) - Atomics.load(this.control, CLAIMED);
  }

  /** Claims a published block without waiting (for the producing thread): its index, or -1 if none is free. */
  tryClaim(): number {
    for (;;) {
      const c = Atomics.load(this.control, CLAIMED);
      if (c >= Atomics.load(this.control, PUBLISHED)) return -1;
      if (Atomics.compareExchange(this.control, CLAIMED, c, c + 1) === c) return c;
    }
  }

  /**
   * Claims the next block, waiting for the producer if need be (worker threads): its index, or -1 at the
   * end. The last `reserve` blocks are left to the producing thread: a worker still has to build and post
   * its state when it stops, and the producing thread parses meanwhile instead of waiting for it.
   */
  claim(reserve = 0): number {
    for (;;) {
      const c = Atomics.load(this.control, CLAIMED);
      const published = Atomics.load(this.control, PUBLISHED);
      const done = Atomics.load(this.control, DONE) === 1;
      if (c < published) {
        if (done && published - c <= reserve) return -1;
        if (Atomics.compareExchange(this.control, CLAIMED, c, c + 1) === c) return c;
        continue;
      }
      if (done) return -1;
      Atomics.wait(this.control, PUBLISHED, published, 100);
    }
  }

  /** Byte range [start, end) of block k. */
  range(k: number): [number, number] {
    return [k === 0 ? this.shared.dataStart : (this.bounds[k - 1] as number), this.bounds[k] as number];
  }

  /** Rows parsed so far by every thread (for progress). */
  addRows(n: number): number {
    return Atomics.add(this.control, ROWS, n) + n;
  }
}
