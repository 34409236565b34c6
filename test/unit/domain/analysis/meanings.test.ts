import { describe, expect, it } from '@jest/globals';
import { errorMeaning } from '../../../../src/domain/analysis/meanings.js';

describe('errorMeaning', () => {
  it.each([
    ['INTERNAL_ERROR', 'Server error at the provider'],
    ['INTERNAL_SERVER_ERROR', 'Server error at the provider'],
    ['ServiceUnavailable', 'Server error at the provider'],
    ['bad_gateway', 'Server error at the provider'],
    ['RESOURCE_NOT_FOUND', 'Not found: the object or endpoint does not exist'],
    ['INVALID_FIELD', 'Request rejected as invalid'],
  ])('when a vendor spells a server or client error as %s, then the CSM reads "%s"', (code, meaning) => {
    expect(errorMeaning(code)).toBe(meaning);
  });

  it('when a code means nothing we know, then it says so rather than guessing', () => {
    expect(errorMeaning('XYZZY')).toBe('Unrecognised error code');
  });
});
