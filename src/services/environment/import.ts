import type { Repos } from '../../db/index.js';
import {
  type CustomerRef,
  customerRefKey,
  type ImportProblem,
  parseEnvironmentImport,
  parseTechnographicsImport,
} from '../../domain/environment/import.js';
import type { EnvironmentPatch, TechStackItem } from '../../domain/environment/schema.js';
import type { EnvironmentStore } from './store.js';

/**
 * `techhealth environment import FILE`: environment files (one row or object per customer, sections as in
 * the PUT body) and technographics exports (one row per technology), CSV or JSON, for many customers.
 * Bad rows are reported by line and field and their customer is left as it was; every other customer is
 * applied. Customers must exist (matched by id, external id or name): an import never invents one.
 *
 * A technographics export replaces the customer's tech stack entries from the sources it carries
 * (`technographics` unless a row says otherwise) and keeps entries from other sources (e.g. `manual`).
 */

export type ImportFormat = 'environment' | 'technographics';

export interface EnvironmentImportResult {
  format: ImportFormat;
  applied: { line: number; customerId: string; name: string }[];
  problems: ImportProblem[];
}

/** Which kind of file this is: a `technology` column or field means a technographics export. */
export function detectImportFormat(text: string): ImportFormat {
  const t = text.replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith('[') || t.startsWith('{')) {
    if (/"technographics"\s*:/.test(t.slice(0, 2000))) return 'technographics';
    try {
      const parsed = JSON.parse(t) as unknown;
      const first = Array.isArray(parsed) ? parsed[0] : undefined;
      return first && typeof first === 'object' && 'technology' in first ? 'technographics' : 'environment';
    } catch {
      return 'environment';
    }
  }
  const header = (t.split(/\r?\n/, 1)[0] ?? '').split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
  return header.includes('technology') ? 'technographics' : 'environment';
}

export function createEnvironmentImport(deps: { repos: Repos; store: EnvironmentStore }) {
  const { repos, store } = deps;

  async function find(ref: CustomerRef) {
    return 'customerId' in ref
      ? repos.customers.findByRef({ id: ref.customerId })
      : repos.customers.findByRef({ name: ref.customer });
  }
  const describe = (ref: CustomerRef) =>
    'customerId' in ref ? `no customer with id "${ref.customerId}"` : `no customer named "${ref.customer}"`;

  /** Applies one customer's patch; a problem (unknown customer, or the store refusing it) otherwise. */
  async function applyOne(
    ref: CustomerRef,
    line: number,
    patch: (current: TechStackItem[] | undefined) => EnvironmentPatch,
    out: EnvironmentImportResult,
  ) {
    const customer = await find(ref);
    if (!customer) {
      out.problems.push({ line, field: 'customer', message: `${describe(ref)}: import the customer first` });
      return;
    }
    const current = await repos.customers.environmentOf(customer.id);
    const result = await store.apply(customer.id, patch(current?.environment.techStack), { source: 'import' });
    if (result.ok) out.applied.push({ line, customerId: customer.id, name: customer.name });
    else out.problems.push({ line, field: 'customer', message: `${customer.name} could not be updated` });
  }

  return {
    /** Reads and applies the file; throws EnvironmentImportError when it cannot be read at all. */
    async importText(text: string, format: ImportFormat = detectImportFormat(text)): Promise<EnvironmentImportResult> {
      const out: EnvironmentImportResult = { format, applied: [], problems: [] };
      if (format === 'environment') {
        const parsed = parseEnvironmentImport(text);
        out.problems.push(...parsed.problems);
        for (const c of parsed.customers) await applyOne(c.ref, c.line, () => c.patch, out);
      } else {
        const parsed = parseTechnographicsImport(text);
        out.problems.push(...parsed.problems);
        const bad = new Map(parsed.rejected.map((r) => [customerRefKey(r.ref), r.line]));
        for (const c of parsed.customers) {
          const badLine = bad.get(customerRefKey(c.ref));
          if (badLine !== undefined) {
            out.problems.push({
              line: badLine,
              field: 'customer',
              message: 'not applied: fix the bad rows of this customer (its tech stack was left as it was)',
            });
            continue;
          }
          const sources = new Set(c.techStack.map((t) => t.source));
          await applyOne(
            c.ref,
            c.lines[0],
            (current) => ({ techStack: [...(current ?? []).filter((t) => !sources.has(t.source)), ...c.techStack] }),
            out,
          );
        }
      }
      out.problems.sort((a, b) => a.line - b.line);
      return out;
    },
  };
}
export type EnvironmentImporter = ReturnType<typeof createEnvironmentImport>;
