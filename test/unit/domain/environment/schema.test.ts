import { describe, expect, it } from '@jest/globals';
import {
  diffSecurity,
  environmentSchema,
  mergeEnvironment,
  parseEnvironmentPatch,
} from '../../../../src/domain/environment/index.js';
import { FULL_ENVIRONMENT } from './fixtures.js';

describe('environment contract', () => {
  it("when the issue's example is validated, then it is accepted unchanged and extra fields are kept", () => {
    const withExtra = {
      ...FULL_ENVIRONMENT,
      security: { ...FULL_ENVIRONMENT.security, scimEnabled: true },
      notes: 'x',
    };
    const r = environmentSchema.safeParse(withExtra);
    expect(r.success).toBe(true);
    expect(r.data?.security).toMatchObject({ mfa: 'optional', scimEnabled: true });
    expect((r.data as Record<string, unknown>).notes).toBe('x');
  });
});

describe('parseEnvironmentPatch', () => {
  it('when a partial update is valid, then only the given fields are in the patch', () => {
    const r = parseEnvironmentPatch({ security: { mfa: 'enforced' }, limits: { webhooks: 20 } });
    expect(r).toEqual({ ok: true, patch: { security: { mfa: 'enforced' }, limits: { webhooks: 20 } } });
  });

  it('when several fields are wrong, then every problem is listed with its path', () => {
    const r = parseEnvironmentPatch({
      limits: { apiCallsPerMonth: -5, rateLimitPerSecond: 'fast' },
      security: { mfa: 'sometimes', sso: { enabled: 'yes' } },
      compliance: { dpaSignedAt: '12/03/2024', soc2: 'maybe' },
      technicalContacts: [
        { name: 'A', email: 'not-an-email', primary: true },
        { name: 'B', technicalLevel: 'expert', primary: true },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.problems.map((p) => [p.path, p.message]));
    expect(byPath).toEqual({
      'limits.apiCallsPerMonth': 'must be 0 or more',
      'limits.rateLimitPerSecond': 'must be a number (requests per second)',
      'security.mfa': 'must be one of enforced, optional, off',
      'security.sso.enabled': 'must be true or false',
      'compliance.dpaSignedAt': 'must be a date like 2024-03-12',
      'compliance.soc2': 'must be one of covered, met, in_progress, not_met, not_applicable',
      'technicalContacts[0].email': 'must be an e-mail address',
      'technicalContacts[1].technicalLevel': 'must be one of high, medium, low',
    });
  });

  it('when two contacts are primary, then the second one is the problem', () => {
    const r = parseEnvironmentPatch({
      technicalContacts: [
        { name: 'A', primary: true },
        { name: 'B', primary: true },
      ],
    });
    expect(r).toEqual({
      ok: false,
      problems: [{ path: 'technicalContacts[1].primary', message: 'only one technical contact can be primary' }],
    });
  });

  it('when the body has no known section or is not an object, then that is said', () => {
    expect(parseEnvironmentPatch({ secuirty: { mfa: 'off' } })).toEqual({
      ok: false,
      problems: [
        {
          path: '(body)',
          message: 'must contain at least one of limits, security, compliance, techStack, technicalContacts',
        },
      ],
    });
    expect(parseEnvironmentPatch([1])).toEqual({
      ok: false,
      problems: [{ path: '(body)', message: 'must be a JSON object' }],
    });
  });
});

describe('mergeEnvironment', () => {
  it('when a patch changes one field, then the other fields and sections stay and nothing is mutated', () => {
    const current = structuredClone(FULL_ENVIRONMENT);
    const r = parseEnvironmentPatch({ security: { mfa: 'enforced', sso: { provider: 'Azure AD' } } });
    if (!r.ok) throw new Error('patch rejected');
    const merged = mergeEnvironment(current, r.patch);
    expect(merged.security).toEqual({
      ...FULL_ENVIRONMENT.security,
      mfa: 'enforced',
      sso: { enabled: true, provider: 'Azure AD' },
    });
    expect(merged.limits).toEqual(FULL_ENVIRONMENT.limits);
    expect(current).toEqual(FULL_ENVIRONMENT);
  });

  it('when a field or a section is null, then it becomes not reported; lists are replaced', () => {
    const r = parseEnvironmentPatch({
      limits: { storageGb: null },
      compliance: null,
      techStack: [{ category: 'CRM', technology: 'HubSpot' }],
    });
    if (!r.ok) throw new Error('patch rejected');
    const merged = mergeEnvironment(FULL_ENVIRONMENT, r.patch);
    expect(merged.limits).not.toHaveProperty('storageGb');
    expect(merged.limits?.apiCallsPerMonth).toBe(1_000_000);
    expect(merged).not.toHaveProperty('compliance');
    expect(merged.techStack).toEqual([{ category: 'CRM', technology: 'HubSpot', source: 'manual' }]);
  });
});

describe('diffSecurity', () => {
  it.each([
    ['MFA enforced → optional', { mfa: 'enforced' }, { mfa: 'optional' }, 'mfa'],
    ['MFA optional → off', { mfa: 'optional' }, { mfa: 'off' }, 'mfa'],
    ['allowlist removed', { ipAllowlist: true }, { ipAllowlist: false }, 'ipAllowlist'],
    ['SSO disabled', { sso: { enabled: true } }, { sso: { enabled: false } }, 'sso.enabled'],
    ['rotation lengthened', { apiKeyRotationDays: 90 }, { apiKeyRotationDays: 180 }, 'apiKeyRotationDays'],
    ['rotation stopped', { apiKeyRotationDays: 90 }, { apiKeyRotationDays: 0 }, 'apiKeyRotationDays'],
    ['audit logging off', { auditLogging: true }, { auditLogging: false }, 'auditLogging'],
    ['encryption off', { encryptionAtRest: true }, { encryptionAtRest: false }, 'encryptionAtRest'],
  ] as const)('when %s, then the change weakens security', (_, before, after, field) => {
    const d = diffSecurity(before as never, after as never);
    expect(d.weakening).toBe(true);
    expect(d.entries).toEqual([expect.objectContaining({ field, weakens: true })]);
  });

  it('when security is strengthened or only the provider changes, then it is logged but not a weakening', () => {
    const d = diffSecurity(
      { mfa: 'optional', apiKeyRotationDays: 180, sso: { enabled: true, provider: 'Okta' } },
      { mfa: 'enforced', apiKeyRotationDays: 30, sso: { enabled: true, provider: 'Azure AD' } },
    );
    expect(d.weakening).toBe(false);
    expect(d.entries.map((e) => e.description)).toEqual([
      'SSO provider changed from Okta to Azure AD',
      'MFA changed from optional to enforced',
      'API key rotation changed from every 180 days to every 30 days',
    ]);
  });

  it('when a field stops being reported, then the entry says so without calling it a weakening', () => {
    const d = diffSecurity({ ipAllowlist: true }, {});
    expect(d).toEqual({
      weakening: false,
      entries: [
        {
          field: 'ipAllowlist',
          before: true,
          after: null,
          weakens: false,
          description: 'IP allowlist changed from on to not reported',
        },
      ],
    });
  });

  it('when nothing changes, then there are no entries', () => {
    expect(diffSecurity(FULL_ENVIRONMENT.security, structuredClone(FULL_ENVIRONMENT.security))).toEqual({
      entries: [],
      weakening: false,
    });
  });
});
