/** Text helpers shared by the renderers and the Slack views. */

/**
 * Cuts `text` to at most `max` characters (UTF-16 units), ending in "…" when cut, and never between the
 * two halves of a surrogate pair (an emoji stays whole or goes).
 * @example truncate('integration', 6) // 'integ…'
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, Math.max(0, max));
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}
