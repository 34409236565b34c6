import type { Connection } from 'mongoose';
import { createCheckupOutreachRepo } from './checkup-outreach.js';
import { createCounterRepo } from './counters.js';
import { createCustomerRepo } from './customers.js';
import { createEnvironmentConditionRepo } from './environment-conditions.js';
import { createEnvironmentUsageRepo } from './environment-usage.js';
import { createHealthCheckRepo } from './health-checks.js';
import { createIncidentRepo } from './incidents.js';
import { createIntegrationEventRepo } from './integration-events.js';
import { createIntegrationOnboardingRepo } from './integration-onboarding.js';
import { createIntegrationRepo } from './integrations.js';
import { createMaintenanceWindowRepo } from './maintenance-windows.js';
import { createOutreachRepo } from './outreach.js';
import { createRiskSignalRepo } from './risk-signals.js';
import { createSecurityAuditRepo } from './security-audit.js';
import { createShardLeaseRepo } from './shard-leases.js';
import { createSupportTicketRepo } from './support-tickets.js';
import { createTaskRepo } from './tasks.js';
import { createTechHealthReportRepo } from './tech-health-reports.js';
import { createUploadRepo } from './uploads.js';
import { createUpstreamAlertRepo } from './upstream-alerts.js';

export function createRepos(conn: Connection) {
  return {
    customers: createCustomerRepo(conn),
    integrations: createIntegrationRepo(conn),
    reports: createTechHealthReportRepo(conn),
    counters: createCounterRepo(conn),
    supportTickets: createSupportTicketRepo(conn),
    riskSignals: createRiskSignalRepo(conn),
    uploads: createUploadRepo(conn),
    events: createIntegrationEventRepo(conn),
    incidents: createIncidentRepo(conn),
    tasks: createTaskRepo(conn),
    outreach: createOutreachRepo(conn),
    maintenance: createMaintenanceWindowRepo(conn),
    upstreamAlerts: createUpstreamAlertRepo(conn),
    healthChecks: createHealthCheckRepo(conn),
    securityAudit: createSecurityAuditRepo(conn),
    environmentUsage: createEnvironmentUsageRepo(conn),
    environmentConditions: createEnvironmentConditionRepo(conn),
    onboarding: createIntegrationOnboardingRepo(conn),
    checkupOutreach: createCheckupOutreachRepo(conn),
    shardLeases: createShardLeaseRepo(conn),
  };
}
export type Repos = ReturnType<typeof createRepos>;

/**
 * Creates the indexes correctness depends on (unique keys) at start-up. Only plain and unique
 * indexes are used, so the same definitions work on MongoDB and FerretDB v1 (no partial/TTL indexes).
 * Then fills integration_refs for integrations saved before it existed.
 */
export async function ensureIndexes(conn: Connection): Promise<void> {
  const repos = createRepos(conn);
  // createRepos registered every model on this connection; each declares its indexes beside its schema.
  await Promise.all(Object.values(conn.models).map((m) => m.createIndexes()));
  await repos.integrations.backfillRefs();
  await repos.customers.migrateLegacyEnvironments();
}
