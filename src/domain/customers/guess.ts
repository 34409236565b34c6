import { matchCustomer, type NamedCustomer } from './match.js';

/**
 * Which known customer an uploaded export belongs to, when its rows do not say: the file name first, then
 * the text of the message it came with.
 */

/**
 * A customer name guessed from an export's file name: its first word, capitalised
 * (`acme_api_logs_jan2026.json` → `Acme`); null when that word is generic or too short.
 */
export function nameFromFileName(fileName: string): string | null {
  const base = fileName.replace(/\.[^.]+$/, '');
  const first = base.split(/[_\-\s.]+/).find((w) => w.length > 0) ?? '';
  if (first.length < 2 || GENERIC.has(first.toLowerCase()) || /^\d+$/.test(first)) return null;
  return first.charAt(0).toUpperCase() + first.slice(1);
}
const GENERIC = new Set([
  'api',
  'logs',
  'log',
  'export',
  'data',
  'integration',
  'integrations',
  'usage',
  'webhook',
  'webhooks',
  'report',
  'file',
  'upload',
]);

/**
 * The customer an upload names: an exact match of the file name's first word, else a customer name or
 * alias (2+ characters) standing as a whole word in the message text; null when neither does (then ask).
 *
 * @example guessUploadCustomer('acme_logs.csv', null, [{ id: '1', name: 'Acme' }]) // { id: '1', name: 'Acme' }
 */
export function guessUploadCustomer(
  fileName: string,
  messageText: string | null,
  known: readonly NamedCustomer[],
): NamedCustomer | null {
  const guess = nameFromFileName(fileName);
  if (guess) {
    const m = matchCustomer(guess, [...known]);
    if (m.exact) return m.exact;
  }
  const text = messageText ?? '';
  for (const c of known) {
    for (const n of [c.name, ...(c.aliases ?? [])]) {
      if (n.length >= 2 && new RegExp(`\\b${escapeRegExp(n)}\\b`, 'i').test(text)) return c;
    }
  }
  return null;
}

/** Known customers ranked for the "which customer?" menu: closest to the file-name guess first. */
export function rankUploadCustomers(fileName: string, known: NamedCustomer[]): NamedCustomer[] {
  const guess = nameFromFileName(fileName);
  return guess
    ? matchCustomer(guess, known, { limit: 100, minSimilarity: 0 }).suggestions.map((s) => s.customer)
    : known;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
