import { describe, expect, it } from '@jest/globals';
import { SECURITY_WEIGHTS, securityScore } from '../../../../src/domain/environment/index.js';
import { FULL_ENVIRONMENT } from './fixtures.js';

describe('securityScore', () => {
  it('when the weights are summed, then they make 100', () => {
    expect(Object.values(SECURITY_WEIGHTS).reduce((a, b) => a + b, 0)).toBe(100);
  });

  it("when scoring the issue's example by hand, then 20 + 10 + 0 + 15 + 15 + 15 = 75 of 100", () => {
    // SSO on 20/20, MFA optional 10/25, no IP allowlist 0/10, rotation 90 days 15/15, audit 15/15, encryption 15/15.
    const s = securityScore(FULL_ENVIRONMENT.security);
    expect(s.score).toBe(75);
    expect(s.rating).toBe('fair');
    expect(s.assessedWeight).toBe(100);
    expect(s.checks.map((c) => [c.key, c.earned, c.status])).toEqual([
      ['sso', 20, 'pass'],
      ['mfa', 10, 'partial'],
      ['ipAllowlist', 0, 'fail'],
      ['apiKeyRotation', 15, 'pass'],
      ['auditLogging', 15, 'pass'],
      ['encryptionAtRest', 15, 'pass'],
    ]);
    expect(s.notReported).toEqual([]);
    expect(s.recommendations.map((r) => [r.key, r.impact])).toEqual([
      ['mfa', 15],
      ['ipAllowlist', 10],
    ]);
    expect(s.recommendations[0].text).toBe('Enforce MFA for every user (now optional; +15 points)');
  });

  it('when items are not reported, then they leave the score rather than count as failures', () => {
    // Reported: SSO on (20 of 20), MFA off (0 of 25), rotation 120 days (0 of 15): 20 / 60 = 33.3 → 33.
    const s = securityScore({ sso: { enabled: true }, mfa: 'off', apiKeyRotationDays: 120 });
    expect(s.score).toBe(33);
    expect(s.assessedWeight).toBe(60);
    expect(s.rating).toBe('weak');
    expect(s.notReported.map((n) => n.key)).toEqual(['ipAllowlist', 'auditLogging', 'encryptionAtRest']);
    expect(s.notReported[0].howToProvide).toContain('security.ipAllowlist');
    expect(s.recommendations.map((r) => r.key)).toEqual(['mfa', 'apiKeyRotation']);
  });

  it('when nothing is reported, then there is no score, only what to provide', () => {
    const s = securityScore(undefined);
    expect(s.score).toBeNull();
    expect(s.rating).toBe('not_reported');
    expect(s.notReported).toHaveLength(6);
    expect(s.recommendations).toEqual([]);
  });

  it('when everything is met, then the score is 100 and strong', () => {
    const s = securityScore({
      ...FULL_ENVIRONMENT.security,
      mfa: 'enforced',
      ipAllowlist: true,
      apiKeyRotationDays: 30,
    });
    expect([s.score, s.rating, s.recommendations]).toEqual([100, 'strong', []]);
  });

  it('when keys are never rotated (0 days), then rotation fails', () => {
    expect(securityScore({ apiKeyRotationDays: 0 }).checks.find((c) => c.key === 'apiKeyRotation')).toMatchObject({
      earned: 0,
      detail: 'never',
    });
  });
});
