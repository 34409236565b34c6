/** The check-up schedule of a newly added integration. */
import type { CatalogEntry } from './catalog.js';
import { CHECK_STAGES, type HealthCheck } from './types.js';

const HOUR_MS = 3_600_000;

/**
 * Plans the check-ups that apply to an entry, each `connectedAt + offsetHours`, in stage order, as pending
 * checks with no findings yet. Default offsets: connection 0 h (at once), sync 24 h, usage 168 h (day 7),
 * value 720 h (day 30); a webhook plans no sync.
 *
 * @param connectedAt epoch ms when the integration was connected (or detected)
 * @throws RangeError when `connectedAt` is not a finite number
 * @example planCheckups(Date.UTC(2026, 0, 1), salesforce).map((c) => c.stage) // ['connection', 'sync', 'usage', 'value']
 */
export function planCheckups(connectedAt: number, entry: CatalogEntry): HealthCheck[] {
  if (!Number.isFinite(connectedAt))
    throw new RangeError(`connectedAt must be epoch milliseconds (got ${connectedAt})`);
  return CHECK_STAGES.filter((stage) => entry.stages[stage].enabled).map((stage) => ({
    stage,
    scheduledFor: connectedAt + entry.stages[stage].offsetHours * HOUR_MS,
    completedAt: null,
    result: 'pending',
    findings: [],
    details: null,
  }));
}
