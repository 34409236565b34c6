/**
 * Reading environment data for many customers at once (`techhealth environment import FILE`): technographics
 * exports (one row per technology) and environment files (one row or object per customer). CSV or JSON,
 * detected by the first non-blank character. Rows that are wrong are reported by line and field and left
 * out; the good rows are returned for the caller to apply. Formats: docs/environment.md.
 */
import { parse } from 'csv-parse/sync';
import {
  type EnvironmentPatch,
  formatPath,
  parseEnvironmentPatch,
  type TechStackItem,
  techStackItemSchema,
} from './schema.js';

/** A customer named by our id (`customerId`) or by name (`customer`); the id wins when both are given. */
export type CustomerRef = { customerId: string } | { customer: string };

export interface ImportProblem {
  /** CSV: the file line of the row (header = 1). JSON: the 1-based position in the array. */
  line: number;
  field: string;
  message: string;
}

export interface TechnographicsImport {
  customers: { ref: CustomerRef; techStack: TechStackItem[]; lines: number[] }[];
  problems: ImportProblem[];
  /** Rows that named a customer but were bad: that customer's list would be incomplete if applied. */
  rejected: { ref: CustomerRef; line: number }[];
}

export interface EnvironmentImport {
  customers: { ref: CustomerRef; line: number; patch: EnvironmentPatch }[];
  problems: ImportProblem[];
}

/** Thrown when the file as a whole cannot be read (not CSV/JSON, bad JSON, wrong top-level shape). */
export class EnvironmentImportError extends Error {
  override readonly name = 'EnvironmentImportError';
  readonly code = 'environment_import.unreadable';
}

type Row = { line: number; raw: Record<string, unknown> };

function readRows(text: string, listKeys: string[]): Row[] {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (!trimmed) throw new EnvironmentImportError('The file is empty');
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (err) {
      throw new EnvironmentImportError(`The file is not valid JSON: ${(err as Error).message}`);
    }
    const list = Array.isArray(parsed)
      ? parsed
      : listKeys.map((k) => (parsed as Record<string, unknown>)[k]).find(Array.isArray);
    if (!Array.isArray(list)) {
      throw new EnvironmentImportError(
        `JSON must be an array or an object with ${listKeys.map((k) => `"${k}"`).join(' or ')}: [...]`,
      );
    }
    return list.map((raw, i) => ({ line: i + 1, raw: raw && typeof raw === 'object' ? raw : { _notObject: raw } }));
  }
  try {
    const records = parse(trimmed, { columns: true, skip_empty_lines: true, trim: true, info: true, bom: true }) as {
      record: Record<string, string>;
      info: { lines: number };
    }[];
    return records.map(({ record, info }) => ({ line: info.lines, raw: record }));
  } catch (err) {
    throw new EnvironmentImportError(`The file is not valid CSV: ${(err as Error).message}`);
  }
}

function readRef(row: Row, problems: ImportProblem[]): CustomerRef | null {
  if ('_notObject' in row.raw) {
    problems.push({ line: row.line, field: '(row)', message: 'must be an object' });
    return null;
  }
  const id = str(row.raw.customerId ?? row.raw.customer_id);
  const name = str(row.raw.customer ?? row.raw.customerName ?? row.raw.customer_name);
  if (id) return { customerId: id };
  if (name) return { customer: name };
  problems.push({
    line: row.line,
    field: 'customer',
    message: 'a customer name (customer) or id (customerId) is required',
  });
  return null;
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : null);
const refKey = (ref: CustomerRef) =>
  'customerId' in ref ? `id:${ref.customerId}` : `name:${ref.customer.toLowerCase().replace(/\s+/g, ' ')}`;

/**
 * Reads a technographics export: one row per technology with `customer` or `customerId`, `category`,
 * `technology`, `source` (default "technographics") and `detectedAt`/`detected_at` (YYYY-MM-DD). JSON is an
 * array of such rows or `{ "technographics": [...] }`. Rows are grouped per customer (in first-seen order).
 * @example parseTechnographicsImport('customer,category,technology\nAcme,CRM,HubSpot\n').customers[0]
 * // { ref: { customer: 'Acme' }, techStack: [{ category: 'CRM', technology: 'HubSpot', source: 'technographics' }], lines: [2] }
 */
export function parseTechnographicsImport(text: string): TechnographicsImport {
  const problems: ImportProblem[] = [];
  const groups = new Map<string, TechnographicsImport['customers'][number]>();
  const rejected: TechnographicsImport['rejected'] = [];
  for (const row of readRows(text, ['technographics', 'rows'])) {
    const ref = readRef(row, problems);
    if (!ref) continue;
    const r = row.raw;
    const item = techStackItemSchema.safeParse({
      category: r.category,
      technology: r.technology,
      source: str(r.source) ?? 'technographics',
      detectedAt: str(r.detectedAt ?? r.detected_at) ?? undefined,
    });
    if (!item.success) {
      for (const i of item.error.issues)
        problems.push({ line: row.line, field: formatPath(i.path), message: i.message });
      rejected.push({ ref, line: row.line });
      continue;
    }
    const key = refKey(ref);
    const g = groups.get(key) ?? { ref, techStack: [], lines: [] };
    g.techStack.push(item.data);
    g.lines.push(row.line);
    groups.set(key, g);
  }
  return { customers: [...groups.values()], problems, rejected };
}

/** The grouping key of a customer reference (id, or the name ignoring case and spacing). */
export const customerRefKey = (ref: CustomerRef): string => refKey(ref);

type Kind = 'int' | 'number' | 'boolean' | 'string';
/** CSV columns of an environment file (dotted paths into the contract) and how their text is read. */
export const ENVIRONMENT_CSV_COLUMNS: Record<string, Kind> = {
  'limits.apiCallsPerMonth': 'int',
  'limits.apiCallsPerDay': 'int',
  'limits.rateLimitPerSecond': 'number',
  'limits.storageGb': 'number',
  'limits.webhooks': 'int',
  'security.sso.enabled': 'boolean',
  'security.sso.provider': 'string',
  'security.mfa': 'string',
  'security.ipAllowlist': 'boolean',
  'security.apiKeyRotationDays': 'int',
  'security.auditLogging': 'boolean',
  'security.encryptionAtRest': 'boolean',
  'compliance.dataResidency': 'string',
  'compliance.backupRegion': 'string',
  'compliance.dpaSignedAt': 'string',
  'compliance.soc2': 'string',
  'compliance.gdpr': 'string',
  'compliance.hipaa': 'string',
  'compliance.deploymentType': 'string',
};
const CSV_ID_COLUMNS = new Set(['customer', 'customerId', 'customer_id', 'customerName', 'customer_name']);
const CSV_LIST_COLUMNS = new Set(['techStack', 'technicalContacts']);

/**
 * Reads an environment file for many customers. JSON: an array of objects (or `{ "customers": [...] }`)
 * with `customer` or `customerId` and any of the sections of the contract (limits, security, compliance,
 * techStack, technicalContacts), each validated as a `PUT …/environment` body. CSV: `customer` or
 * `customerId`, then dotted columns such as `limits.apiCallsPerMonth` or `security.mfa` (an empty cell
 * leaves the field as it is), plus `techStack` (`category:technology;…`) and `technicalContacts`
 * (`name|role|email|level|primary;…`). An unknown column is a problem on line 1 and the file is not read.
 * @example parseEnvironmentImport('customer,security.mfa\nAcme,enforced\n').customers[0].patch // { security: { mfa: 'enforced' } }
 */
export function parseEnvironmentImport(text: string): EnvironmentImport {
  const problems: ImportProblem[] = [];
  const customers: EnvironmentImport['customers'] = [];
  const rows = readRows(text, ['customers', 'environments']);
  const isCsv = !/^\s*[[{]/.test(text.replace(/^\uFEFF/, ''));
  if (isCsv && rows.length > 0) {
    const unknown = Object.keys(rows[0].raw).filter(
      (c) => !(c in ENVIRONMENT_CSV_COLUMNS) && !CSV_ID_COLUMNS.has(c) && !CSV_LIST_COLUMNS.has(c),
    );
    if (unknown.length > 0) {
      return {
        customers: [],
        problems: unknown.map((c) => ({
          line: 1,
          field: c,
          message: 'unknown column (see docs/environment.md for the columns)',
        })),
      };
    }
  }
  for (const row of rows) {
    const ref = readRef(row, problems);
    if (!ref) continue;
    const body = isCsv ? fromCsv(row, problems) : withoutRef(row.raw);
    if (!body) continue;
    const r = parseEnvironmentPatch(body);
    if (!r.ok) {
      for (const p of r.problems) problems.push({ line: row.line, field: p.path, message: p.message });
      continue;
    }
    customers.push({ ref, line: row.line, patch: r.patch });
  }
  return { customers, problems };
}

function withoutRef(raw: Record<string, unknown>): Record<string, unknown> {
  const out = { ...raw };
  for (const k of CSV_ID_COLUMNS) delete out[k];
  return out;
}

function fromCsv(row: Row, problems: ImportProblem[]): Record<string, unknown> | null {
  const body: Record<string, unknown> = {};
  let ok = true;
  for (const [column, value] of Object.entries(row.raw)) {
    const cell = String(value ?? '').trim();
    const kind = ENVIRONMENT_CSV_COLUMNS[column];
    if (!kind || cell === '') continue;
    const v = readCell(kind, cell);
    if (v === undefined) {
      ok = false;
      problems.push({
        line: row.line,
        field: column,
        message: kind === 'boolean' ? 'must be true or false' : 'must be a number',
      });
      continue;
    }
    setPath(body, column.split('.'), v);
  }
  const stack = String(row.raw.techStack ?? '').trim();
  if (stack) {
    body.techStack = splitList(stack).map((entry) => {
      const at = entry.indexOf(':');
      return at < 0
        ? { category: '', technology: entry }
        : { category: entry.slice(0, at).trim(), technology: entry.slice(at + 1).trim() };
    });
  }
  const contacts = String(row.raw.technicalContacts ?? '').trim();
  if (contacts) {
    body.technicalContacts = splitList(contacts).map((entry) => {
      const [name, role, email, technicalLevel, primary] = entry.split('|').map((s) => s.trim());
      return {
        name,
        ...(role ? { role } : {}),
        ...(email ? { email } : {}),
        ...(technicalLevel ? { technicalLevel } : {}),
        primary: /^(true|yes|primary|1)$/i.test(primary ?? ''),
      };
    });
  }
  return ok ? body : null;
}

function readCell(kind: Kind, cell: string): unknown {
  if (kind === 'string') return cell;
  if (kind === 'boolean') {
    if (/^(true|yes|y|1|on)$/i.test(cell)) return true;
    if (/^(false|no|n|0|off)$/i.test(cell)) return false;
    return undefined;
  }
  const n = Number(cell.replace(/[_,](?=\d{3}\b)/g, ''));
  return Number.isFinite(n) ? n : undefined;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    node[key] = (node[key] as Record<string, unknown> | undefined) ?? {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

const splitList = (v: string) =>
  v
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
