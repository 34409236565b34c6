import { randomUUID } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';

export interface TestDb {
  uri: string;
  dbName: string;
  conn: Connection;
  /** Drops the database and closes the connection (call in afterAll). */
  drop(): Promise<void>;
}

/** The URI of the run's server (started by global-setup.ts). */
export function testMongoUri(): string {
  const uri = process.env.MONGODB_URI;
  if (!uri)
    throw new Error('MONGODB_URI is not set: run integration tests through `npm test` (global setup starts a server).');
  return uri;
}

/** A database of its own for one test file: techhealth_test_<uuid>. */
export async function createTestDb(): Promise<TestDb> {
  const uri = testMongoUri();
  const dbName = `techhealth_test_${randomUUID().replaceAll('-', '')}`;
  const conn = await mongoose.createConnection(uri, { dbName, serverSelectionTimeoutMS: 5000 }).asPromise();
  return {
    uri,
    dbName,
    conn,
    drop: async () => {
      await conn.dropDatabase().catch(() => {});
      await conn.close();
    },
  };
}
