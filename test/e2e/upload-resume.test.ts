import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateDemoCsv } from '../../src/domain/demo/generate.js';
import { PROCESSING_TEXT } from '../../views/upload-messages.js';
import { type AppHarness, startAppHarness } from '../support/app-harness.js';
import { testDatabase } from '../support/e2e-db.js';
import { TEST_IDS } from '../support/slack-request.js';
import type { TestDb } from '../support/test-db.js';

// A restart mid-upload: the previous process died while scoring, leaving its Agenda job locked and the
// upload "processing". The new process's scheduler takes the job over once the lock is stale, re-runs it
// from the stored state (same thread, same progress message) and finishes.
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

describe('restart mid-upload', () => {
  it('when a job was left running by a dead process, then the restarted app resumes it in the same thread and message', async () => {
    const file = h.slack.registerFile({
      name: 'acme_api_logs.csv',
      content: [...generateDemoCsv({ rows: 1500, seed: 9 })].join(''),
    });
    const longAgo = new Date(Date.now() - 20 * 60 * 1000);
    const messageTs = '1768001000.000100';
    const progressTs = '1768001000.000200';
    await db.conn.collection('slack_uploads').insertOne({
      fileId: file.id,
      eventIds: ['Ev0DEAD00001'],
      channel: TEST_IDS.channelId,
      messageTs,
      userId: TEST_IDS.userId,
      text: null,
      fileName: file.name,
      status: 'processing',
      progressTs,
      chosenCustomer: null,
      postedReportIds: [],
      reportIds: [],
      error: null,
      attempts: 1,
      runStartedAt: longAgo,
    });
    await db.conn.collection('agenda_jobs').insertOne({
      name: 'upload.score',
      data: { fileId: file.id },
      type: 'normal',
      priority: 0,
      nextRunAt: longAgo,
      lastRunAt: longAgo,
      lockedAt: longAgo,
      disabled: false,
    });

    const deadline = Date.now() + 20_000;
    let upload = await db.conn.collection('slack_uploads').findOne({ fileId: file.id });
    while (upload?.status !== 'done' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      upload = await db.conn.collection('slack_uploads').findOne({ fileId: file.id });
    }
    expect(upload?.status).toBe('done');
    expect(upload?.attempts).toBe(2);
    // No second "Processing…" message: the stored one is updated.
    expect(
      h.slack.calls('chat.postMessage').filter((c) => String(c.body.text).startsWith(PROCESSING_TEXT)),
    ).toHaveLength(0);
    expect(h.slack.calls('chat.update').every((c) => c.body.ts === progressTs)).toBe(true);
    expect(h.slack.calls('chat.postMessage').every((c) => c.body.thread_ts === messageTs)).toBe(true);
    expect(await db.conn.collection('tech_health_reports').countDocuments({ customerName: 'Acme Corp' })).toBe(1);
  });
});
