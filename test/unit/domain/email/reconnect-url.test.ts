import { describe, expect, it } from '@jest/globals';
import { isHttpUrl, reconnectUrl } from '../../../../src/domain/email/reconnect-url.js';
import { EmailError } from '../../../../src/domain/errors.js';

const ids = {
  customerId: '64f0c0ffee',
  customerExternalId: 'ACME GmbH/EU & Co',
  integrationType: 'salesforce',
  integrationId: 'int?1#2',
};

describe('reconnectUrl', () => {
  it('when the pattern has every placeholder, then each is filled URL-encoded', () => {
    expect(
      reconnectUrl(
        'https://app.vendor.example/c/{customerId}/integrations/{integrationType}/{integrationId}?ext={customerExternalId}',
        ids,
      ),
    ).toBe(
      'https://app.vendor.example/c/64f0c0ffee/integrations/salesforce/int%3F1%232?ext=ACME%20GmbH%2FEU%20%26%20Co',
    );
  });

  it('when a placeholder repeats or none is used, then the pattern is filled as written', () => {
    expect(reconnectUrl('https://x.example/{integrationType}/{integrationType}', ids)).toBe(
      'https://x.example/salesforce/salesforce',
    );
    expect(reconnectUrl('https://x.example/settings/integrations', ids)).toBe(
      'https://x.example/settings/integrations',
    );
  });

  it('when the pattern is wrong or a value is missing, then an email.invalid_url error says which', () => {
    const fail = (pattern: string, over = {}) => {
      try {
        reconnectUrl(pattern, { ...ids, ...over });
      } catch (err) {
        expect(err).toBeInstanceOf(EmailError);
        expect((err as EmailError).code).toBe('email.invalid_url');
        return (err as EmailError).message;
      }
      throw new Error('expected an error');
    };
    expect(fail('https://x.example/{customer}')).toContain('unknown placeholder {customer}');
    expect(fail('https://x.example/{customerExternalId}', { customerExternalId: null })).toContain(
      '{customerExternalId}',
    );
    expect(fail('/settings/{integrationType}')).toContain('absolute http(s) URL');
    expect(fail('javascript:alert({integrationId})')).toContain('absolute http(s) URL');
  });

  it('when URLs are checked, then only absolute http and https pass', () => {
    expect([isHttpUrl('https://a.example/x'), isHttpUrl('http://localhost:3000/')]).toEqual([true, true]);
    expect([isHttpUrl('ftp://a.example'), isHttpUrl('data:text/html,hi'), isHttpUrl('a.example')]).toEqual([
      false,
      false,
      false,
    ]);
  });
});
