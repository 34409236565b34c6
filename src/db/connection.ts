import mongoose, { type Connection } from 'mongoose';
import type { Logger } from '../logger.js';

/** Opens a connection of our own (never the mongoose global), waiting until the server answers. */
export async function connectMongo(uri: string, logger?: Logger): Promise<Connection> {
  // A bounded pool: more concurrent operations only queue on the server (writes apply one at a time on
  // the test server), and with the driver's default of 100 a process could hold every one of FerretDB's
  // 100 SQLite connections with open cursors while the write holding its lock waited for one (a stall
  // with idle CPUs under 200 events/s). 24 keeps every process well inside that.
  const conn = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 10_000, autoIndex: false, maxPoolSize: 24 });
  conn.on('disconnected', () => logger?.warn('MongoDB disconnected'));
  conn.on('reconnected', () => logger?.info('MongoDB reconnected'));
  await conn.asPromise();
  logger?.debug({ db: conn.name }, 'MongoDB connected');
  return conn;
}

export async function closeMongo(conn: Connection): Promise<void> {
  await conn.close();
}

/** True when a write failed on a unique index (E11000). */
export function isDuplicateKeyError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}
