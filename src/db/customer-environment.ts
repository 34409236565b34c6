import {
  type Environment,
  environmentSchema,
  TECHNICAL_LEVELS,
  type TechnicalContact,
  type TechStackItem,
} from '../domain/environment/schema.js';

/**
 * The technical environment as stored on a customer document, and the reading of older shapes:
 *
 * - `techStack` was a list of strings ("HubSpot"); it is now `{ category, technology, source, detectedAt? }`.
 *   A string is read as `{ category: 'Uncategorized', technology, source: 'legacy' }`.
 * - technical contacts had `level` = primary | secondary | escalation; now `primary: boolean` and
 *   `technicalLevel` = high | medium | low. `level: 'primary'` becomes `primary: true`; a level that is a
 *   technical level becomes `technicalLevel`; any other level (secondary, escalation) is kept as `level`.
 * - `apiLimits`, `securityConfig` and `dataResidency` became `limits`, `security` and `compliance.dataResidency`.
 *
 * Old documents are read in the new shape; every write stores the new shape (and drops the old fields).
 */

export type StoredEnvironmentDoc = {
  limits?: unknown;
  security?: unknown;
  compliance?: unknown;
  techStack?: unknown;
  techStackReported?: unknown;
  technicalContacts?: unknown;
  apiLimits?: unknown;
  securityConfig?: unknown;
  dataResidency?: unknown;
};

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const nonEmpty = (v: unknown): v is Record<string, unknown> => isObject(v) && Object.keys(v).length > 0;

/** One stored tech stack entry in the new shape (strings from before the migration included). */
export function readTechStackItem(v: unknown): TechStackItem | null {
  if (typeof v === 'string') {
    const technology = v.trim();
    return technology ? { category: 'Uncategorized', technology, source: 'legacy' } : null;
  }
  if (!isObject(v) || typeof v.technology !== 'string') return null;
  return { ...v, category: typeof v.category === 'string' ? v.category : 'Uncategorized' } as TechStackItem;
}

/** One stored contact in the new shape (the `level` field of customer imports included). */
export function readContact(v: unknown): TechnicalContact | null {
  if (!isObject(v) || typeof v.name !== 'string' || !v.name.trim()) return null;
  const { level, ...rest } = v;
  const out: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(rest)) if (value !== null && value !== undefined) out[k] = value;
  out.primary = rest.primary === true || level === 'primary';
  if (typeof level === 'string' && level !== 'primary') {
    if ((TECHNICAL_LEVELS as readonly string[]).includes(level) && !out.technicalLevel) out.technicalLevel = level;
    else out.level = level;
  }
  return out as TechnicalContact;
}

/** The environment of a stored customer document, whatever shape it was written in. */
export function readEnvironment(d: StoredEnvironmentDoc): Environment {
  const env: Record<string, unknown> = {};
  const limits = nonEmpty(d.limits) ? d.limits : nonEmpty(d.apiLimits) ? d.apiLimits : null;
  if (limits) env.limits = limits;
  const security = nonEmpty(d.security) ? d.security : nonEmpty(d.securityConfig) ? d.securityConfig : null;
  if (security) env.security = security;
  const compliance: Record<string, unknown> = isObject(d.compliance) ? { ...d.compliance } : {};
  if (compliance.dataResidency === undefined && typeof d.dataResidency === 'string' && d.dataResidency.trim())
    compliance.dataResidency = d.dataResidency.trim();
  if (Object.keys(compliance).length > 0) env.compliance = compliance;
  // An empty list written before the environment existed is "not reported", not "no tools at all".
  if (Array.isArray(d.techStack) && (d.techStack.length > 0 || d.techStackReported === true))
    env.techStack = d.techStack.map(readTechStackItem).filter((x): x is TechStackItem => x !== null);
  if (Array.isArray(d.technicalContacts) && d.technicalContacts.length > 0)
    env.technicalContacts = d.technicalContacts.map(readContact).filter((x): x is TechnicalContact => x !== null);
  return env as Environment;
}

/** The `$set`/`$unset` that stores `env` in the new shape and removes the pre-migration fields. */
export function environmentWrite(env: Environment): { $set: Record<string, unknown>; $unset: Record<string, ''> } {
  const checked = environmentSchema.parse(env);
  const $set: Record<string, unknown> = {
    limits: checked.limits ?? {},
    security: checked.security ?? {},
    compliance: checked.compliance ?? {},
    techStack: checked.techStack ?? [],
    techStackReported: checked.techStack !== undefined,
    technicalContacts: checked.technicalContacts ?? [],
  };
  return { $set, $unset: { apiLimits: '', securityConfig: '', dataResidency: '' } };
}

/** Whether a stored document still has a pre-migration shape (start-up migration rewrites those). */
export function hasLegacyShape(d: StoredEnvironmentDoc): boolean {
  if (nonEmpty(d.apiLimits) || nonEmpty(d.securityConfig)) return true;
  if (typeof d.dataResidency === 'string' && d.dataResidency.trim()) return true;
  if (Array.isArray(d.techStack) && d.techStack.some((t) => typeof t === 'string')) return true;
  return (
    Array.isArray(d.technicalContacts) &&
    d.technicalContacts.some((c) => isObject(c) && 'level' in c && !('primary' in c))
  );
}
