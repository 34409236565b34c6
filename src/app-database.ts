import { isValidObjectId } from 'mongoose';
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

type CustomerDoc = { _id: unknown; name: string; aliases?: string[] };
const toNamed = (d: CustomerDoc): NamedCustomer => ({ id: String(d._id), name: d.name, aliases: d.aliases ?? [] });

function customerStoreFrom(repos: Repos): CustomerDirectoryStore {
  // The customer repo has no list/by-CSM queries yet; until it does, read through its model here.
  const Customer = repos.customers.model;
  const projection = { name: 1, aliases: 1 };
  return {
    listCustomers: async () => ((await Customer.find({}, projection).lean()) as CustomerDoc[]).map(toNamed),
    customersOfCsm: async (slackUserId) =>
      ((await Customer.find({ csmSlackUserId: slackUserId }, projection).lean()) as CustomerDoc[]).map(toNamed),
    async findCustomer(id) {
      // Button values come from Slack: anything that is not an ObjectId cannot name a customer.
      if (!isValidObjectId(id)) return null;
      const doc = (await repos.customers.findById(id)) as CustomerDoc | null;
      return doc ? toNamed(doc) : null;
    },
    latestReport: async (customer) => (await repos.reports.findLatest(customer.id))?.report ?? null,
  };
}
