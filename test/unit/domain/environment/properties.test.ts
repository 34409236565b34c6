import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  diffSecurity,
  MFA_MODES,
  mergeEnvironment,
  parseEnvironmentPatch,
  type SecurityConfig,
  securityScore,
} from '../../../../src/domain/environment/index.js';

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const security: fc.Arbitrary<SecurityConfig> = fc
  .record({
    sso: maybe(fc.record({ enabled: fc.boolean() })),
    mfa: maybe(fc.constantFrom(...MFA_MODES)),
    ipAllowlist: maybe(fc.boolean()),
    apiKeyRotationDays: maybe(fc.integer({ min: 0, max: 400 })),
    auditLogging: maybe(fc.boolean()),
    encryptionAtRest: maybe(fc.boolean()),
  })
  .map((s) => Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as SecurityConfig);

describe('security properties', () => {
  it('when any configuration is scored, then the score is null or within 0–100 and covers only reported items', () => {
    fc.assert(
      fc.property(security, (s) => {
        const r = securityScore(s);
        if (r.score !== null) expect(r.score).toBeGreaterThanOrEqual(0);
        if (r.score !== null) expect(r.score).toBeLessThanOrEqual(100);
        expect(
          r.assessedWeight +
            r.notReported.reduce((n, x) => n + (r.checks.find((c) => c.key === x.key)?.weight ?? 0), 0),
        ).toBe(100);
      }),
    );
  });

  it('when a change is not a weakening and keeps the same items reported, then the score does not drop', () => {
    fc.assert(
      fc.property(security, security, (a, b) => {
        const sameKeys = (x: SecurityConfig) =>
          securityScore(x)
            .notReported.map((n) => n.key)
            .join();
        fc.pre(sameKeys(a) === sameKeys(b));
        fc.pre(!diffSecurity(a, b).weakening);
        expect(securityScore(b).score ?? 0).toBeGreaterThanOrEqual(securityScore(a).score ?? 0);
      }),
    );
  });

  it('when a patch sets security fields, then merging it gives those fields and keeps the others', () => {
    fc.assert(
      fc.property(security, security, (current, update) => {
        const r = parseEnvironmentPatch({ security: update });
        if (!r.ok) throw new Error(JSON.stringify(r.problems));
        const merged = mergeEnvironment({ security: current }, r.patch).security ?? {};
        for (const [k, v] of Object.entries(update)) {
          if (k === 'sso') expect(merged.sso).toMatchObject(v as object);
          else expect(merged[k as keyof SecurityConfig]).toEqual(v);
        }
        for (const [k, v] of Object.entries(current))
          if (!(k in update)) expect(merged[k as keyof SecurityConfig]).toEqual(v);
      }),
    );
  });
});
