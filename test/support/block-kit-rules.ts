import { blockTextLength, LIMITS } from '../../views/limits.js';

/**
 * Slack's documented Block Kit rules, as the Web API applies them, for the stand-in and for view tests.
 * Returns the Slack error code and the problems found (Slack's `errors` array uses json-pointer paths the
 * same way), or null when the blocks would be accepted.
 */
export interface BlockRuleViolation {
  error: 'invalid_blocks' | 'msg_blocks_too_long' | 'invalid_arguments';
  errors: string[];
}

type Surface = 'message' | 'view';

export function checkBlocks(blocks: unknown, surface: Surface): BlockRuleViolation | null {
  if (blocks === undefined) return null;
  if (!Array.isArray(blocks))
    return { error: 'invalid_blocks', errors: ['blocks must be an array [json-pointer:/blocks]'] };
  const errors: string[] = [];
  const maxBlocks = surface === 'message' ? LIMITS.messageBlocks : LIMITS.viewBlocks;
  if (blocks.length > maxBlocks) errors.push(`no more than ${maxBlocks} items allowed [json-pointer:/blocks]`);
  const actionIds = new Set<string>();
  const blockIds = new Set<string>();
  const tooLong = (value: unknown, max: number, path: string) => {
    if (typeof value === 'string' && value.length > max)
      errors.push(`must be less than ${max + 1} characters [json-pointer:${path}]`);
  };
  const checkElement = (el: Record<string, unknown>, path: string) => {
    const actionId = el.action_id;
    if (typeof actionId === 'string') {
      tooLong(actionId, LIMITS.actionId, `${path}/action_id`);
      if (actionIds.has(actionId))
        errors.push(`action_id ${actionId} is already used [json-pointer:${path}/action_id]`);
      actionIds.add(actionId);
    }
    if (el.type === 'button') {
      tooLong((el.text as { text?: string } | undefined)?.text, LIMITS.buttonText, `${path}/text/text`);
      tooLong(el.value, LIMITS.buttonValue, `${path}/value`);
    }
  };
  blocks.forEach((b: Record<string, unknown>, i) => {
    const path = `/blocks/${i}`;
    if (!b || typeof b !== 'object' || typeof b.type !== 'string') {
      errors.push(`missing required field: type [json-pointer:${path}]`);
      return;
    }
    if (typeof b.block_id === 'string') {
      tooLong(b.block_id, LIMITS.blockId, `${path}/block_id`);
      if (blockIds.has(b.block_id))
        errors.push(`block_id ${b.block_id} is already used [json-pointer:${path}/block_id]`);
      blockIds.add(b.block_id);
    }
    const text = b.text as { text?: unknown } | undefined;
    switch (b.type) {
      case 'header':
        tooLong(text?.text, LIMITS.headerText, `${path}/text/text`);
        break;
      case 'section': {
        tooLong(text?.text, LIMITS.sectionText, `${path}/text/text`);
        const fields = (b.fields as { text?: unknown }[] | undefined) ?? [];
        if (fields.length > LIMITS.sectionFields)
          errors.push(`no more than ${LIMITS.sectionFields} items allowed [json-pointer:${path}/fields]`);
        for (const [j, f] of fields.entries()) tooLong(f.text, LIMITS.sectionFieldText, `${path}/fields/${j}/text`);
        if (text === undefined && fields.length === 0)
          errors.push(`must provide text or fields [json-pointer:${path}]`);
        if (b.accessory && typeof b.accessory === 'object')
          checkElement(b.accessory as Record<string, unknown>, `${path}/accessory`);
        break;
      }
      case 'context': {
        const elements = (b.elements as Record<string, unknown>[] | undefined) ?? [];
        if (elements.length > LIMITS.contextElements)
          errors.push(`no more than ${LIMITS.contextElements} items allowed [json-pointer:${path}/elements]`);
        break;
      }
      case 'actions': {
        const elements = (b.elements as Record<string, unknown>[] | undefined) ?? [];
        if (elements.length > LIMITS.actionsElements)
          errors.push(`no more than ${LIMITS.actionsElements} items allowed [json-pointer:${path}/elements]`);
        for (const [j, el] of elements.entries()) checkElement(el, `${path}/elements/${j}`);
        break;
      }
      default:
        break;
    }
  });
  if (errors.length > 0) return { error: 'invalid_blocks', errors };
  if (surface === 'message' && blockTextLength(blocks) > LIMITS.messageBlocksText) {
    return { error: 'msg_blocks_too_long', errors: [] };
  }
  return null;
}
