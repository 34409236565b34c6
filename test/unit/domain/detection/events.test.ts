import { describe, expect, it } from '@jest/globals';
import {
  INTEGRATION_EVENT_TYPES,
  MAX_EVENTS_PER_BATCH,
  normalizeIntegrationType,
  parseEventBatch,
} from '../../../../src/domain/detection/events.js';

const valid = {
  customer: { id: 'cust-1' },
  integration: { id: 'int-1', type: 'salesforce', name: 'Salesforce EU' },
  type: 'token_refresh_failed',
  errorCode: 'invalid_grant',
  errorMessage: 'expired access/refresh token',
  occurredAt: '2026-11-02T10:00:00Z',
  idempotencyKey: 'evt-1',
};

describe('parseEventBatch', () => {
  it('when the body is one valid event, then it is returned normalised with occurredAt in epoch ms', () => {
    const r = parseEventBatch(valid);
    expect(r).toEqual({
      ok: [
        {
          customer: { id: 'cust-1' },
          integration: { id: 'int-1', type: 'salesforce', name: 'Salesforce EU' },
          type: 'token_refresh_failed',
          errorCode: 'invalid_grant',
          errorMessage: 'expired access/refresh token',
          occurredAt: Date.UTC(2026, 10, 2, 10),
          idempotencyKey: 'evt-1',
        },
      ],
    });
  });
  it('when occurredAt is epoch seconds, epoch ms or an ISO time with an offset, then all give the same instant', () => {
    const ms = Date.UTC(2026, 10, 2, 10);
    for (const occurredAt of [ms / 1000, ms, '2026-11-02T11:00:00+01:00']) {
      const r = parseEventBatch({ ...valid, occurredAt });
      expect('ok' in r && r.ok[0].occurredAt).toBe(ms);
    }
  });
  it('when the batch has several bad events, then every problem is listed with its index and path', () => {
    const r = parseEventBatch({
      events: [
        valid,
        { ...valid, customer: {}, occurredAt: 'yesterday' },
        { ...valid, type: 'exploded', idempotencyKey: '' },
        { ...valid, type: 'api_calls' },
        { ...valid, type: 'api_calls', count: 3, failed: 4 },
      ],
    });
    expect('errors' in r).toBe(true);
    if (!('errors' in r)) return;
    expect(r.errors.map((e) => `${e.index}:${e.path}`)).toEqual([
      '1:customer',
      '1:occurredAt',
      '2:type',
      '2:idempotencyKey',
      '3:count',
      '4:failed',
    ]);
    expect(r.errors[0].message).toBe('customer needs at least one of id, externalId or name');
    expect(r.errors[4].message).toBe('api_calls needs a count (number of calls)');
    expect(r.errors[5].message).toBe('failed cannot exceed count');
  });
  it('when a nested field is wrong, then the path is dotted', () => {
    const r = parseEventBatch({ events: [{ ...valid, integration: { id: 'x' } }] });
    expect(r).toEqual({ errors: [expect.objectContaining({ index: 0, path: 'integration.type' })] });
  });
  it('when the batch has more than the limit, then it is refused as a whole', () => {
    const r = parseEventBatch({ events: Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, () => valid) });
    expect(r).toEqual({ errors: [{ index: 0, path: 'events', message: 'too many events: 501 (at most 500)' }] });
  });
  it('when the envelope is wrong, then it says what shape is expected', () => {
    expect(parseEventBatch([valid])).toEqual({
      errors: [{ index: 0, path: '', message: 'body must be an event object or { "events": [...] }' }],
    });
    expect(parseEventBatch({ events: [] })).toEqual({
      errors: [{ index: 0, path: 'events', message: 'events must not be empty' }],
    });
    expect(parseEventBatch({ events: 'x' })).toEqual({
      errors: [{ index: 0, path: 'events', message: 'events must be an array' }],
    });
    expect('errors' in parseEventBatch(null)).toBe(true);
  });
  it('when api_calls has a count and no failed, then failed defaults to 0', () => {
    const r = parseEventBatch({ ...valid, type: 'api_calls', count: 12, endpoint: '/v1/charges' });
    expect('ok' in r && r.ok[0]).toMatchObject({ count: 12, failed: 0, endpoint: '/v1/charges' });
  });
  it('when the error code is a number, then it becomes a string', () => {
    const r = parseEventBatch({ ...valid, type: 'auth_failure', errorCode: 401 });
    expect('ok' in r && r.ok[0].errorCode).toBe('401');
  });
  it('when the integration type is unknown, then it is kept as custom_api with the declared type', () => {
    const r = parseEventBatch({ ...valid, integration: { type: 'NetSuite' } });
    expect('ok' in r && r.ok[0].integration).toEqual({ type: 'custom_api', declaredType: 'NetSuite' });
  });
  it('when every event type is sent, then each is accepted', () => {
    const r = parseEventBatch({
      events: INTEGRATION_EVENT_TYPES.map((type, i) => ({
        ...valid,
        type,
        idempotencyKey: `k${i}`,
        count: 1,
        usage: { activeUsers: 1 },
        security: { mfa: 'enforced' },
      })),
    });
    expect('ok' in r && r.ok.map((e) => e.type)).toEqual([...INTEGRATION_EVENT_TYPES]);
  });
});

describe('normalizeIntegrationType', () => {
  it('when a known type is written with capitals, spaces or dashes, then it is recognised', () => {
    expect(normalizeIntegrationType('Azure-AD')).toEqual({ type: 'azure_ad' });
    expect(normalizeIntegrationType(' Google Workspace ')).toEqual({ type: 'google_workspace' });
  });
  it('when the type is unknown, then it is custom_api with the declared spelling kept', () => {
    expect(normalizeIntegrationType('netsuite')).toEqual({ type: 'custom_api', declaredType: 'netsuite' });
  });
});

describe('parseEventBatch: connection details, usage snapshots and security changes', () => {
  it('when an API key is created, then scopes and the key prefix are kept and a whole key is refused', () => {
    const created = { ...valid, type: 'api_key_created', scopes: ['read:accounts'], keyPrefix: 'sk_live_4f' };
    const r = parseEventBatch(created);
    expect('ok' in r && r.ok[0]).toMatchObject({ scopes: ['read:accounts'], keyPrefix: 'sk_live_4f' });
    const leaked = parseEventBatch({ ...created, apiKey: 'sk_live_4f9a0c2e7b1d' });
    expect('errors' in leaked && leaked.errors).toEqual([
      expect.objectContaining({ path: 'apiKey', message: expect.stringMatching(/keyPrefix/) }),
    ]);
  });
  it('when a usage snapshot arrives, then its usage is kept (lastDataAt in epoch ms) and one without usage is refused', () => {
    const usage = { activeUsers: 4, featuresUsed: 2, featuresAvailable: 9, lastDataAt: '2026-11-02T09:00:00Z' };
    const r = parseEventBatch({ ...valid, type: 'usage_snapshot', usage });
    expect('ok' in r && r.ok[0].usage).toEqual({ ...usage, lastDataAt: Date.UTC(2026, 10, 2, 9) });
    const bad = parseEventBatch({
      events: [
        { ...valid, type: 'usage_snapshot' },
        { ...valid, type: 'usage_snapshot', usage: { activeUsers: -1 } },
      ],
    });
    expect('errors' in bad && bad.errors.map((e) => `${e.index}:${e.path}`)).toEqual([
      '0:usage',
      '1:usage.activeUsers',
    ]);
    const over = parseEventBatch({
      ...valid,
      type: 'usage_snapshot',
      usage: { featuresUsed: 9, featuresAvailable: 4 },
    });
    expect('errors' in over && over.errors).toEqual([
      { index: 0, path: 'usage.featuresUsed', message: 'featuresUsed cannot exceed featuresAvailable' },
    ]);
  });
  it('when a security change arrives, then the settings after it are validated like the environment contract', () => {
    const ok = parseEventBatch({
      ...valid,
      type: 'security_config_changed',
      security: { mfa: 'off' },
      actor: 'admin@acme.example',
    });
    expect('ok' in ok && ok.ok[0]).toMatchObject({ security: { mfa: 'off' }, actor: 'admin@acme.example' });
    const bad = parseEventBatch({ ...valid, type: 'security_config_changed', security: { mfa: 'sometimes' } });
    expect('errors' in bad && bad.errors.map((e) => e.path)).toEqual(['security.mfa']);
  });
});
