/**
 * Finding a customer from what a CSM typed (`/techhealth acme`): exact match on the name or an alias after
 * normalising, otherwise the closest names by edit distance, for "did you mean …?" buttons.
 */

export interface NamedCustomer {
  id: string;
  name: string;
  aliases?: string[];
}

export interface CustomerMatch<C extends NamedCustomer> {
  /** The customer whose name or alias equals the query after normalising, or null. */
  exact: C | null;
  /** Closest candidates, best first, each with a similarity in [0, 1]; empty when `exact` is set. */
  suggestions: { customer: C; similarity: number }[];
}

const LEGAL_SUFFIXES = new Set([
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'llc',
  'ltd',
  'limited',
  'gmbh',
  'plc',
  'sa',
  'ag',
  'bv',
]);

/**
 * Lower-cases, folds accents, drops punctuation and trailing legal suffixes ("Acme, Inc." → "acme").
 * @example normalizeCustomerName('  Ácme Corp. ') // 'acme'
 */
export function normalizeCustomerName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1])) words.pop();
  return words.join(' ');
}

/**
 * Levenshtein distance (insert, delete, substitute each cost 1), O(a·b) time, O(b) memory.
 * @example editDistance('acme', 'acne') // 1
 */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const cur = [i];
    for (let j = 1; j <= b.length; j += 1) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/**
 * Similarity of a normalised query and a normalised name in [0, 1]: 1 − distance / longer length, raised
 * to at least 0.9 when the name starts with the query and 0.8 when it contains it (people type prefixes:
 * "globex" for "Globex International").
 * @example similarity('acme', 'acme widgets') // 0.9
 */
export function similarity(query: string, name: string): number {
  if (query.length === 0 || name.length === 0) return 0;
  if (query === name) return 1;
  const base = 1 - editDistance(query, name) / Math.max(query.length, name.length);
  if (name.startsWith(query)) return Math.max(base, 0.9);
  if (name.includes(query)) return Math.max(base, 0.8);
  return base;
}

/**
 * Matches `query` against customers' names and aliases.
 * @param opts.limit most suggestions returned (default 3)
 * @param opts.minSimilarity suggestions below this are dropped (default 0.5)
 * @returns the exact match if any, else suggestions best first (ties by name)
 * @example matchCustomer('acmee', [{ id: '1', name: 'Acme' }]).suggestions[0].similarity // 0.8
 */
export function matchCustomer<C extends NamedCustomer>(
  query: string,
  customers: readonly C[],
  opts: { limit?: number; minSimilarity?: number } = {},
): CustomerMatch<C> {
  const q = normalizeCustomerName(query);
  const names = (c: C) => [c.name, ...(c.aliases ?? [])].map(normalizeCustomerName);
  const exact = q ? customers.find((c) => names(c).includes(q)) : undefined;
  if (exact) return { exact, suggestions: [] };
  const limit = opts.limit ?? 3;
  const min = opts.minSimilarity ?? 0.5;
  const suggestions = customers
    .map((customer) => ({ customer, similarity: Math.max(...names(customer).map((n) => similarity(q, n))) }))
    .filter((s) => s.similarity >= min)
    .sort((a, b) => b.similarity - a.similarity || a.customer.name.localeCompare(b.customer.name))
    .slice(0, limit);
  return { exact: null, suggestions };
}
