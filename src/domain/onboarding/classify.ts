/**
 * Classification of an integration into a catalog entry, a category and a purpose, from its type and
 * name. Types are open: an unknown type is matched by name and keywords, else it is generic.
 */
import { type Catalog, type CatalogEntry, fold, type IntegrationCategory } from './catalog.js';

export interface Classification {
  category: IntegrationCategory;
  /** "syncs accounts and contacts": the entry's purpose, the category's for a keyword match. */
  purpose: string;
  /** The plan to check it by: the type's entry, the category's defaults, or the generic entry. */
  entry: CatalogEntry;
  /** How it was found, for the audit trail and the CSM ("classified as CRM from the name 'NetSuite CRM'"). */
  matchedBy: 'type' | 'name' | 'keyword' | 'generic';
}

/** Whether `phrase` occurs in `text` on word boundaries (both already folded). */
function containsPhrase(text: string, phrase: string): boolean {
  return ` ${text} `.includes(` ${phrase} `);
}

/**
 * Classifies an integration. In order: the type is a catalog type or alias ("sfdc" → Salesforce); the
 * name contains an entry's display name or alias as whole words ("Salesforce (EU org)"); the type or name
 * contains a category keyword ("tableau" → analytics, "netsuite" → erp), the longest keyword winning;
 * else the generic entry. Case, `_`, `-` and extra spaces are ignored.
 *
 * @param type the integration's type as sent (may be one the catalog does not know)
 * @param name its display name, or null
 * @example classifyIntegration('salesforce', 'Salesforce', catalog) // { category: 'crm', purpose: 'syncs accounts, contacts and opportunities', matchedBy: 'type', … }
 * @example classifyIntegration('tableau', null, catalog).category // 'analytics'
 */
export function classifyIntegration(type: string, name: string | null, catalog: Catalog): Classification {
  const t = fold(type);
  const n = name ? fold(name) : '';
  const byType = catalog.entries.find((e) => e.aliases.includes(t));
  if (byType) return fromEntry(byType, 'type');
  if (n) {
    // Longest alias first, so "google drive" beats "google" for "Google Drive (marketing)".
    const candidates = catalog.entries.flatMap((e) => e.aliases.map((alias) => ({ e, alias })));
    candidates.sort((a, b) => b.alias.length - a.alias.length);
    const byName = candidates.find((c) => c.alias.length > 2 && containsPhrase(n, c.alias));
    if (byName) return fromEntry(byName.e, 'name');
  }
  let best: { category: IntegrationCategory; keyword: string } | null = null;
  for (const [category, c] of catalog.categories) {
    for (const keyword of c.keywords) {
      const hit = containsPhrase(t, keyword) || (n !== '' && containsPhrase(n, keyword));
      if (hit && (!best || keyword.length > best.keyword.length)) best = { category, keyword };
    }
  }
  if (best) {
    const c = catalog.categories.get(best.category);
    if (c) return { category: best.category, purpose: c.purpose, entry: c.entry, matchedBy: 'keyword' };
  }
  return fromEntry(catalog.generic, 'generic');
}

function fromEntry(entry: CatalogEntry, matchedBy: Classification['matchedBy']): Classification {
  return { category: entry.category, purpose: entry.purpose, entry, matchedBy };
}
