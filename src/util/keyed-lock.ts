/**
 * Runs async work one at a time per key, in arrival order, within this process. Used where two writers of
 * the same document would otherwise race: FerretDB (v1) applies an update as read-modify-write of the whole
 * document, so concurrent updates of different fields of one document can undo each other — MongoDB's
 * updates are atomic per document and need no help, but the lock costs nothing there.
 */
export type KeyedLock = <T>(key: string, work: () => Promise<T>) => Promise<T>;

export function createKeyedLock(): KeyedLock {
  const tails = new Map<string, Promise<unknown>>();
  return async (key, work) => {
    const before = tails.get(key) ?? Promise.resolve();
    const run = before.then(() => work());
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}
