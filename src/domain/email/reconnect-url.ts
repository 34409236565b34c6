/**
 * The link in the customer e-mail's "Reconnect" button, built from a configured pattern such as
 * `https://app.vendor.example/settings/integrations/{integrationType}?customer={customerExternalId}`.
 */
import { EmailError } from '../errors.js';

export interface ReconnectIds {
  customerId: string;
  customerExternalId: string | null;
  integrationType: string;
  integrationId: string;
}

const PLACEHOLDERS: readonly (keyof ReconnectIds)[] = [
  'customerId',
  'customerExternalId',
  'integrationType',
  'integrationId',
];

/**
 * Fills `{customerId}`, `{customerExternalId}`, `{integrationType}` and `{integrationId}` in `pattern`, each
 * value URL-encoded (`encodeURIComponent`), and checks the result is an absolute http(s) URL. Throws
 * `EmailError` `email.invalid_url` for an unknown placeholder, a placeholder whose value is null (the
 * customer has no external id), or a result that is not an http(s) URL.
 * @example
 * reconnectUrl('https://app.example/reconnect/{integrationType}?c={customerExternalId}', {
 *   customerId: '64f…', customerExternalId: 'ACME GmbH', integrationType: 'salesforce', integrationId: 'i1',
 * }) // 'https://app.example/reconnect/salesforce?c=ACME%20GmbH'
 */
export function reconnectUrl(pattern: string, ids: ReconnectIds): string {
  const filled = pattern.replace(/\{([^{}]*)\}/g, (_, key: string) => {
    if (!(PLACEHOLDERS as readonly string[]).includes(key)) {
      throw new EmailError(
        'email.invalid_url',
        `reconnect URL pattern: unknown placeholder {${key}} (expected one of ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})`,
        { field: 'reconnectUrl' },
      );
    }
    const value = ids[key as keyof ReconnectIds];
    if (value === null || value === '') {
      throw new EmailError(
        'email.invalid_url',
        `reconnect URL pattern uses {${key}}, which this customer has no value for`,
        {
          field: 'reconnectUrl',
        },
      );
    }
    return encodeURIComponent(value);
  });
  if (!isHttpUrl(filled)) {
    throw new EmailError('email.invalid_url', 'reconnect URL: expected an absolute http(s) URL', {
      field: 'reconnectUrl',
    });
  }
  return filled;
}

/**
 * Whether `value` parses as an absolute http: or https: URL (the only links the e-mail may carry).
 * @example isHttpUrl('javascript:alert(1)') // false
 */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
