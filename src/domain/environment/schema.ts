/**
 * The technical environment contract of a customer (issue 15): plan limits, security configuration,
 * compliance and deployment, tech stack (technographics) and technical contacts. The field names are the
 * contract shared by `PUT /api/customers/:id/environment`, `techhealth environment import` and the
 * events; every object accepts extra fields, which are kept as given.
 *
 * A field that is absent is "not reported": the summary says so and never assumes a value. In a patch, `null`
 * removes a field (it becomes "not reported" again).
 */
import { z } from 'zod';

export const MFA_MODES = ['enforced', 'optional', 'off'] as const;
export type MfaMode = (typeof MFA_MODES)[number];

/** SOC 2, GDPR, HIPAA: covered/met are good, in_progress and not_met are gaps, not_applicable is neither. */
export const COMPLIANCE_STATUSES = ['covered', 'met', 'in_progress', 'not_met', 'not_applicable'] as const;
export type ComplianceStatus = (typeof COMPLIANCE_STATUSES)[number];

export const TECHNICAL_LEVELS = ['high', 'medium', 'low'] as const;
export type TechnicalLevel = (typeof TECHNICAL_LEVELS)[number];

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const count = (what: string) =>
  z.number(`must be a number (${what})`).int('must be a whole number').nonnegative('must be 0 or more');
const positive = (what: string) => z.number(`must be a number (${what})`).positive('must be more than 0');
const flag = z.boolean('must be true or false');
const isoDate = z.iso.date('must be a date like 2024-03-12');

const limitFields = {
  apiCallsPerMonth: count('API calls per month'),
  apiCallsPerDay: count('API calls per day'),
  rateLimitPerSecond: positive('requests per second'),
  storageGb: positive('GB'),
  webhooks: count('webhook endpoints'),
};
const securityFields = {
  sso: z.looseObject({ enabled: flag, provider: text(100).optional() }),
  mfa: z.enum(MFA_MODES, `must be one of ${MFA_MODES.join(', ')}`),
  ipAllowlist: flag,
  /** Days between forced API key rotations; 0 means keys are never rotated. */
  apiKeyRotationDays: count('days'),
  auditLogging: flag,
  encryptionAtRest: flag,
};
const complianceStatus = z.enum(COMPLIANCE_STATUSES, `must be one of ${COMPLIANCE_STATUSES.join(', ')}`);
const complianceFields = {
  dataResidency: text(100),
  backupRegion: text(100),
  dpaSignedAt: isoDate,
  soc2: complianceStatus,
  gdpr: complianceStatus,
  hipaa: complianceStatus,
  /** e.g. "multi-tenant cloud", "single-tenant", "on-premise": free text, as customers describe it. */
  deploymentType: text(100),
};

export const techStackItemSchema = z.looseObject({
  category: text(100),
  technology: text(200),
  source: text(100).default('manual'),
  detectedAt: isoDate.optional(),
});

export const technicalContactSchema = z.looseObject({
  name: text(200),
  role: text(200).optional(),
  email: z.email('must be an e-mail address').optional(),
  technicalLevel: z.enum(TECHNICAL_LEVELS, `must be one of ${TECHNICAL_LEVELS.join(', ')}`).optional(),
  primary: flag.default(false),
});

export const limitsSchema = z.looseObject(partial(limitFields));
export const securitySchema = z.looseObject(partial(securityFields));
export const complianceSchema = z.looseObject(partial(complianceFields));

const contactsSchema = z.array(technicalContactSchema).superRefine((contacts, ctx) => {
  const primaries = contacts.flatMap((c, i) => (c.primary ? [i] : []));
  for (const i of primaries.slice(1)) {
    ctx.addIssue({ code: 'custom', path: [i, 'primary'], message: 'only one technical contact can be primary' });
  }
});

/** The stored environment: every section and every field optional (absent = not reported). */
export const environmentSchema = z.looseObject({
  limits: limitsSchema.optional(),
  security: securitySchema.optional(),
  compliance: complianceSchema.optional(),
  techStack: z.array(techStackItemSchema).optional(),
  technicalContacts: contactsSchema.optional(),
});

export type Limits = z.infer<typeof limitsSchema>;
export type LimitKey = keyof typeof limitFields;
export type SecurityConfig = z.infer<typeof securitySchema>;
export type Compliance = z.infer<typeof complianceSchema>;
export type TechStackItem = z.infer<typeof techStackItemSchema>;
export type TechnicalContact = z.infer<typeof technicalContactSchema>;
export type Environment = z.infer<typeof environmentSchema>;

/** A patch: like the environment, but `null` on a field or section removes it; arrays replace the stored list. */
const patchSchema = z.looseObject({
  limits: z.looseObject(nullable(limitFields)).nullable().optional(),
  security: z
    .looseObject({
      ...nullable(securityFields),
      sso: z
        .looseObject({ enabled: flag.optional(), provider: text(100).nullable().optional() })
        .nullable()
        .optional(),
    })
    .nullable()
    .optional(),
  compliance: z.looseObject(nullable(complianceFields)).nullable().optional(),
  techStack: z.array(techStackItemSchema).nullable().optional(),
  technicalContacts: contactsSchema.nullable().optional(),
});
export type EnvironmentPatch = z.infer<typeof patchSchema>;

export const ENVIRONMENT_SECTIONS = ['limits', 'security', 'compliance', 'techStack', 'technicalContacts'] as const;

/** One thing wrong with an input: where (`security.mfa`, `technicalContacts[1].email`) and what. */
export interface FieldProblem {
  path: string;
  message: string;
}

export type PatchResult = { ok: true; patch: EnvironmentPatch } | { ok: false; problems: FieldProblem[] };

/**
 * Validates the body of `PUT /api/customers/:id/environment`: any subset of the sections, each section any
 * subset of its fields. Lists every problem with its path; when there is any, nothing may be applied.
 * An empty body (no known section) is a problem too, so a misspelt section name is not silently ignored.
 * @example parseEnvironmentPatch({ security: { mfa: 'sometimes' } })
 * // { ok: false, problems: [{ path: 'security.mfa', message: 'must be one of enforced, optional, off' }] }
 */
export function parseEnvironmentPatch(body: unknown): PatchResult {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, problems: [{ path: '(body)', message: 'must be a JSON object' }] };
  }
  const r = patchSchema.safeParse(body);
  if (!r.success) return { ok: false, problems: zodProblems(r.error) };
  if (!ENVIRONMENT_SECTIONS.some((s) => s in r.data)) {
    return {
      ok: false,
      problems: [{ path: '(body)', message: `must contain at least one of ${ENVIRONMENT_SECTIONS.join(', ')}` }],
    };
  }
  return { ok: true, patch: r.data };
}

/** Zod issues as `{ path, message }`, paths written `a.b[2].c`. */
export function zodProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((i) => ({ path: formatPath(i.path) || '(body)', message: i.message }));
}

/** `['technicalContacts', 1, 'email']` → `technicalContacts[1].email`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, k) => (typeof p === 'number' ? `[${p}]` : `${k ? '.' : ''}${String(p)}`)).join('');
}

/**
 * Applies a validated patch to the stored environment without mutating either: sections merge field by
 * field (`security.sso` too), `null` removes a field or a whole section, `techStack` and `technicalContacts`
 * replace the stored lists. A section left empty by removals is dropped.
 * @example mergeEnvironment({ security: { mfa: 'off', ipAllowlist: true } }, { security: { mfa: 'enforced' } })
 * // { security: { mfa: 'enforced', ipAllowlist: true } }
 */
export function mergeEnvironment(current: Environment, patch: EnvironmentPatch): Environment {
  const out: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) {
      delete out[key];
    } else if (key === 'limits' || key === 'security' || key === 'compliance') {
      const merged = mergeFields(out[key] as Record<string, unknown> | undefined, value as Record<string, unknown>);
      if (key === 'security' && merged.sso && typeof merged.sso === 'object') {
        const before = (current.security?.sso ?? {}) as Record<string, unknown>;
        const sso = mergeFields(before, (value as Record<string, unknown>).sso as Record<string, unknown>);
        if (Object.keys(sso).length > 0) merged.sso = sso;
        else delete merged.sso;
      }
      if (Object.keys(merged).length > 0) out[key] = merged;
      else delete out[key];
    } else {
      out[key] = Array.isArray(value) ? value.map((v) => (v && typeof v === 'object' ? { ...v } : v)) : value;
    }
  }
  return out as Environment;
}

function mergeFields(base: Record<string, unknown> | undefined, patch: Record<string, unknown>) {
  const out: Record<string, unknown> = { ...(base ?? {}) };
  for (const [k, v] of Object.entries(patch ?? {})) {
    if (v === undefined) continue;
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}

function partial<T extends Record<string, z.ZodType>>(fields: T): { [K in keyof T]: z.ZodOptional<T[K]> } {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])) as never;
}

function nullable<T extends Record<string, z.ZodType>>(
  fields: T,
): { [K in keyof T]: z.ZodOptional<z.ZodNullable<T[K]>> } {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.nullable().optional()])) as never;
}
