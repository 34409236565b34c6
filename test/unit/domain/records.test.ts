import { describe, expect, it } from '@jest/globals';
import { INTEGRATION_TYPES, integrationTypeInfo, isIntegrationType } from '../../../src/domain/records.js';

describe('integration catalogue', () => {
  it('when a type is listed, then its info is found by type and carries a positive SLA', () => {
    for (const info of INTEGRATION_TYPES) {
      expect(integrationTypeInfo(info.type)).toBe(info);
      expect(info.slaP95Ms).toBeGreaterThan(0);
    }
  });
  it('when a string is not a known type, then isIntegrationType rejects it', () => {
    expect(isIntegrationType('salesforce')).toBe(true);
    expect(isIntegrationType('myspace')).toBe(false);
  });
});
