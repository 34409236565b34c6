import { createTestDb, type TestDb } from './test-db.js';

/**
 * The per-file test database (test-db.ts) with a URI that names it, for code that connects by URI alone
 * (createApp, the spawned `npm start`): `mongodb://host:port/techhealth_test_<uuid>?…`.
 */
export async function testDatabase(): Promise<TestDb> {
  const db = await createTestDb();
  return { ...db, uri: withDatabase(db.uri, db.dbName) };
}

export function withDatabase(serverUri: string, dbName: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(\?.*)?$/.exec(serverUri);
  if (!match) throw new Error('MONGODB_URI is not a mongodb:// URI');
  return `${match[1]}/${dbName}${match[2] ?? ''}`;
}
