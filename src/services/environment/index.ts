import type { Repos } from '../../db/index.js';
import type { CatalogEntry } from '../../domain/environment/tech-stack.js';
import type { Logger } from '../../logger.js';
import { createEnvironmentEvents } from './events.js';
import { createEnvironmentImport } from './import.js';
import { createEnvironmentStore } from './store.js';
import { createEnvironmentSummaries } from './summary.js';

/** The technical environment use cases (issue 15), assembled for createServices. */
export function createEnvironmentServices(deps: {
  repos: Repos;
  catalog: readonly CatalogEntry[];
  logger: Logger;
  now?: () => number;
}) {
  const store = createEnvironmentStore(deps);
  const summaries = createEnvironmentSummaries(deps);
  return {
    store,
    summaries,
    importer: createEnvironmentImport({ repos: deps.repos, store }),
    events: createEnvironmentEvents({ repos: deps.repos, store, logger: deps.logger }),
  };
}
export type EnvironmentServices = ReturnType<typeof createEnvironmentServices>;
