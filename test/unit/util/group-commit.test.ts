import { describe, expect, it } from '@jest/globals';
import { createGroupCommit } from '../../../src/util/group-commit.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('createGroupCommit', () => {
  it('when calls arrive while a flush runs, then they are flushed together next and each gets its own results', async () => {
    const flushes: number[][] = [];
    const commit = createGroupCommit(async (items: number[]) => {
      flushes.push(items);
      await tick();
      return items.map((n) => n * 10);
    });
    const first = commit([1]);
    const second = commit([2, 3]);
    const third = commit([4]);
    expect(await Promise.all([first, second, third])).toEqual([[10], [20, 30], [40]]);
    expect(flushes).toEqual([[1], [2, 3, 4]]);
  });

  it('when a group is over maxItems, then it is split between callers, never inside one', async () => {
    const flushes: number[][] = [];
    const commit = createGroupCommit(
      async (items: number[]) => {
        flushes.push(items);
        await tick();
        return items;
      },
      { maxItems: 3 },
    );
    await Promise.all([commit([0]), commit([1, 2]), commit([3, 4]), commit([5, 6, 7, 8])]);
    expect(flushes).toEqual([[0], [1, 2], [3, 4], [5, 6, 7, 8]]);
  });

  it('when a flush fails, then every caller of that group gets the error and the next group still runs', async () => {
    let calls = 0;
    const commit = createGroupCommit(async (items: string[]) => {
      calls += 1;
      await tick();
      if (calls === 2) throw new Error('disk full');
      return items;
    });
    const a = commit(['a']);
    const b = commit(['b']);
    const c = commit(['c']);
    await expect(a).resolves.toEqual(['a']);
    await expect(b).rejects.toThrow('disk full');
    await expect(c).rejects.toThrow('disk full');
    await expect(commit(['d'])).resolves.toEqual(['d']);
  });

  it('when nothing is given, then nothing is flushed', async () => {
    let calls = 0;
    const commit = createGroupCommit(async (items: number[]) => {
      calls += 1;
      return items;
    });
    expect(await commit([])).toEqual([]);
    expect(calls).toBe(0);
  });
});
