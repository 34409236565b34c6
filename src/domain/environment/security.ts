/**
 * Security configuration: what changed between two configurations (for the audit log and the
 * "weakening change → tell the CSM" alert), and the impact-weighted security score with recommendations.
 * Weights and formula: docs/environment.md.
 */
import type { MfaMode, SecurityConfig } from './schema.js';

export type SecurityField =
  | 'sso.enabled'
  | 'sso.provider'
  | 'mfa'
  | 'ipAllowlist'
  | 'apiKeyRotationDays'
  | 'auditLogging'
  | 'encryptionAtRest';

/** One changed field. `before`/`after` are null when not reported. */
export interface SecurityAuditEntry {
  field: SecurityField;
  before: string | number | boolean | null;
  after: string | number | boolean | null;
  /** True when the change lowers protection (see {@link diffSecurity}). */
  weakens: boolean;
  /** A sentence for the audit log and the CSM, e.g. "MFA changed from enforced to optional". */
  description: string;
}

export interface SecurityDiff {
  entries: SecurityAuditEntry[];
  weakening: boolean;
}

const MFA_RANK: Record<MfaMode, number> = { enforced: 2, optional: 1, off: 0 };

const LABEL: Record<SecurityField, string> = {
  'sso.enabled': 'SSO',
  'sso.provider': 'SSO provider',
  mfa: 'MFA',
  ipAllowlist: 'IP allowlist',
  apiKeyRotationDays: 'API key rotation',
  auditLogging: 'Audit logging',
  encryptionAtRest: 'Encryption at rest',
};

function read(config: SecurityConfig | undefined, field: SecurityField): string | number | boolean | null {
  if (!config) return null;
  if (field === 'sso.enabled') return config.sso?.enabled ?? null;
  if (field === 'sso.provider') return config.sso?.provider ?? null;
  return (config[field] as string | number | boolean | undefined) ?? null;
}

/** Whether moving from `b` to `a` on `field` lowers protection; becoming "not reported" is not a weakening. */
function weakens(field: SecurityField, b: unknown, a: unknown): boolean {
  if (b === null || a === null) return false;
  switch (field) {
    case 'mfa':
      return MFA_RANK[a as MfaMode] < MFA_RANK[b as MfaMode];
    case 'apiKeyRotationDays': {
      // 0 = never rotated: the weakest setting.
      const days = (v: unknown) => ((v as number) === 0 ? Number.POSITIVE_INFINITY : (v as number));
      return days(a) > days(b);
    }
    case 'sso.provider':
      return false;
    default:
      return b === true && a === false;
  }
}

function describe(field: SecurityField, b: unknown, a: unknown): string {
  const show = (v: unknown) => {
    if (v === null) return 'not reported';
    if (typeof v === 'boolean') return v ? 'on' : 'off';
    if (field === 'apiKeyRotationDays') return v === 0 ? 'never' : `every ${v} days`;
    return String(v);
  };
  return `${LABEL[field]} changed from ${show(b)} to ${show(a)}`;
}

/**
 * The audit entries between two security configurations, and whether any change weakens security: MFA
 * lowered (enforced → optional/off, optional → off), IP allowlist removed, SSO disabled, key rotation
 * lengthened (or set to 0 = never), audit logging or encryption at rest turned off. A field that becomes
 * "not reported" is logged but is not a weakening (nothing is known about it). The caller stamps source and
 * time on each entry when writing the audit log.
 * @example diffSecurity({ mfa: 'enforced' }, { mfa: 'optional' })
 * // { weakening: true, entries: [{ field: 'mfa', before: 'enforced', after: 'optional', weakens: true, description: 'MFA changed from enforced to optional' }] }
 */
export function diffSecurity(before: SecurityConfig | undefined, after: SecurityConfig | undefined): SecurityDiff {
  const entries: SecurityAuditEntry[] = [];
  for (const field of Object.keys(LABEL) as SecurityField[]) {
    const b = read(before, field);
    const a = read(after, field);
    if (b === a) continue;
    entries.push({ field, before: b, after: a, weakens: weakens(field, b, a), description: describe(field, b, a) });
  }
  return { entries, weakening: entries.some((e) => e.weakens) };
}

export type SecurityCheckKey = 'sso' | 'mfa' | 'ipAllowlist' | 'apiKeyRotation' | 'auditLogging' | 'encryptionAtRest';

/** Points per checklist item (they sum to 100). MFA optional earns {@link MFA_OPTIONAL_POINTS}. */
export const SECURITY_WEIGHTS: Record<SecurityCheckKey, number> = {
  sso: 20,
  mfa: 25,
  ipAllowlist: 10,
  apiKeyRotation: 15,
  auditLogging: 15,
  encryptionAtRest: 15,
};
export const MFA_OPTIONAL_POINTS = 10;
/** Key rotation passes at this many days or fewer. */
export const MAX_ROTATION_DAYS = 90;

export interface SecurityCheck {
  key: SecurityCheckKey;
  label: string;
  weight: number;
  /** Points earned, or null when the item is not reported (then it is left out of the score). */
  earned: number | null;
  status: 'pass' | 'partial' | 'fail' | 'not_reported';
  /** What the configuration says, e.g. "optional", "every 120 days", "not reported". */
  detail: string;
}

export interface SecurityRecommendation {
  key: SecurityCheckKey;
  /** Points the score would gain (weight − earned), for ranking. */
  impact: number;
  text: string;
}

export interface SecurityScore {
  /** 0–100 over the reported items only, or null when none is reported. */
  score: number | null;
  rating: 'strong' | 'fair' | 'weak' | 'not_reported';
  /** Sum of the weights of the reported items (0–100): how much of the checklist the score covers. */
  assessedWeight: number;
  checks: SecurityCheck[];
  /** Items that are not reported, with how to provide them. */
  notReported: { key: SecurityCheckKey; label: string; howToProvide: string }[];
  /** Failed or partial items, highest impact first. */
  recommendations: SecurityRecommendation[];
}

const ADVICE: Record<SecurityCheckKey, string> = {
  sso: 'Enable SSO (SAML/OIDC) so access follows the identity provider',
  mfa: 'Enforce MFA for every user',
  ipAllowlist: 'Restrict API access to known IP ranges with an IP allowlist',
  apiKeyRotation: `Rotate API keys at least every ${MAX_ROTATION_DAYS} days`,
  auditLogging: 'Turn on audit logging so admin and data-access events are recorded',
  encryptionAtRest: 'Turn on encryption at rest for stored data',
};

/** Checklist item → the `security.*` field that reports it. */
const FIELD: Record<SecurityCheckKey, string> = {
  sso: 'sso.enabled',
  mfa: 'mfa',
  ipAllowlist: 'ipAllowlist',
  apiKeyRotation: 'apiKeyRotationDays',
  auditLogging: 'auditLogging',
  encryptionAtRest: 'encryptionAtRest',
};

function evaluate(key: SecurityCheckKey, s: SecurityConfig): { earned: number | null; detail: string } {
  const w = SECURITY_WEIGHTS[key];
  const bool = (v: boolean | undefined) =>
    v === undefined ? { earned: null, detail: 'not reported' } : { earned: v ? w : 0, detail: v ? 'on' : 'off' };
  switch (key) {
    case 'sso': {
      const enabled = s.sso?.enabled;
      if (enabled === undefined) return { earned: null, detail: 'not reported' };
      return {
        earned: enabled ? w : 0,
        detail: enabled ? `on${s.sso?.provider ? ` (${s.sso.provider})` : ''}` : 'off',
      };
    }
    case 'mfa':
      if (s.mfa === undefined) return { earned: null, detail: 'not reported' };
      return { earned: s.mfa === 'enforced' ? w : s.mfa === 'optional' ? MFA_OPTIONAL_POINTS : 0, detail: s.mfa };
    case 'apiKeyRotation': {
      const d = s.apiKeyRotationDays;
      if (d === undefined) return { earned: null, detail: 'not reported' };
      return { earned: d > 0 && d <= MAX_ROTATION_DAYS ? w : 0, detail: d === 0 ? 'never' : `every ${d} days` };
    }
    case 'ipAllowlist':
      return bool(s.ipAllowlist);
    case 'auditLogging':
      return bool(s.auditLogging);
    case 'encryptionAtRest':
      return bool(s.encryptionAtRest);
  }
}

const LABELS: Record<SecurityCheckKey, string> = {
  sso: 'SSO',
  mfa: 'MFA enforced',
  ipAllowlist: 'IP allowlist',
  apiKeyRotation: `API key rotation ≤ ${MAX_ROTATION_DAYS} days`,
  auditLogging: 'Audit logging',
  encryptionAtRest: 'Encryption at rest',
};

/**
 * The security score: each checklist item earns its weight when met (SSO 20, MFA enforced 25 or optional
 * 10, IP allowlist 10, key rotation ≤ 90 days 15, audit logging 15, encryption at rest 15). Items that are
 * not reported are left out of both sides, so the score is `round(100 × earned / weight of reported
 * items)`; `assessedWeight` says how much of the checklist that covers and `notReported` lists the rest.
 * Rating: ≥ 85 strong, ≥ 60 fair, below weak.
 * @example securityScore({ sso: { enabled: true }, mfa: 'optional', ipAllowlist: false, apiKeyRotationDays: 90, auditLogging: true, encryptionAtRest: true })
 * // { score: 75, rating: 'fair', assessedWeight: 100, … } (20 + 10 + 0 + 15 + 15 + 15)
 */
export function securityScore(security: SecurityConfig | undefined): SecurityScore {
  const s = security ?? {};
  const checks: SecurityCheck[] = (Object.keys(SECURITY_WEIGHTS) as SecurityCheckKey[]).map((key) => {
    const weight = SECURITY_WEIGHTS[key];
    const { earned, detail } = evaluate(key, s);
    const status = earned === null ? 'not_reported' : earned === weight ? 'pass' : earned > 0 ? 'partial' : 'fail';
    return { key, label: LABELS[key], weight, earned, status, detail };
  });
  const reported = checks.filter((c) => c.earned !== null);
  const assessedWeight = reported.reduce((n, c) => n + c.weight, 0);
  const earned = reported.reduce((n, c) => n + (c.earned ?? 0), 0);
  const score = assessedWeight === 0 ? null : Math.round((100 * earned) / assessedWeight);
  const rating = score === null ? 'not_reported' : score >= 85 ? 'strong' : score >= 60 ? 'fair' : 'weak';
  return {
    score,
    rating,
    assessedWeight,
    checks,
    notReported: checks
      .filter((c) => c.earned === null)
      .map((c) => ({
        key: c.key,
        label: c.label,
        howToProvide: `set security.${FIELD[c.key]} (PUT /api/customers/:id/environment or techhealth environment import)`,
      })),
    recommendations: reported
      .filter((c) => (c.earned ?? 0) < c.weight)
      .map((c) => ({
        key: c.key,
        impact: c.weight - (c.earned ?? 0),
        text: `${ADVICE[c.key]} (now ${c.detail}; +${c.weight - (c.earned ?? 0)} points)`,
      }))
      .sort((a, b) => b.impact - a.impact),
  };
}
