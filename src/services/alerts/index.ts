import { createTransitionApplier } from './apply-transition.js';
import { type AlertingDeps, createAlertContext } from './context.js';
import { createAlertDelivery } from './deliver.js';
import { createDigests } from './digest.js';
import { createIntegrationStatus } from './integration-status.js';
import { createAlertLifecycle } from './lifecycle.js';
import { createAlertSweep } from './sweep.js';
import { createAlertRenderer } from './view-model.js';

/**
 * Integration-disconnect alerting, assembled from its use cases: a committed detector transition becomes
 * an incident and what follows from it (apply-transition.ts), the DM or upstream alert kept in step with
 * it (deliver.ts), what the CSM does to it (lifecycle.ts), the sweep (sweep.ts), the daily digest
 * (digest.ts) and the status modal's model (integration-status.ts).
 */

export type { AppliedAction } from './apply-transition.js';
export { type AlertingDeps, type CustomerContext, fixEmailKey } from './context.js';

export function createAlerting(deps: AlertingDeps) {
  const ctx = createAlertContext(deps);
  const renderer = createAlertRenderer(ctx);
  const delivery = createAlertDelivery(ctx, renderer);
  return {
    customerContext: ctx.customerContext,
    timeZoneOf: ctx.timeZoneOf,
    findIncident: (id: string) => deps.repos.incidents.findById(id),
    refresh: delivery.refresh,
    ...createTransitionApplier(ctx, renderer, delivery),
    ...createAlertLifecycle(ctx, delivery),
    ...createAlertSweep(ctx, renderer, delivery),
    ...createDigests(ctx),
    ...createIntegrationStatus(ctx, renderer),
  };
}
export type Alerting = ReturnType<typeof createAlerting>;
