/**
 * The integration catalog: one entry per known integration type with its category, purpose and check
 * plan (which stages apply, when, and the thresholds they judge by). The data lives in
 * templates/catalog/integrations.json; a service reads the file and calls {@link parseCatalog} at start-up.
 * Values layer: global `defaults` → the category's defaults → the entry's own overrides. Rates are
 * fractions in [0, 1], offsets and staleness in hours.
 */
import { z } from 'zod';
import { CatalogError } from '../errors.js';
import { CHECK_STAGES, type CheckStage } from './types.js';

export const INTEGRATION_CATEGORIES = [
  'crm',
  'communication',
  'analytics',
  'support',
  'sso_identity',
  'storage',
  'automation',
  'custom_webhook_api',
  'payments',
  'erp',
  'developer_tools',
  'other',
] as const;
export type IntegrationCategory = (typeof INTEGRATION_CATEGORIES)[number];

/**
 * What the usage check counts: `active_users` reads the usage snapshot's `activeUsers`; the others count
 * successful events since the integration connected (SSO's usage is logins, a webhook's deliveries).
 */
export const USAGE_METRICS = [
  'active_users',
  'logins',
  'api_calls',
  'deliveries',
  'messages',
  'workflow_runs',
] as const;
export type UsageMetric = (typeof USAGE_METRICS)[number];

const rate = z.number().min(0).max(1);
const count = z.number().int().nonnegative();
const thresholdsSchema = z.strictObject({
  /** Failed share of calls above which the error rate is too high. */
  maxErrorRate: rate,
  /** API call success rate (from a scored report) below which calls fail too often. */
  minSuccessRate: rate,
  /** Fewer calls than this and rates are not judged (too few to mean anything). */
  minSamples: z.number().int().positive(),
  /** Hours without fresh data before it is stale; null for event-driven integrations (silence is normal). */
  maxStalenessHours: z.number().positive().nullable(),
  minActiveUsers: count,
  /** For event-counted usage metrics: fewer successful events than this since connection is low usage. */
  minUsageEvents: count,
  /** featuresUsed / featuresAvailable below this is low feature utilisation. */
  minFeatureUtilisation: rate,
  /** Fewer active workflows than this is low adoption; 0 turns the test off. */
  minWorkflowsActive: count,
});
export type CheckThresholds = z.infer<typeof thresholdsSchema>;

const stageSchema = z.strictObject({ enabled: z.boolean(), offsetHours: z.number().nonnegative() });
const stagesSchema = z.strictObject({
  connection: stageSchema,
  sync: stageSchema,
  usage: stageSchema,
  value: stageSchema,
});
const stageOverride = stageSchema.partial().optional();
const partialStages = z.strictObject({
  connection: stageOverride,
  sync: stageOverride,
  usage: stageOverride,
  value: stageOverride,
});

const planOverrides = {
  stages: partialStages.optional(),
  thresholds: thresholdsSchema.partial().optional(),
  usageMetric: z.enum(USAGE_METRICS).optional(),
};

const typeName = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be lower-case letters, digits and _ (e.g. "azure_ad")');
const text = (max: number) => z.string().trim().min(1).max(max);

const entrySchema = z.strictObject({
  type: typeName,
  displayName: text(80),
  category: z.enum(INTEGRATION_CATEGORIES),
  aliases: z.array(text(80)),
  purpose: text(200),
  ...planOverrides,
});

const categorySchema = z.strictObject({
  purpose: text(200),
  keywords: z.array(text(40)).min(1),
  ...planOverrides,
});

const catalogSchema = z.strictObject({
  version: z.literal(1),
  defaults: z.strictObject({
    stages: stagesSchema,
    thresholds: thresholdsSchema,
    usageMetric: z.enum(USAGE_METRICS),
  }),
  categories: z.partialRecord(z.enum(INTEGRATION_CATEGORIES), categorySchema),
  generic: entrySchema,
  integrations: z.array(z.unknown()).min(1),
});

/** A catalog entry with every value filled in (defaults → category → entry). */
export interface CatalogEntry {
  type: string;
  displayName: string;
  category: IntegrationCategory;
  /** Lower-case names it is known by, its type and display name included. */
  aliases: string[];
  purpose: string;
  stages: Record<CheckStage, { enabled: boolean; offsetHours: number }>;
  thresholds: CheckThresholds;
  usageMetric: UsageMetric;
}

export interface Catalog {
  entries: CatalogEntry[];
  /** The fallback for an integration that matches no entry and no category keyword. */
  generic: CatalogEntry;
  /** Per category: its purpose, lower-case keywords, and an entry built from the category's defaults. */
  categories: Map<IntegrationCategory, { purpose: string; keywords: string[]; entry: CatalogEntry }>;
}

type Overrides = {
  stages?: Partial<Record<CheckStage, { enabled?: boolean; offsetHours?: number } | undefined>>;
  thresholds?: Partial<CheckThresholds>;
  usageMetric?: UsageMetric;
};

function layer(base: Omit<CatalogEntry, 'type' | 'displayName' | 'category' | 'aliases' | 'purpose'>, o: Overrides) {
  const stages = { ...base.stages };
  for (const s of CHECK_STAGES) stages[s] = { ...stages[s], ...dropUndefined(o.stages?.[s] ?? {}) };
  return {
    stages,
    thresholds: { ...base.thresholds, ...dropUndefined(o.thresholds ?? {}) },
    usageMetric: o.usageMetric ?? base.usageMetric,
  };
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function issuesOf(error: z.ZodError, where: string): string[] {
  return error.issues.map((i) => `${[where, ...i.path.map(String)].filter(Boolean).join('.')}: ${i.message}`);
}

/**
 * Validates the catalog JSON and resolves every entry against its category and the global defaults.
 * Checks each integration entry separately, so one bad entry yields one line naming it, and refuses a
 * duplicated type or alias, an unknown category, and a plan whose stages are not in order (connection ≤
 * sync ≤ usage ≤ value among the enabled ones).
 *
 * @throws CatalogError listing every problem (`integrations[2] (hubspot).thresholds.maxErrorRate: …`)
 * @example parseCatalog(JSON.parse(file)).entries.find((e) => e.type === 'webhook')?.stages.sync.enabled // false
 */
export function parseCatalog(json: unknown): Catalog {
  const top = catalogSchema.safeParse(json);
  if (!top.success) throw new CatalogError(issuesOf(top.error, ''));
  const { defaults, categories, generic, integrations } = top.data;
  const problems: string[] = [];
  const categoryMap: Catalog['categories'] = new Map();
  for (const [name, c] of Object.entries(categories) as [IntegrationCategory, z.infer<typeof categorySchema>][]) {
    const plan = layer(defaults, c);
    const entry: CatalogEntry = {
      type: name,
      displayName: name,
      category: name,
      aliases: [],
      purpose: c.purpose,
      ...plan,
    };
    categoryMap.set(name, { purpose: c.purpose, keywords: c.keywords.map((k) => k.toLowerCase()), entry });
  }
  const resolve = (e: z.infer<typeof entrySchema>, where: string): CatalogEntry => {
    const base = categoryMap.get(e.category)?.entry ?? { ...defaults };
    const entry: CatalogEntry = {
      type: e.type,
      displayName: e.displayName,
      category: e.category,
      aliases: [...new Set([e.type, e.type.replace(/_/g, ' '), e.displayName, ...e.aliases].map(fold))],
      purpose: e.purpose,
      ...layer({ stages: base.stages, thresholds: base.thresholds, usageMetric: base.usageMetric }, e),
    };
    problems.push(...planProblems(entry, where));
    return entry;
  };
  const entries: CatalogEntry[] = [];
  const seenAlias = new Map<string, string>();
  integrations.forEach((raw, i) => {
    const label = `integrations[${i}]${isNamed(raw) ? ` (${raw.type})` : ''}`;
    const parsed = entrySchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(...issuesOf(parsed.error, label));
      return;
    }
    if (parsed.data.category !== 'other' && !categoryMap.has(parsed.data.category))
      problems.push(`${label}.category: "${parsed.data.category}" has no entry under "categories"`);
    const entry = resolve(parsed.data, label);
    for (const alias of entry.aliases) {
      const owner = seenAlias.get(alias);
      if (owner && owner !== entry.type) problems.push(`${label}.aliases: "${alias}" is already used by ${owner}`);
      seenAlias.set(alias, entry.type);
    }
    if (entries.some((e) => e.type === entry.type)) problems.push(`${label}.type: "${entry.type}" is listed twice`);
    entries.push(entry);
  });
  const genericEntry = resolve(generic, 'generic');
  if (problems.length > 0) throw new CatalogError(problems);
  return { entries, generic: genericEntry, categories: categoryMap };
}

function planProblems(entry: CatalogEntry, where: string): string[] {
  const problems: string[] = [];
  const enabled = CHECK_STAGES.filter((s) => entry.stages[s].enabled);
  if (!entry.stages.connection.enabled) problems.push(`${where}.stages.connection: the connection check cannot be off`);
  for (let i = 1; i < enabled.length; i++) {
    const [prev, cur] = [enabled[i - 1], enabled[i]];
    if (entry.stages[cur].offsetHours < entry.stages[prev].offsetHours)
      problems.push(`${where}.stages.${cur}.offsetHours: must not be earlier than ${prev}`);
  }
  return problems;
}

function isNamed(raw: unknown): raw is { type: string } {
  return typeof raw === 'object' && raw !== null && typeof (raw as { type?: unknown }).type === 'string';
}

/** Lower case, `_`/`-`/repeated spaces folded to one space: "Azure-AD" → "azure ad". */
export function fold(name: string): string {
  return name
    .toLowerCase()
    .replace(/[_\-./]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
