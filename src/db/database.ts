import type { Logger } from '../logger.js';
import { closeMongo, connectMongo } from './connection.js';
import { createRepos, ensureIndexes, type Repos } from './index.js';

/**
 * MongoDB for the app: connect, create the indexes correctness depends on and build the repositories.
 */

export interface Database {
  repos: Repos;
  /** Resolves when MongoDB answers `ping`. */
  ping(): Promise<void>;
  /** False while the driver has no usable connection (a request would wait for one). */
  connected(): boolean;
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
    async ping() {
      if (closed || !conn.db) throw new Error('MongoDB connection is closed');
      await conn.db.admin().ping();
    },
    connected: () => !closed && conn.readyState === 1,
    async close() {
      if (closed) return;
      closed = true;
      await closeMongo(conn);
    },
  };
}
