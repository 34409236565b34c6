/**
 * Tech stack relevance: each technology a customer runs, matched against the catalog of integrations we
 * support and against the integrations they have connected, and the ranked integration opportunities.
 */
import type { TechStackItem } from './schema.js';

/** One integration we support (the catalog is a parameter; src/domain/records.ts has one). */
export interface CatalogEntry {
  type: string;
  displayName: string;
  category: string;
  aliases: string[];
}

/**
 * - `integrated`: in our catalog and connected for this customer;
 * - `potential_integration`: in our catalog, not connected: an opportunity;
 * - `not_yet_integrated`: we have no integration for it (product feedback);
 * - `same_as_ours`: the customer runs a technology of our own stack (`ours`), where our team can help.
 */
export type Relevance = 'integrated' | 'potential_integration' | 'not_yet_integrated' | 'same_as_ours';

export interface TechStackEntry extends TechStackItem {
  relevance: Relevance;
  /** The catalog type it matched, or null. */
  catalogType: string | null;
}

export interface IntegrationOpportunity {
  technology: string;
  catalogType: string;
  displayName: string;
  category: string;
  /** Higher first: category value + 2 when no connected integration covers the category yet. */
  priority: number;
  reason: string;
}

/** How much an integration of each catalog category is usually worth to a customer (unknown: 1). */
export const CATEGORY_VALUE: Record<string, number> = {
  crm: 3,
  sso: 3,
  support: 2,
  billing: 2,
  messaging: 2,
  webhook: 1,
  api: 1,
};

/** Lower-case, accents folded, punctuation to single spaces. */
export function normalizeTechnology(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The catalog entry a technology name denotes: equal (after normalising) to its display name, type or an
 * alias, or starting with the display name ("Salesforce Sales Cloud" → Salesforce). Aliases only match
 * whole names, so "Google Analytics" is not Google Workspace.
 * @example matchCatalog('Microsoft Dynamics 365', catalog)?.type // 'dynamics'
 */
export function matchCatalog(technology: string, catalog: readonly CatalogEntry[]): CatalogEntry | null {
  const t = normalizeTechnology(technology);
  if (!t) return null;
  const exact = catalog.find(
    (c) =>
      normalizeTechnology(c.displayName) === t ||
      normalizeTechnology(c.type) === t ||
      c.aliases.some((a) => normalizeTechnology(a) === t),
  );
  if (exact) return exact;
  return catalog.find((c) => t.startsWith(`${normalizeTechnology(c.displayName)} `)) ?? null;
}

/**
 * Classifies each tech stack item (see {@link Relevance}; `same_as_ours` wins, then integrated, then the
 * catalog) and ranks the opportunities: catalog technologies not connected yet, by category value
 * (CRM/SSO 3, support/billing/messaging 2, others 1) plus 2 when the customer has no connected integration
 * in that category, ties by name. One opportunity per catalog type.
 * @example assessTechStack([{ category: 'CRM', technology: 'HubSpot', source: 'technographics' }], [], catalog, [])
 * // { entries: [{ …, relevance: 'potential_integration', catalogType: 'hubspot' }], opportunities: [{ catalogType: 'hubspot', priority: 5, … }] }
 */
export function assessTechStack(
  techStack: readonly TechStackItem[],
  connected: readonly { type: string }[],
  catalog: readonly CatalogEntry[],
  ours: readonly string[],
): { entries: TechStackEntry[]; opportunities: IntegrationOpportunity[] } {
  const connectedTypes = new Set(connected.map((c) => c.type));
  const byType = new Map(catalog.map((c) => [c.type, c]));
  const coveredCategories = new Set(connected.map((c) => byType.get(c.type)?.category).filter(Boolean));
  const ownNames = new Set(ours.map(normalizeTechnology));
  const entries = techStack.map((item): TechStackEntry => {
    const match = matchCatalog(item.technology, catalog);
    const catalogType = match?.type ?? null;
    let relevance: Relevance;
    if (ownNames.has(normalizeTechnology(item.technology))) relevance = 'same_as_ours';
    else if (match && connectedTypes.has(match.type)) relevance = 'integrated';
    else if (match) relevance = 'potential_integration';
    else relevance = 'not_yet_integrated';
    return { ...item, relevance, catalogType };
  });
  const seen = new Set<string>();
  const opportunities: IntegrationOpportunity[] = [];
  for (const e of entries) {
    if (e.relevance !== 'potential_integration' || e.catalogType === null || seen.has(e.catalogType)) continue;
    seen.add(e.catalogType);
    const c = byType.get(e.catalogType) as CatalogEntry;
    const gap = !coveredCategories.has(c.category);
    opportunities.push({
      technology: e.technology,
      catalogType: c.type,
      displayName: c.displayName,
      category: c.category,
      priority: (CATEGORY_VALUE[c.category] ?? 1) + (gap ? 2 : 0),
      reason: `Runs ${e.technology}; our ${c.displayName} integration is not connected${gap ? ` and no ${c.category} integration is connected yet` : ''}`,
    });
  }
  opportunities.sort((a, b) => b.priority - a.priority || a.displayName.localeCompare(b.displayName));
  return { entries, opportunities };
}
