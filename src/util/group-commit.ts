/**
 * Group commit: calls that arrive while a flush is running wait and are flushed together when it ends,
 * as one call of `flush`. At low load every call flushes at once (no added latency); under load the number
 * of flushes stays about one per flush duration, however many callers there are. `flush` gets every
 * waiting caller's items in arrival order and returns one result per item, in the same order; if it
 * throws, every caller of that group gets the error.
 *
 *   const append = createGroupCommit((rows: Row[]) => repo.insertEach(rows), { maxItems: 2000 });
 *   const results = await append(myRows);
 */
export type GroupCommit<T, R> = (items: readonly T[]) => Promise<R[]>;

export function createGroupCommit<T, R>(
  flush: (items: T[]) => Promise<R[]>,
  opts: { maxItems?: number } = {},
): GroupCommit<T, R> {
  const maxItems = opts.maxItems ?? 5000;
  type Waiter = { items: readonly T[]; resolve: (r: R[]) => void; reject: (err: unknown) => void };
  const queue: Waiter[] = [];
  let running = false;

  async function drain(): Promise<void> {
    running = true;
    while (queue.length > 0) {
      const group: Waiter[] = [];
      let size = 0;
      while (queue.length > 0 && (group.length === 0 || size + queue[0].items.length <= maxItems)) {
        const w = queue.shift() as Waiter;
        group.push(w);
        size += w.items.length;
      }
      try {
        const results = await flush(group.flatMap((w) => [...w.items]));
        let at = 0;
        for (const w of group) {
          w.resolve(results.slice(at, at + w.items.length));
          at += w.items.length;
        }
      } catch (err) {
        for (const w of group) w.reject(err);
      }
    }
    running = false;
  }

  return (items) =>
    new Promise<R[]>((resolve, reject) => {
      if (items.length === 0) return resolve([]);
      queue.push({ items, resolve, reject });
      if (!running) void drain();
    });
}
