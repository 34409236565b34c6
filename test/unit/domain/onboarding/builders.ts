import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Catalog, type CatalogEntry, parseCatalog } from '../../../../src/domain/onboarding/catalog.js';
import { foldEventEvidence } from '../../../../src/domain/onboarding/evidence.js';
import type { CheckEvidence, EventEvidence, HealthCheck } from '../../../../src/domain/onboarding/types.js';
import { projectRoot } from '../../../support/source-files.js';

export const DAY = 24 * 3_600_000;
export const HOUR = 3_600_000;
export const T0 = Date.UTC(2026, 0, 5, 9, 0);

/** The catalog JSON as shipped, so tests judge the real data. */
export function catalogJson(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(projectRoot, 'templates/catalog/integrations.json'), 'utf8'));
}

let cached: Catalog | null = null;
export function catalog(): Catalog {
  cached ??= parseCatalog(catalogJson());
  return cached;
}

export function entry(type: string): CatalogEntry {
  const found = catalog().entries.find((e) => e.type === type);
  if (!found) throw new Error(`no catalog entry ${type}`);
  return found;
}

export function events(over: Partial<EventEvidence> = {}): EventEvidence {
  return { ...foldEventEvidence([], 0), ...over };
}

export function evidence(over: Partial<CheckEvidence> = {}): CheckEvidence {
  return { events: events(), report: null, usage: null, ...over };
}

/** A connected integration with data flowing: `n` successes, the newest `ageMs` before `now`. */
export function flowing(now: number, n = 200, ageMs = HOUR): EventEvidence {
  return events({
    successes: n,
    connections: 1,
    syncCompletions: 10,
    lastEventAt: now - ageMs,
    lastSuccessAt: now - ageMs,
    lastDataAt: now - ageMs,
  });
}

/** A completed check as the service stores it. */
export function completed(check: Omit<HealthCheck, 'scheduledFor'> & { scheduledFor?: number }): HealthCheck {
  return { scheduledFor: check.completedAt ?? T0, ...check };
}
