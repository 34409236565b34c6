import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { Repos } from '../../db/index.js';
import { normalizeIntegrationType } from '../../domain/detection/events.js';
import type { Catalog } from '../../domain/onboarding/catalog.js';
import { classifyIntegration } from '../../domain/onboarding/classify.js';

/**
 * Loads customers (the accounts TechHealth watches) from CSV or JSON: name, external id, aliases, ARR,
 * renewal date, CSM (Slack user id, or e-mail resolved with users.lookupByEmail), technical contacts and
 * integrations. Each row is validated on its own: bad rows are reported by line and field, good rows
 * still load. Customers are upserted by external id when given, else by name.
 *
 * CSV columns: name, external_id, aliases (`;`-separated), arr, renewal_date (YYYY-MM-DD), csm,
 * technical_contacts (`name|role|email|level;…`), integrations (`type:name[:critical];…`).
 * JSON: an array (or `{ "customers": [...] }`) of objects with the same fields in camelCase, contacts
 * and integrations as arrays of objects. "line" is the CSV line, or the 1-based array position.
 */

export interface ImportProblem {
  line: number;
  field: string;
  message: string;
}

export interface ImportResult {
  created: number;
  updated: number;
  problems: ImportProblem[];
  customers: { line: number; id: string; name: string; created: boolean }[];
}

const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

const contactSchema = z.object({
  name: z.string().trim().min(1, 'is required'),
  role: z.string().trim().optional(),
  email: z.email('must be an e-mail address').optional(),
  level: z.enum(['primary', 'secondary', 'escalation']).optional(),
});
const integrationSchema = z.object({
  // Types are open: a type the catalog does not know (say `tableau`) is classified by its name, else generic.
  type: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z][a-z0-9_-]{1,49}$/, 'must be a type name like salesforce or tableau (letters, digits, _ or -)'),
  name: z.string().trim().min(1, 'is required'),
  critical: z.boolean().default(false),
});
export const customerRowSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(200),
  externalId: z.preprocess(emptyToUndefined, z.string().trim().max(100).optional()),
  aliases: z.array(z.string().trim().min(1)).default([]),
  arr: z.preprocess(emptyToUndefined, z.coerce.number().nonnegative('must be 0 or more').optional()),
  renewalDate: z.preprocess(emptyToUndefined, z.iso.date('must be a date like 2026-09-30').optional()),
  csm: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .refine((v) => /^[UW][A-Z0-9]{2,}$/.test(v) || z.email().safeParse(v).success, {
        message: 'must be a Slack user id (U…) or an e-mail address',
      })
      .optional(),
  ),
  technicalContacts: z.array(contactSchema).default([]),
  integrations: z.array(integrationSchema).default([]),
});
export type CustomerRow = z.infer<typeof customerRowSchema>;

/** Raw rows with their line numbers, from CSV or JSON text (detected by the first non-blank character). */
export function readCustomerRows(text: string): { line: number; raw: Record<string, unknown> }[] {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    const parsed = JSON.parse(trimmed) as unknown;
    const list = Array.isArray(parsed) ? parsed : (parsed as { customers?: unknown }).customers;
    if (!Array.isArray(list)) throw new Error('JSON must be an array of customers or { "customers": [...] }');
    return list.map((raw, i) => ({ line: i + 1, raw: raw as Record<string, unknown> }));
  }
  const records = parse(text, { columns: true, skip_empty_lines: true, trim: true, info: true, bom: true }) as {
    record: Record<string, string>;
    info: { lines: number };
  }[];
  return records.map(({ record, info }) => ({ line: info.lines, raw: fromCsv(record) }));
}

function fromCsv(r: Record<string, string>): Record<string, unknown> {
  const list = (v: string | undefined) =>
    (v ?? '')
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
  return {
    name: r.name,
    externalId: r.external_id ?? r.externalId,
    aliases: list(r.aliases),
    arr: r.arr,
    renewalDate: r.renewal_date ?? r.renewalDate,
    csm: r.csm,
    technicalContacts: list(r.technical_contacts).map((c) => {
      const [name, role, email, level] = c.split('|').map((s) => s.trim());
      return { name, role: role || undefined, email: email || undefined, level: level || undefined };
    }),
    integrations: list(r.integrations).map((i) => {
      const [type, name, critical] = i.split(':').map((s) => s.trim());
      return { type, name, critical: critical === 'critical' || critical === 'true' };
    }),
  };
}

/** Validates one raw row; problems name the field path (e.g. `integrations[1].type`). */
export function validateCustomerRow(
  line: number,
  raw: Record<string, unknown>,
): { row?: CustomerRow; problems: ImportProblem[] } {
  const r = customerRowSchema.safeParse(raw);
  if (r.success) return { row: r.data, problems: [] };
  return {
    problems: r.error.issues.map((i) => ({
      line,
      field:
        i.path.map((p, k) => (typeof p === 'number' ? `[${p}]` : `${k ? '.' : ''}${String(p)}`)).join('') || '(row)',
      message: i.message,
    })),
  };
}

export function createCustomerImport(deps: {
  repos: Repos;
  catalog: Catalog;
  lookupUserByEmail(email: string): Promise<string | null>;
  /** An imported integration (new or known): its check-ups start at once (the coverage sweep is the backstop). */
  onIntegration?(integrationId: string): Promise<unknown>;
}) {
  async function upsert(row: CustomerRow, csmSlackUserId: string | null, externalIdOverride?: string) {
    const { id, created } = await deps.repos.customers.upsertImported({
      name: row.name,
      externalId: externalIdOverride ?? row.externalId ?? null,
      aliases: row.aliases,
      technicalContacts: row.technicalContacts,
      arrUsd: row.arr,
      renewalDate: row.renewalDate ? new Date(`${row.renewalDate}T00:00:00Z`) : undefined,
      csmUserId: csmSlackUserId,
    });
    for (const i of row.integrations) {
      const integrationId = await deps.repos.integrations.upsertImported(id, {
        ...normalizeIntegrationType(i.type),
        category: classifyIntegration(i.type, i.name, deps.catalog).category,
        name: i.name,
        critical: i.critical,
      });
      await deps.onIntegration?.(integrationId);
    }
    return { id, name: row.name.trim(), created };
  }

  async function resolveCsm(
    line: number,
    csm: string | undefined,
  ): Promise<{ id: string | null; problem?: ImportProblem }> {
    if (!csm) return { id: null };
    if (!csm.includes('@')) return { id: csm };
    const id = await deps.lookupUserByEmail(csm);
    return id ? { id } : { id: null, problem: { line, field: 'csm', message: `no Slack user has the e-mail ${csm}` } };
  }

  async function importRow(line: number, raw: Record<string, unknown>, result: ImportResult, externalId?: string) {
    const { row, problems } = validateCustomerRow(line, raw);
    if (!row) {
      result.problems.push(...problems);
      return;
    }
    const csm = await resolveCsm(line, row.csm);
    if (csm.problem) {
      result.problems.push(csm.problem);
      return;
    }
    try {
      const c = await upsert(row, csm.id, externalId);
      result.customers.push({ line, ...c });
      if (c.created) result.created++;
      else result.updated++;
    } catch (err) {
      if ((err as { code?: number }).code === 11000) {
        result.problems.push({ line, field: 'name', message: `another customer is already called ${row.name}` });
      } else throw err;
    }
  }

  return {
    /** Imports every row of a CSV or JSON text. Throws only when the text itself cannot be read. */
    async importText(text: string): Promise<ImportResult> {
      const result: ImportResult = { created: 0, updated: 0, problems: [], customers: [] };
      for (const { line, raw } of readCustomerRows(text)) await importRow(line, raw, result);
      return result;
    },
    /** PUT semantics: the customer with this external id becomes `raw` (created when new). */
    async upsertOne(externalId: string, raw: Record<string, unknown>): Promise<ImportResult> {
      const result: ImportResult = { created: 0, updated: 0, problems: [], customers: [] };
      await importRow(1, { ...raw, externalId }, result, externalId);
      return result;
    },
  };
}
export type CustomerImport = ReturnType<typeof createCustomerImport>;
