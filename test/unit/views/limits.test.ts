import { describe, expect, it } from '@jest/globals';
import type { KnownBlock } from '@slack/types';
import { blockTextLength, chunkLines, pageBlocks, truncate } from '../../../views/limits.js';

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('truncate', () => {
  it('when the text fits, then it is returned unchanged', () => {
    expect(truncate('abc', 3)).toBe('abc');
  });
  it('when the text is too long, then it is cut to max characters ending with an ellipsis', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abcdef', 4)).toHaveLength(4);
  });
  it('when the cut falls inside a surrogate pair, then the pair is dropped whole', () => {
    expect(truncate('ab😀cd', 4)).toBe('ab…');
  });
});

describe('pageBlocks', () => {
  it('when there are 55 blocks and the limit is 50, then pages of 50 and 5 keep the order', () => {
    const blocks = Array.from({ length: 55 }, (_, i) => section(`b${i}`));
    const pages = pageBlocks(blocks, 50);
    expect(pages.map((p) => p.length)).toEqual([50, 5]);
    expect(pages[1][0]).toBe(blocks[50]);
  });
  it('when the text budget is reached before the block count, then a new page starts', () => {
    const blocks = [section('a'.repeat(600)), section('b'.repeat(600)), section('c'.repeat(10))];
    expect(pageBlocks(blocks, 50, 1000).map((p) => p.length)).toEqual([1, 2]);
  });
  it('when there are no blocks, then there are no pages', () => {
    expect(pageBlocks([], 50)).toEqual([]);
  });
});

describe('blockTextLength', () => {
  it('when blocks nest text objects, then every text string is counted', () => {
    expect(blockTextLength([section('abc'), { type: 'context', elements: [{ type: 'mrkdwn', text: 'de' }] }])).toBe(5);
  });
});

describe('chunkLines', () => {
  it('when lines exceed the chunk size together, then they are split at line boundaries', () => {
    expect(chunkLines(['aaaa', 'bbbb', 'cc'], 9)).toEqual(['aaaa\nbbbb', 'cc']);
  });
});
