import { closeMongo, connectMongo } from './db/connection.js';
import { createRepos, ensureIndexes, type Repos } from './db/index.js';
import type { NamedCustomer } from './domain/customers/match.js';
import type { Logger } from './logger.js';
import type { CustomerDirectoryStore } from './services/customer-directory.js';

/**
 * MongoDB for the Slack app: connect, create the indexes correctness depends on, build the repositories,
 * and adapt them to the small ports the services take. Part of the composition root (src/app.ts).
 */

export interface Database {
  repos: Repos;
  customerStore: CustomerDirectoryStore;
  /** Resolves when MongoDB answers `ping`. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export async function openDatabase(uri: string, logger: Logger): Promise<Database> {
  const conn = await connectMongo(uri, logger);
  try {
    await ensureIndexes(conn);
  } catch (err) {
    await closeMongo(conn);
    throw err;
  }
  const repos = createRepos(conn);
  let closed = false;
  return {
    repos,
    customerStore: customerStoreFrom(repos),
    async ping() {
      if (closed || !conn.db) throw new Error('MongoDB connection is closed');
      await conn.db.admin().ping();
    },
    async close() {
      if (closed) return;
      closed = true;
      await closeMongo(conn);
    },
  };
}

const toNamed = (c: { id: string; name: string; aliases: string[] }): NamedCustomer => ({
  id: c.id,
  name: c.name,
  aliases: c.aliases,
});

function customerStoreFrom(repos: Repos): CustomerDirectoryStore {
  return {
    listCustomers: async () => (await repos.customers.list()).map(toNamed),
    customersOfCsm: async (slackUserId) => (await repos.customers.ofCsm(slackUserId)).map(toNamed),
    async findCustomer(id) {
      const c = await repos.customers.findById(id);
      return c ? toNamed(c) : null;
    },
    latestReport: async (customer) => (await repos.reports.findLatest(customer.id))?.report ?? null,
  };
}
