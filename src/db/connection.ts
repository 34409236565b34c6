import mongoose, { type Connection } from 'mongoose';
import type { Logger } from '../logger.js';

/** Opens a connection of our own (never the mongoose global), waiting until the server answers. */
export async function connectMongo(uri: string, logger?: Logger): Promise<Connection> {
  const conn = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 10_000, autoIndex: false });
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
