import type { Connection } from 'mongoose';
import { createCustomerRepo } from './customers.js';
import { createIntegrationRepo } from './integrations.js';
import { createTechHealthReportRepo } from './tech-health-reports.js';

export function createRepos(conn: Connection) {
  return {
    customers: createCustomerRepo(conn),
    integrations: createIntegrationRepo(conn),
    reports: createTechHealthReportRepo(conn),
  };
}
export type Repos = ReturnType<typeof createRepos>;

/**
 * Creates the indexes correctness depends on (unique keys) at start-up. Only plain and unique
 * indexes are used, so the same definitions work on MongoDB and FerretDB v1 (no partial/TTL indexes).
 */
export async function ensureIndexes(conn: Connection): Promise<void> {
  const repos = createRepos(conn);
  await Promise.all([repos.customers.model, repos.integrations.model, repos.reports.model].map((m) => m.createIndexes()));
}
