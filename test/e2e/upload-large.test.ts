import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateDemoCsv } from '../../src/domain/demo/generate.js';
import { type AppHarness, startAppHarness } from '../support/app-harness.js';
import { testDatabase } from '../support/e2e-db.js';
import type { TestDb } from '../support/test-db.js';
import { fileShareMessage } from '../support/upload-events.js';

// The 1,000,000-row upload, generated on the fly by the demo generator, scored through the
// Slack flow: the processing message shows row counts while parsing, and the report is stored.
const ROWS = 1_000_000;
let h: AppHarness;
let db: TestDb;

beforeAll(async () => {
  db = await testDatabase();
  h = await startAppHarness({ mongodbUri: db.uri });
});

afterAll(async () => {
  await h?.stop();
  await db?.drop();
});

describe('a large upload', () => {
  it('when a 1,000,000-row CSV is uploaded, then progress updates show parsed rows and the report is stored', async () => {
    const file = h.slack.registerFile({
      name: 'acme_api_logs_q1.csv',
      content: [...generateDemoCsv({ rows: ROWS, seed: 11 })].join(''),
    });
    const started = Date.now();
    const res = await h.post('/slack/events', fileShareMessage(file, h.signingSecret, { ts: '1768000900.000100' }));
    expect(res.status).toBe(200);
    expect(res.elapsedMs).toBeLessThan(3000);
    const uploads = db.conn.collection('slack_uploads');
    for (;;) {
      const u = await uploads.findOne({ fileId: file.id });
      if (u?.status === 'done' || u?.status === 'failed') {
        expect(u.error).toBeNull();
        break;
      }
      if (Date.now() - started > 55_000) throw new Error('not finished within 55 s');
      await new Promise((r) => setTimeout(r, 200));
    }
    const progress = h.slack.calls('chat.update').map((c) => String(c.body.text));
    const parsed = progress.filter((t) => /parsed [\d,]+ rows/.test(t));
    expect(parsed.length).toBeGreaterThanOrEqual(1);
    expect(progress.at(-1)).toMatch(/^Scored 1,000,000 records/);
    expect(await db.conn.collection('tech_health_reports').countDocuments()).toBe(1);
    console.log(`1M rows: ${(Date.now() - started) / 1000}s, ${file.size} bytes, ${parsed.length} progress updates`);
  }, 90_000);
});
