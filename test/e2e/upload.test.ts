import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { generateDemoCsv } from '../../src/domain/demo/generate.js';
import { ACTION } from '../../views/ids.js';
import { PROCESSING_TEXT } from '../../views/upload-messages.js';
import { type AppHarness, startAppHarness } from '../support/app-harness.js';
import { testDatabase } from '../support/e2e-db.js';
import { TEST_IDS } from '../support/slack-request.js';
import type { TestDb } from '../support/test-db.js';
import { fileShared, fileShareMessage, staticSelectChoice } from '../support/upload-events.js';

// Upload → score as Slack drives it: signed file_share / file_shared events, the file downloaded from the
// stand-in's url_private with the bot token, replies and the chart asserted on the recorded Web API calls,
// the report in MongoDB.
let h: AppHarness;
let db: TestDb;

const demoCsv = (rows: number) => [...generateDemoCsv({ rows, seed: 3 })].join('');

/** Five hours of one integration without a customer column: the customer must come from elsewhere. */
function anonymousCsv(): string {
  const lines = ['timestamp,integration,type,endpoint,status,latency_ms'];
  for (let i = 0; i < 300; i++) {
    const t = new Date(Date.UTC(2026, 0, 5, 0, i)).toISOString();
    lines.push(`${t},Salesforce,crm,/services/data/v59.0/sobjects,${i % 10 === 0 ? 500 : 200},${120 + (i % 7)}`);
  }
  return `${lines.join('\n')}\n`;
}

const reports = () => db.conn.collection('tech_health_reports');
const uploadDoc = (fileId: string) => db.conn.collection('slack_uploads').findOne({ fileId });

async function until<T>(fn: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const processingPosts = () =>
  h.slack.calls('chat.postMessage').filter((c) => String(c.body.text ?? '').startsWith(PROCESSING_TEXT));

beforeAll(async () => {
  db = await testDatabase();
  h = await startAppHarness({ mongodbUri: db.uri });
});

afterAll(async () => {
  await h?.stop();
  await db?.drop();
});

beforeEach(() => h.slack.reset());

describe('upload → score in the channel', () => {
  it('when a CSM uploads a CSV with a message, then the bot replies in the thread, posts the report with buttons and a chart, and stores it', async () => {
    const file = h.slack.registerFile({ name: 'acme_api_logs_jan2026.csv', content: demoCsv(3000) });
    const ts = '1768000100.000100';
    const res = await h.post(
      '/slack/events',
      fileShareMessage(file, h.signingSecret, { ts, text: 'Calculate technical health from this integration data' }),
    );
    expect(res.status).toBe(200);
    expect(res.elapsedMs).toBeLessThan(3000);

    const done = await until(async () => {
      const u = await uploadDoc(file.id);
      return u?.status === 'done' || u?.status === 'failed' ? u : null;
    });
    expect(done.error).toBeNull();
    expect(done.status).toBe('done');

    const posts = h.slack.calls('chat.postMessage');
    expect(posts[0].body).toMatchObject({ channel: TEST_IDS.channelId, thread_ts: ts });
    expect(String(posts[0].body.text)).toContain(PROCESSING_TEXT);
    // Every reply is in the upload's thread; the report carries the four buttons.
    for (const p of posts) expect(p.body.thread_ts).toBe(ts);
    const actionIds = posts.flatMap((p) =>
      ((p.body.blocks ?? []) as { type: string; elements?: { action_id?: string }[] }[])
        .filter((b) => b.type === 'actions')
        .flatMap((b) => (b.elements ?? []).map((e) => e.action_id)),
    );
    expect(actionIds).toEqual(
      expect.arrayContaining([
        ACTION.reportCreateTicket,
        ACTION.reportScheduleCall,
        ACTION.reportDraftReport,
        ACTION.reportUpdateRiskSignals,
      ]),
    );
    // The processing message ends as the summary line.
    const updates = h.slack.calls('chat.update');
    expect(String(updates.at(-1)?.body.text)).toMatch(
      /^Scored 3,000 records of acme_api_logs_jan2026\.csv for Acme Corp/,
    );

    const complete = h.slack.calls('files.completeUploadExternal');
    expect(complete).toHaveLength(1);
    expect(complete[0].body).toMatchObject({ channel_id: TEST_IDS.channelId, thread_ts: ts });
    const fileId = (complete[0].body.files as { id: string }[])[0].id;
    const png = h.slack.uploads().get(fileId);
    expect(png?.subarray(1, 4).toString('latin1')).toBe('PNG');

    const stored = await reports().find({ customerName: 'Acme Corp' }).toArray();
    expect(stored).toHaveLength(1);
    expect(done.reportIds).toEqual([String(stored[0]._id)]);
  });

  it('when Slack retries the event, repeats the event_id, and also sends file_shared, then the file is scored once', async () => {
    const file = h.slack.registerFile({
      name: 'initech_logs.csv',
      content: demoCsv(500).replaceAll('Acme Corp', 'Initech'),
    });
    const ts = '1768000200.000100';
    const first = fileShareMessage(file, h.signingSecret, { ts, eventId: 'Ev0RETRY0001' });
    const again = fileShareMessage(file, h.signingSecret, { ts, eventId: 'Ev0RETRY0001' });
    const retried = fileShareMessage(file, h.signingSecret, { ts, eventId: 'Ev0RETRY0001', retryNum: 1 });
    const shared = fileShared(file, h.signingSecret, { eventId: 'Ev0SHARED001' });
    const answers = await Promise.all([
      h.post('/slack/events', first),
      h.post('/slack/events', again),
      h.post('/slack/events', shared),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect((await h.post('/slack/events', retried)).status).toBe(200);

    await until(async () => (await uploadDoc(file.id))?.status === 'done');
    // Give a second (wrongly queued) run time to show itself.
    await new Promise((r) => setTimeout(r, 500));
    expect(processingPosts()).toHaveLength(1);
    expect(await reports().countDocuments({ customerName: 'Initech' })).toBe(1);
    expect(await db.conn.collection('agenda_jobs').countDocuments({ 'data.fileId': file.id })).toBe(1);
    expect((await uploadDoc(file.id))?.attempts).toBe(1);
  });

  it('when the upload is not integration data, then the thread reply says exactly why and nothing is stored', async () => {
    const before = await reports().countDocuments();
    const file = h.slack.registerFile({
      name: 'holiday.png',
      content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]),
      mimetype: 'image/png',
      filetype: 'png',
    });
    const ts = '1768000300.000100';
    await h.post('/slack/events', fileShareMessage(file, h.signingSecret, { ts }));
    const failed = await until(async () => {
      const u = await uploadDoc(file.id);
      return u?.status === 'failed' ? u : null;
    });
    const reply = h.slack.calls('chat.postMessage').find((c) => String(c.body.text).startsWith('I could not score'));
    expect(reply?.body.thread_ts).toBe(ts);
    expect(reply?.body.text).toBe(`I could not score holiday.png: ${failed.error}`);
    expect(String(failed.error).length).toBeGreaterThan(10);
    expect(await reports().countDocuments()).toBe(before);
  });

  it('when the file has no customer column, then a known customer named by the file name gets the report', async () => {
    await db.conn.collection('customers').insertOne({ name: 'Globex', nameKey: 'globex', aliases: [], aliasKeys: [] });
    const file = h.slack.registerFile({ name: 'globex_api_logs_jan2026.csv', content: anonymousCsv() });
    await h.post('/slack/events', fileShareMessage(file, h.signingSecret, { ts: '1768000400.000100' }));
    const u = await until(async () => {
      const d = await uploadDoc(file.id);
      return d?.status === 'done' || d?.status === 'failed' ? d : null;
    });
    expect(u.error).toBeNull();
    expect(await reports().countDocuments({ customerName: 'Globex' })).toBe(1);
  });

  it('when neither file nor message names a known customer, then the CSM is asked, and their choice scores the file for it', async () => {
    const file = h.slack.registerFile({ name: 'zenith_export.csv', content: anonymousCsv() });
    const ts = '1768000500.000100';
    await h.post('/slack/events', fileShareMessage(file, h.signingSecret, { ts }));
    await until(async () => (await uploadDoc(file.id))?.status === 'awaiting_customer');
    const ask = await until(async () =>
      h.slack
        .calls('chat.postMessage')
        .find((c) =>
          ((c.body.blocks ?? []) as { block_id?: string }[]).some((b) => b.block_id === `upload:${file.id}`),
        ),
    );
    const select = (ask.body.blocks as { accessory: { options: { value: string; text: { text: string } }[] } }[])[0]
      .accessory;
    const option = select.options.find((o) => o.value === 'new:Zenith');
    expect(option?.text.text).toBe('New customer: Zenith');
    expect(select.options.map((o) => o.text.text)).toContain('Globex');
    expect(await reports().countDocuments({ customerName: 'Zenith' })).toBe(0);

    const choose = staticSelectChoice(
      {
        actionId: ACTION.uploadChooseCustomer,
        blockId: `upload:${file.id}`,
        value: 'new:Zenith',
        label: 'New customer: Zenith',
        channelId: TEST_IDS.channelId,
        messageTs: '1768000500.000900',
        responseUrl: h.slack.responseUrl(),
      },
      h.signingSecret,
    );
    const [a, b] = await Promise.all([h.post('/slack/events', choose), h.post('/slack/events', choose)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await until(async () => (await uploadDoc(file.id))?.status === 'done');
    expect(await reports().countDocuments({ customerName: 'Zenith' })).toBe(1);
    expect((await uploadDoc(file.id))?.attempts).toBe(2);
  });
});
