import type { IntegrationEvent, IntegrationEventType } from '../../../../src/domain/detection/events.js';

export const T0 = Date.parse('2026-11-02T10:00:00Z');
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

let seq = 0;

/** A valid event of `type` at T0 + `atMs`, with a fresh idempotency key unless given. */
export function ev(type: IntegrationEventType, atMs: number, extra: Partial<IntegrationEvent> = {}): IntegrationEvent {
  seq += 1;
  return {
    customer: { id: 'cust-1' },
    integration: { id: 'int-1', type: 'salesforce' },
    type,
    occurredAt: T0 + atMs,
    idempotencyKey: `k-${seq}`,
    ...extra,
  };
}
