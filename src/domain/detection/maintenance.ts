/**
 * Maintenance windows per customer or integration, one-off or weekly-recurring in an IANA time zone.
 * During a window alerts are recorded but not sent; whatever is still open when it ends is sent then
 * (the service schedules that send at {@link nextWindowEnd}).
 *
 * Recurring windows start at a local wall-clock time (DST-correct: "Sunday 02:00 Europe/Paris" is 01:00Z in
 * winter and 00:00Z in summer) and last `durationMinutes` of elapsed time. A start inside a DST gap moves
 * forward by the gap (02:30 on the spring-forward night starts at 03:30).
 */
import type { IntegrationType } from '../records.js';
import { addLocalDays, fromZonedTime, isValidTimeZone, parseHhmm, toZonedParts } from './zoned-time.js';

/** Which alerts a window silences. Every field that is set must match; an empty scope matches nothing. */
export interface MaintenanceScope {
  customerId?: string;
  /** From `integrationKey()` in incident.ts. */
  integrationKey?: string;
  integrationType?: IntegrationType;
}

export interface OneOffWindow {
  id: string;
  kind: 'once';
  scope: MaintenanceScope;
  /** Epoch ms, inclusive. */
  startsAt: number;
  /** Epoch ms, exclusive. */
  endsAt: number;
}

export interface WeeklyWindow {
  id: string;
  kind: 'weekly';
  scope: MaintenanceScope;
  /** Local weekdays, 0 = Sunday … 6 = Saturday. */
  days: number[];
  /** Local start time 'HH:mm' (24 h). */
  startTime: string;
  durationMinutes: number;
  /** IANA zone, e.g. 'America/New_York'. */
  timeZone: string;
  /** Optional epoch-ms bounds on occurrence starts. */
  validFrom?: number;
  validUntil?: number;
}

export type MaintenanceWindow = OneOffWindow | WeeklyWindow;

export interface MaintenanceTarget {
  customerId: string;
  integrationKey?: string;
  integrationType?: IntegrationType;
}

/**
 * Problems with a window definition (empty when valid): empty scope, end before start, bad weekday,
 * malformed start time, non-positive or ≥ 7-day duration, unknown time zone.
 */
export function validateMaintenanceWindow(w: MaintenanceWindow): string[] {
  const problems: string[] = [];
  const { customerId, integrationKey, integrationType } = w.scope;
  if (!customerId && !integrationKey && !integrationType) problems.push('scope needs a customer, integration or type');
  if (w.kind === 'once') {
    if (!(Number.isFinite(w.startsAt) && Number.isFinite(w.endsAt) && w.endsAt > w.startsAt))
      problems.push('endsAt must be after startsAt');
  } else {
    if (w.days.length === 0 || w.days.some((d) => !Number.isInteger(d) || d < 0 || d > 6))
      problems.push('days must be weekdays 0 (Sunday) to 6 (Saturday)');
    if (parseHhmm(w.startTime) === null) problems.push(`startTime must be HH:mm (got "${w.startTime}")`);
    if (!(w.durationMinutes > 0 && w.durationMinutes < 7 * 1440))
      problems.push('durationMinutes must be in (0, 10080)');
    if (!isValidTimeZone(w.timeZone)) problems.push(`unknown time zone "${w.timeZone}"`);
  }
  return problems;
}

function scopeMatches(scope: MaintenanceScope, t: MaintenanceTarget): boolean {
  if (!scope.customerId && !scope.integrationKey && !scope.integrationType) return false;
  if (scope.customerId && scope.customerId !== t.customerId) return false;
  if (scope.integrationKey && scope.integrationKey !== t.integrationKey) return false;
  if (scope.integrationType && scope.integrationType !== t.integrationType) return false;
  return true;
}

/** The occurrence of a window covering `at`, as [start, end) epoch ms, or null. */
function coveringOccurrence(w: MaintenanceWindow, at: number): [number, number] | null {
  if (w.kind === 'once') return w.startsAt <= at && at < w.endsAt ? [w.startsAt, w.endsAt] : null;
  const startMin = parseHhmm(w.startTime);
  if (startMin === null || !(w.durationMinutes > 0) || !isValidTimeZone(w.timeZone)) return null;
  const durationMs = w.durationMinutes * 60_000;
  const today = toZonedParts(at, w.timeZone);
  const lookBackDays = Math.ceil(w.durationMinutes / 1440) + 1;
  let best: [number, number] | null = null;
  for (let d = -lookBackDays; d <= 0; d += 1) {
    const date = addLocalDays(today, d);
    const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
    if (!w.days.includes(weekday)) continue;
    const start = fromZonedTime({ ...date, hour: Math.floor(startMin / 60), minute: startMin % 60 }, w.timeZone);
    if (w.validFrom !== undefined && start < w.validFrom) continue;
    if (w.validUntil !== undefined && start > w.validUntil) continue;
    const end = start + durationMs;
    if (start <= at && at < end && (!best || end > best[1])) best = [start, end];
  }
  return best;
}

/**
 * The windows that apply to `target` and cover instant `at` (epoch ms).
 * @example activeWindows(windows, { customerId: 'c1' }, now).map((w) => w.id) // ['weekly-sunday']
 */
export function activeWindows(
  windows: readonly MaintenanceWindow[],
  target: MaintenanceTarget,
  at: number,
): MaintenanceWindow[] {
  return windows.filter((w) => scopeMatches(w.scope, target) && coveringOccurrence(w, at) !== null);
}

/**
 * Whether alerts for `target` are held at `at` (epoch ms).
 * @example isInMaintenance([{ id: 'm', kind: 'once', scope: { customerId: 'c1' }, startsAt: 0, endsAt: 10 }], { customerId: 'c1' }, 5) // true
 */
export function isInMaintenance(windows: readonly MaintenanceWindow[], target: MaintenanceTarget, at: number): boolean {
  return activeWindows(windows, target, at).length > 0;
}

/**
 * When maintenance for `target` ends (epoch ms), following back-to-back and overlapping windows until an
 * instant that no window covers; null when not in maintenance at `at`. The held alerts are sent then.
 * @example nextWindowEnd(windows, target, now) // e.g. Date.parse('2026-03-29T04:00:00Z')
 */
export function nextWindowEnd(
  windows: readonly MaintenanceWindow[],
  target: MaintenanceTarget,
  at: number,
): number | null {
  const applicable = windows.filter((w) => scopeMatches(w.scope, target));
  let cursor = at;
  let end: number | null = null;
  // Bounded: each step moves past at least one occurrence; 100 chained windows is far beyond real use.
  for (let i = 0; i < 100; i += 1) {
    let stepEnd: number | null = null;
    for (const w of applicable) {
      const occ = coveringOccurrence(w, cursor);
      if (occ && (stepEnd === null || occ[1] > stepEnd)) stepEnd = occ[1];
    }
    if (stepEnd === null) break;
    end = stepEnd;
    cursor = stepEnd;
  }
  return end;
}
