import type { KnownBlock } from '@slack/types';

/**
 * Slack's documented Block Kit limits (docs.slack.dev, block and element reference pages) and the helpers
 * that keep our views inside them. The Web API stand-in in test/support/slack-api.ts enforces the same
 * numbers, so a view that passes its unit tests is also accepted end to end.
 */
export const LIMITS = {
  /** Blocks in one message (chat.postMessage, chat.update, response_url). */
  messageBlocks: 50,
  /** Blocks in a modal or a Home tab. */
  viewBlocks: 100,
  /** `text` of a section block. */
  sectionText: 3000,
  /** Fields in a section block, and characters per field. */
  sectionFields: 10,
  sectionFieldText: 2000,
  /** `text` of a header block (plain_text). */
  headerText: 150,
  /** Elements in a context block. */
  contextElements: 10,
  /** Elements in an actions block. */
  actionsElements: 25,
  /** Button label (plain_text) and value. */
  buttonText: 75,
  buttonValue: 2000,
  /** Option of a select menu: label (plain_text) and value. */
  optionText: 75,
  optionValue: 150,
  /** Title of a modal (plain_text). */
  viewTitle: 24,
  /** action_id and block_id. */
  actionId: 255,
  blockId: 255,
  /** Top-level `text` of a message (Slack truncates past this; we never get close). */
  messageText: 40000,
  /**
   * Cumulative text across all blocks of one message. Undocumented: chat.postMessage answers
   * `msg_blocks_too_long` at about 12,000 characters (bolt-js issues #2509, #2867), so views keep a margin.
   */
  messageBlocksText: 12000,
  /** Our own budget under `messageBlocksText`, leaving room for containers and the actions block. */
  messageTextBudget: 10000,
  /** private_metadata of a view. */
  privateMetadata: 3000,
} as const;

import { truncate } from '../src/domain/text.js';

export { truncate };

/** Sum of every `text` string inside a block tree: what Slack's cumulative message limit counts. */
export function blockTextLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + blockTextLength(v), 0);
  if (value && typeof value === 'object') {
    let n = 0;
    for (const [key, v] of Object.entries(value)) {
      if (key === 'text' && typeof v === 'string') n += v.length;
      else n += blockTextLength(v);
    }
    return n;
  }
  return 0;
}

/**
 * Splits blocks into pages of at most `maxBlocks` blocks and at most `maxText` cumulative text characters,
 * keeping order. A single block over `maxText` gets a page of its own (each block is already truncated to
 * its own limit). Used to continue long reports in thread replies instead of having a message rejected.
 * @example pageBlocks(fiftyFiveBlocks, 50).map((p) => p.length) // [50, 5]
 */
export function pageBlocks<B extends KnownBlock>(
  blocks: B[],
  maxBlocks: number,
  maxText: number = LIMITS.messageTextBudget,
): B[][] {
  const pages: B[][] = [];
  let page: B[] = [];
  let text = 0;
  for (const block of blocks) {
    const size = blockTextLength(block);
    if (page.length > 0 && (page.length >= maxBlocks || text + size > maxText)) {
      pages.push(page);
      page = [];
      text = 0;
    }
    page.push(block);
    text += size;
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

/**
 * Splits lines into chunks whose joined length (with "\n") stays within `max` characters, so a long
 * monospaced table becomes several section blocks. Lines longer than `max` are truncated.
 */
export function chunkLines(lines: string[], max: number): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = truncate(raw, max);
    if (current && current.length + 1 + line.length > max) {
      chunks.push(current);
      current = line;
    } else {
      current = current ? `${current}\n${line}` : line;
    }
  }
  if (current) chunks.push(current);
  return chunks;
}
