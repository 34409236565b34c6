/** Integration-disconnect detection (issue 4): pure domain logic. See docs/alerting.md. */

export * from './digest.js';
export * from './events.js';
export * from './history.js';
export * from './impact.js';
export * from './incident.js';
export * from './maintenance.js';
export * from './outage.js';
export * from './policy.js';
export * from './severity.js';
export * from './state.js';
export * from './types.js';
export * from './zoned-time.js';
