import { describe, expect, it } from '@jest/globals';
import { planCheckups } from '../../../../src/domain/onboarding/plan.js';
import { DAY, entry, T0 } from './builders.js';

describe('planCheckups', () => {
  it('when a CRM is connected, then it gets connection at once, sync on day 1, usage on day 7 and value on day 30', () => {
    expect(planCheckups(T0, entry('salesforce')).map((c) => [c.stage, (c.scheduledFor - T0) / DAY, c.result])).toEqual([
      ['connection', 0, 'pending'],
      ['sync', 1, 'pending'],
      ['usage', 7, 'pending'],
      ['value', 30, 'pending'],
    ]);
  });

  it('when the type has no sync (a webhook), then no sync check is planned', () => {
    expect(planCheckups(T0, entry('webhook')).map((c) => c.stage)).toEqual(['connection', 'usage', 'value']);
  });

  it('when an entry changes an offset, then the plan follows it', () => {
    const custom = {
      ...entry('hubspot'),
      stages: { ...entry('hubspot').stages, usage: { enabled: true, offsetHours: 72 } },
    };
    expect(planCheckups(T0, custom).find((c) => c.stage === 'usage')?.scheduledFor).toBe(T0 + 3 * DAY);
  });

  it('when connectedAt is not a time, then it says so', () => {
    expect(() => planCheckups(Number.NaN, entry('slack'))).toThrow('connectedAt must be epoch milliseconds (got NaN)');
  });
});
