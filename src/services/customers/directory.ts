import type { CustomerRepo } from '../../db/customers.js';
import type { TechHealthReportRepo } from '../../db/tech-health-reports.js';
import { matchCustomer, type NamedCustomer } from '../../domain/customers/match.js';
import type { HealthReport } from '../../domain/report/types.js';

/**
 * Read-side of customers for Slack surfaces: `/techhealth <name>` lookups with "did you mean" suggestions
 * and the Home tab's list.
 */

export type CustomerLookup =
  | { kind: 'found'; customer: NamedCustomer; latest: HealthReport | null }
  | { kind: 'unknown'; query: string; suggestions: NamedCustomer[] };

export interface HomeEntry {
  id: string;
  name: string;
  latest: { score: number; status: HealthReport['status']; generatedAt: string } | null;
}

export interface CustomerDirectory {
  lookup(query: string): Promise<CustomerLookup>;
  byId(id: string): Promise<{ customer: NamedCustomer; latest: HealthReport | null } | null>;
  homeFor(slackUserId: string): Promise<HomeEntry[]>;
}

export function createCustomerDirectory(repos: {
  customers: CustomerRepo;
  reports: TechHealthReportRepo;
}): CustomerDirectory {
  const store = {
    listCustomers: (): Promise<NamedCustomer[]> => repos.customers.list(),
    customersOfCsm: (slackUserId: string): Promise<NamedCustomer[]> => repos.customers.ofCsm(slackUserId),
    findCustomer: (id: string): Promise<NamedCustomer | null> => repos.customers.findById(id),
    latestReport: async (customer: NamedCustomer) => (await repos.reports.findLatest(customer.id))?.report ?? null,
  };
  return {
    async lookup(query) {
      const { exact, suggestions } = matchCustomer(query, await store.listCustomers());
      if (exact) return { kind: 'found', customer: exact, latest: await store.latestReport(exact) };
      return { kind: 'unknown', query, suggestions: suggestions.map((s) => s.customer) };
    },
    async byId(id) {
      const customer = await store.findCustomer(id);
      return customer ? { customer, latest: await store.latestReport(customer) } : null;
    },
    async homeFor(slackUserId) {
      const customers = await store.customersOfCsm(slackUserId);
      return Promise.all(
        customers.map(async (c) => {
          const latest = await store.latestReport(c);
          return {
            id: c.id,
            name: c.name,
            latest: latest ? { score: latest.score, status: latest.status, generatedAt: latest.generatedAt } : null,
          };
        }),
      );
    },
  };
}
