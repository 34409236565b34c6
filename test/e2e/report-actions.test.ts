import { randomUUID } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import type { HealthReport } from '../../src/domain/report/types.js';
import { ACTION, CALLBACK } from '../../views/ids.js';
import { type AppHarness, startAppHarness } from '../support/app-harness.js';
import { checkBlocks } from '../support/block-kit-rules.js';
import { testDatabase } from '../support/e2e-db.js';
import { type GoogleApiStandIn, startGoogleApi } from '../support/google-api.js';
import { buildIntegration, buildIssue, buildReport } from '../support/report-builder.js';
import { blockActions, type SignedRequest, sign, TEST_IDS, viewSubmission } from '../support/slack-request.js';
import type { TestDb } from '../support/test-db.js';

// The four buttons under a score report, driven as Slack drives them (signed block_actions and
// view_submission payloads) against the Slack and Google stand-ins and the test MongoDB.

const SUPPORT_CHANNEL = 'C0SUPPORT1';
const REPORT_TS = '1768000000.000001';

let h: AppHarness;
let google: GoogleApiStandIn;
let db: TestDb;

beforeAll(async () => {
  db = await testDatabase();
  google = await startGoogleApi();
  h = await startAppHarness({ mongodbUri: db.uri, env: { ...google.env(), SUPPORT_CHANNEL_ID: SUPPORT_CHANNEL } });
});

afterAll(async () => {
  await h?.stop();
  await google?.close();
  await db?.drop();
});

beforeEach(() => {
  h.slack.reset();
  google.reset();
});

function acmeReport(overrides: Partial<HealthReport> = {}): HealthReport {
  return buildReport({
    customer: 'Acme Corp',
    integrations: [
      buildIntegration({
        issues: [
          buildIssue(),
          buildIssue({
            kind: 'latency_breach',
            severity: 'high',
            title: 'p95 latency 900 ms over the 800 ms SLA',
            evidence: { p95Ms: 900, slaMs: 800 },
          }),
        ],
      }),
      buildIntegration({
        name: 'Zendesk',
        type: 'zendesk',
        category: 'support',
        issues: [buildIssue({ kind: 'auth_failures', severity: 'medium', title: '401s after token rotation' })],
      }),
    ],
    ...overrides,
  });
}

/** Stores a report the way the upload flow does (customer + tech_health_reports) and returns its id. */
async function storeReport(report = acmeReport()): Promise<{ reportId: string; customerId: string }> {
  const { repos } = h.app.db;
  const customer = await repos.customers.upsertByName(report.customer ?? 'Acme Corp');
  await db.conn.collection('customers').updateOne(
    { _id: new Types.ObjectId(customer.id) },
    {
      $set: {
        csmSlackUserId: TEST_IDS.userId,
        technicalContacts: [
          { name: 'Dana Dev', role: 'Lead engineer', email: 'dana@acme.example', level: 'primary' },
          { name: 'Ira Ops', role: 'SRE', email: 'ira@acme.example', level: 'secondary' },
        ],
      },
    },
  );
  const { stored } = await repos.reports.insertIfAbsent({
    customerId: customer.id,
    customerName: customer.name,
    fileHash: randomUUID(),
    fileNames: ['acme_api_logs_jan2026.json'],
    report,
  });
  return { reportId: stored.id, customerId: customer.id };
}

const click = (actionId: string, reportId: string, userId?: string) =>
  h.post(
    '/slack/events',
    blockActions(
      { actionId, value: reportId, responseUrl: h.slack.responseUrl(), messageTs: REPORT_TS, userId },
      h.signingSecret,
    ),
  );

/** A view_submission as Slack sends it, with the modal's own id (Slack gives every opened modal a new one). */
function submit(args: {
  callbackId: string;
  values: Record<string, Record<string, unknown>>;
  privateMetadata: string;
  viewId: string;
}): SignedRequest {
  const signed = viewSubmission(args, h.signingSecret);
  const payload = JSON.parse(new URLSearchParams(signed.body).get('payload') as string);
  payload.view.id = args.viewId;
  payload.view.root_view_id = args.viewId;
  const resigned = sign(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), h.signingSecret);
  resigned.headers['content-type'] = 'application/x-www-form-urlencoded';
  return resigned;
}

type ModalBlock = { block_id?: string; element?: Record<string, unknown> };
/** The state Slack would submit for an unchanged modal: each input's initial value. */
function initialState(view: { blocks: ModalBlock[] }): Record<string, Record<string, unknown>> {
  const values: Record<string, Record<string, unknown>> = {};
  for (const b of view.blocks) {
    if (!b.block_id || !b.element) continue;
    const e = b.element as Record<string, unknown>;
    const v: Record<string, unknown> = { type: e.type };
    if (e.type === 'plain_text_input') v.value = e.initial_value ?? null;
    if (e.type === 'static_select') v.selected_option = e.initial_option ?? null;
    if (e.type === 'datepicker') v.selected_date = e.initial_date ?? null;
    if (e.type === 'timepicker') v.selected_time = e.initial_time ?? null;
    if (e.type === 'checkboxes') v.selected_options = e.initial_options ?? [];
    values[b.block_id] = { [e.action_id as string]: v };
  }
  return values;
}

async function openedModal(): Promise<{ callback_id: string; private_metadata: string; blocks: ModalBlock[] }> {
  const [open] = await h.slack.waitForCall('views.open');
  return open.body.view as { callback_id: string; private_metadata: string; blocks: ModalBlock[] };
}

describe('Create Support Ticket', () => {
  it('when the CSM clicks it, then a modal prefilled from the report opens, and submitting stores TECH-<year>-<seq> and confirms in the thread and the support channel', async () => {
    const { reportId } = await storeReport();
    const res = await click(ACTION.reportCreateTicket, reportId);
    expect(res.status).toBe(200);
    expect(res.elapsedMs).toBeLessThan(3000);

    const view = await openedModal();
    expect(view.callback_id).toBe(CALLBACK.ticketSubmit);
    expect(checkBlocks(view.blocks, 'view')).toBeNull();
    const state = initialState(view);
    expect(state.subject.value).toMatchObject({
      value: 'Acme Corp: Salesforce — 429 rate limiting since Jan 12 (8.0% of calls)',
    });
    expect(state.priority.value).toMatchObject({ selected_option: { value: 'urgent' } });
    const description = (state.description.value as { value: string }).value;
    expect(description).toContain('[high] Salesforce: p95 latency 900 ms over the 800 ms SLA');
    expect(description).toContain('Evidence: errorRate=8.0%');
    expect(description).toContain('Recommendations:');

    const sub = await h.post(
      '/slack/events',
      submit({
        callbackId: CALLBACK.ticketSubmit,
        values: state,
        privateMetadata: view.private_metadata,
        viewId: 'V0TICKET01',
      }),
    );
    expect(sub.status).toBe(200);
    expect(sub.text).toBe('');

    const posts = await h.slack.waitForCall('chat.postMessage', 2);
    const year = new Date().getUTCFullYear();
    const tickets = await h.app.db.repos.supportTickets.listForReport(reportId);
    expect(tickets).toHaveLength(1);
    expect(tickets[0].ticketId).toMatch(new RegExp(`^TECH-${year}-\\d{4}$`));
    expect(tickets[0]).toMatchObject({ priority: 'urgent', customerName: 'Acme Corp', createdBy: TEST_IDS.userId });
    const thread = posts.find((p) => p.body.channel === TEST_IDS.channelId);
    expect(thread?.body).toMatchObject({ thread_ts: REPORT_TS });
    expect(thread?.body.text).toContain(tickets[0].ticketId);
    const support = posts.find((p) => p.body.channel === SUPPORT_CHANNEL);
    expect(support?.body.text).toContain(`New support ticket ${tickets[0].ticketId} for Acme Corp`);
    const ref = await eventually(
      async () => (await h.app.db.repos.supportTickets.findByTicketId(tickets[0].ticketId))?.supportMessage,
    );
    expect(ref).toEqual({ channel: SUPPORT_CHANNEL, ts: expect.any(String) });
  });

  it('when the same modal is submitted twice at once (double click on Submit), then one ticket is stored and confirmed once; the second submitter is told its id', async () => {
    const { reportId } = await storeReport();
    await click(ACTION.reportCreateTicket, reportId);
    const view = await openedModal();
    const values = initialState(view);
    const req = () =>
      submit({
        callbackId: CALLBACK.ticketSubmit,
        values,
        privateMetadata: view.private_metadata,
        viewId: 'V0TICKET02',
      });
    const [a, b] = await Promise.all([h.post('/slack/events', req()), h.post('/slack/events', req())]);
    expect([a.status, b.status]).toEqual([200, 200]);

    const [ephemeral] = await h.slack.waitForCall('chat.postEphemeral');
    const tickets = await h.app.db.repos.supportTickets.listForReport(reportId);
    expect(tickets).toHaveLength(1);
    expect(ephemeral.body.text).toContain(`already has support ticket ${tickets[0].ticketId}`);
    await h.slack.waitForCall('chat.postMessage', 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.slack.calls('chat.postMessage').filter((c) => c.body.channel === TEST_IDS.channelId)).toHaveLength(1);
  });

  it('when two CSMs open the modal on the same report and both submit, then the second submission returns the first ticket; reopening shows it and offers "create another"', async () => {
    const { reportId } = await storeReport();
    await click(ACTION.reportCreateTicket, reportId, 'U0CSM0001');
    await click(ACTION.reportCreateTicket, reportId, 'U0CSM0002');
    const opened = await h.slack.waitForCall('views.open', 2);
    const [v1, v2] = opened.map((c) => c.body.view as { private_metadata: string; blocks: ModalBlock[] });
    await Promise.all([
      h.post(
        '/slack/events',
        submit({
          callbackId: CALLBACK.ticketSubmit,
          values: initialState(v1),
          privateMetadata: v1.private_metadata,
          viewId: 'V0TWOCSM01',
        }),
      ),
      h.post(
        '/slack/events',
        submit({
          callbackId: CALLBACK.ticketSubmit,
          values: initialState(v2),
          privateMetadata: v2.private_metadata,
          viewId: 'V0TWOCSM02',
        }),
      ),
    ]);
    await h.slack.waitForCall('chat.postEphemeral');
    expect(await h.app.db.repos.supportTickets.listForReport(reportId)).toHaveLength(1);

    h.slack.reset();
    await click(ACTION.reportCreateTicket, reportId);
    const again = await openedModal();
    expect(again.blocks.some((b) => b.block_id === 'another')).toBe(true);
  });

  it('when 20 submissions asking for another ticket arrive at once, then 20 tickets get 20 distinct consecutive numbers', async () => {
    const { reportId } = await storeReport();
    await click(ACTION.reportCreateTicket, reportId);
    const view = await openedModal();
    const values = {
      ...initialState(view),
      another: { value: { type: 'checkboxes', selected_options: [{ value: 'yes' }] } },
    };
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        h.post(
          '/slack/events',
          submit({
            callbackId: CALLBACK.ticketSubmit,
            values,
            privateMetadata: view.private_metadata,
            viewId: `V0MANY${String(i).padStart(4, '0')}`,
          }),
        ),
      ),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    await h.slack.waitForCall('chat.postMessage', 40, 15000);
    const tickets = await h.app.db.repos.supportTickets.listForReport(reportId);
    expect(tickets).toHaveLength(20);
    const seqs = tickets.map((t) => Number(t.ticketId.slice(-4))).sort((a, b) => a - b);
    expect(new Set(seqs).size).toBe(20);
    expect(seqs[19] - seqs[0]).toBe(19);
  }, 30000);

  it('when the subject is emptied, then the modal answers with a field error and nothing is stored', async () => {
    const { reportId } = await storeReport();
    await click(ACTION.reportCreateTicket, reportId);
    const view = await openedModal();
    const values = { ...initialState(view), subject: { value: { type: 'plain_text_input', value: '   ' } } };
    const res = await h.post(
      '/slack/events',
      submit({
        callbackId: CALLBACK.ticketSubmit,
        values,
        privateMetadata: view.private_metadata,
        viewId: 'V0EMPTY001',
      }),
    );
    expect(res.json()).toEqual({ response_action: 'errors', errors: { subject: 'Give the ticket a subject.' } });
    expect(await h.app.db.repos.supportTickets.listForReport(reportId)).toHaveLength(0);
  });

  it('when the button names a report that is not stored, then the CSM gets an ephemeral explanation and no modal', async () => {
    await click(ACTION.reportCreateTicket, '65a1b2c3d4e5f60718293a4b');
    const [eph] = await h.slack.waitForCall('chat.postEphemeral');
    expect(eph.body).toMatchObject({ channel: TEST_IDS.channelId, user: TEST_IDS.userId });
    expect(eph.body.text).toContain('no longer stored');
    expect(h.slack.calls('views.open')).toHaveLength(0);
  });
});

describe('Schedule Technical Call', () => {
  it("when the CSM schedules a call, then the modal has the customer's contacts, the CSM and an agenda, and submitting creates a Calendar event in the CSM's time zone with invitations sent", async () => {
    h.slack.addUser({ id: TEST_IDS.userId, email: 'casey@vendor.example', tz: 'Europe/Berlin', tzOffset: 3600 });
    const { reportId } = await storeReport();
    await click(ACTION.reportScheduleCall, reportId);
    const view = await openedModal();
    expect(view.callback_id).toBe(CALLBACK.callSubmit);
    expect(checkBlocks(view.blocks, 'view')).toBeNull();
    const state = initialState(view);
    expect((state.attendees.value as { value: string }).value.split('\n')).toEqual([
      'dana@acme.example',
      'ira@acme.example',
      'casey@vendor.example',
    ]);
    const agenda = (state.agenda.value as { value: string }).value;
    expect(agenda).toContain('2. Salesforce: 429 rate limiting since Jan 12 (8.0% of calls) (critical)');
    expect(agenda).toContain('4. Zendesk: 401s after token rotation (medium)');
    expect(JSON.stringify(view.blocks)).toContain('Europe/Berlin');

    const values = {
      ...state,
      date: { value: { type: 'datepicker', selected_date: '2099-03-02' } },
      time: { value: { type: 'timepicker', selected_time: '15:30' } },
      duration: { value: { type: 'static_select', selected_option: { value: '45' } } },
    };
    const res = await h.post(
      '/slack/events',
      submit({ callbackId: CALLBACK.callSubmit, values, privateMetadata: view.private_metadata, viewId: 'V0CALL0001' }),
    );
    expect(res.status).toBe(200);

    const [insert] = await google.waitForCall('calendar.events.insert');
    expect(google.calls('token')[0].body).toMatchObject({
      grant_type: 'refresh_token',
      refresh_token: '1//test-refresh-token',
    });
    expect(insert.query).toMatchObject({ sendUpdates: 'all', conferenceDataVersion: '1' });
    expect(insert.authorization).toMatch(/^Bearer ya29\.test-/);
    expect(insert.body).toMatchObject({
      summary: 'Technical review: Acme Corp',
      start: { dateTime: '2099-03-02T15:30:00', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2099-03-02T16:15:00', timeZone: 'Europe/Berlin' },
      attendees: [{ email: 'dana@acme.example' }, { email: 'ira@acme.example' }, { email: 'casey@vendor.example' }],
    });
    const [post] = await h.slack.waitForCall('chat.postMessage');
    expect(post.body).toMatchObject({ channel: TEST_IDS.channelId, thread_ts: REPORT_TS });
    expect(post.body.text).toBe(
      'Technical call with Acme Corp scheduled for 2099-03-02 15:30 (Europe/Berlin), 45 minutes',
    );
    expect(JSON.stringify(post.body.blocks)).toContain('meet.google.com');
  });

  it('when the same call modal is submitted twice at once, then Calendar gets one event and the thread one confirmation', async () => {
    const { reportId } = await storeReport();
    await click(ACTION.reportScheduleCall, reportId);
    const view = await openedModal();
    const values = { ...initialState(view), date: { value: { type: 'datepicker', selected_date: '2099-03-03' } } };
    const req = () =>
      submit({ callbackId: CALLBACK.callSubmit, values, privateMetadata: view.private_metadata, viewId: 'V0CALL0002' });
    await Promise.all([h.post('/slack/events', req()), h.post('/slack/events', req())]);
    await google.waitForCall('calendar.events.insert', 2);
    await h.slack.waitForCall('chat.postMessage');
    await new Promise((r) => setTimeout(r, 300));
    expect(google.events().size).toBe(1);
    expect(h.slack.calls('chat.postMessage')).toHaveLength(1);
  });

  it('when the date is in the past, then the modal answers with a date error and Calendar is not called', async () => {
    const { reportId } = await storeReport();
    await click(ACTION.reportScheduleCall, reportId);
    const view = await openedModal();
    const values = { ...initialState(view), date: { value: { type: 'datepicker', selected_date: '2020-01-01' } } };
    const res = await h.post(
      '/slack/events',
      submit({ callbackId: CALLBACK.callSubmit, values, privateMetadata: view.private_metadata, viewId: 'V0CALL0003' }),
    );
    expect(res.json()).toEqual({ response_action: 'errors', errors: { date: 'Pick today or a later date.' } });
    expect(google.calls('calendar.events.insert')).toHaveLength(0);
  });

  it('when Google Calendar fails, then the CSM is told in an ephemeral message and nothing is confirmed in the thread', async () => {
    const { reportId } = await storeReport();
    await click(ACTION.reportScheduleCall, reportId);
    const view = await openedModal();
    google.failNext('calendar.events.insert', 403, 'Insufficient Permission');
    const values = { ...initialState(view), date: { value: { type: 'datepicker', selected_date: '2099-03-04' } } };
    await h.post(
      '/slack/events',
      submit({ callbackId: CALLBACK.callSubmit, values, privateMetadata: view.private_metadata, viewId: 'V0CALL0004' }),
    );
    const [eph] = await h.slack.waitForCall('chat.postEphemeral');
    expect(eph.body.text).toContain('Google Calendar answered 403');
    expect(h.slack.calls('chat.postMessage')).toHaveLength(0);
  });
});

describe('Draft Technical Report', () => {
  it('when the CSM drafts the report, then a Markdown and a valid PDF naming the customer are uploaded into the thread', async () => {
    const { reportId } = await storeReport();
    await click(ACTION.reportDraftReport, reportId);
    const [complete] = await h.slack.waitForCall('files.completeUploadExternal', 1, 10000);
    expect(complete.body).toMatchObject({ channel_id: TEST_IDS.channelId, thread_ts: REPORT_TS });
    const files = complete.body.files as { id: string; title: string }[];
    expect(files).toHaveLength(2);
    const names = h.slack.calls('files.getUploadURLExternal').map((c) => c.body.filename);
    expect(names).toEqual(['acme-corp-technical-health-2026-01-20.md', 'acme-corp-technical-health-2026-01-20.pdf']);

    const uploads = h.slack.uploads();
    const markdown = uploads.get(files[0].id)?.toString('utf8') ?? '';
    expect(markdown).toMatch(/^# Technical health report: Acme Corp\n/);
    expect(markdown).toContain('### [critical] Salesforce: 429 rate limiting since Jan 12 (8.0% of calls)');
    expect(markdown).toContain(`Report ${reportId}`);

    const pdf = uploads.get(files[1].id) as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
    expect(pdfText(pdf)).toContain(Buffer.from('Acme Corp', 'latin1').toString('hex'));
  });

  it('when the CSM double-clicks Draft, then the files are uploaded once and the second click is told it is already running', async () => {
    const { reportId } = await storeReport();
    await Promise.all([click(ACTION.reportDraftReport, reportId), click(ACTION.reportDraftReport, reportId)]);
    await h.slack.waitForCall('files.completeUploadExternal', 1, 10000);
    const [eph] = await h.slack.waitForCall('chat.postEphemeral');
    expect(eph.body.text).toContain('already started');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.calls('files.getUploadURLExternal')).toHaveLength(2);
    expect(h.slack.calls('files.completeUploadExternal')).toHaveLength(1);
  });
});

describe('Update Risk Signals', () => {
  it("when the CSM updates risk signals, then one open signal per integration and issue kind is stored, the customer's health records the score, and the thread gets the counts", async () => {
    const { reportId, customerId } = await storeReport();
    await click(ACTION.reportUpdateRiskSignals, reportId);
    const [post] = await h.slack.waitForCall('chat.postMessage');
    expect(post.body).toMatchObject({ channel: TEST_IDS.channelId, thread_ts: REPORT_TS });
    expect(post.body.text).toBe('Risk signals for Acme Corp: 3 created, 0 updated.');
    const open = await h.app.db.repos.riskSignals.listOpen(customerId);
    expect(open.map((s) => `${s.integration}/${s.kind}/${s.severity}/${s.occurrences}`).sort()).toEqual([
      'Salesforce/latency_breach/high/1',
      'Salesforce/rate_limited/critical/1',
      'Zendesk/auth_failures/medium/1',
    ]);
    expect(open.every((s) => s.status === 'open' && s.openKey === s.dedupKey)).toBe(true);
    const customer = await h.app.db.repos.customers.findById(customerId);
    if (!customer) throw new Error('customer vanished');
    expect(customer.healthScore).toBe(62);
    expect(customer.healthHistory).toHaveLength(1);

    // A later report with the same Salesforce problem counts into the open signal instead of opening another.
    h.slack.reset();
    const later = await storeReport(
      acmeReport({
        generatedAt: '2026-01-27T10:00:00.000Z',
        score: 55,
        integrations: [buildIntegration({ issues: [buildIssue()] })],
      }),
    );
    await click(ACTION.reportUpdateRiskSignals, later.reportId);
    const [second] = await h.slack.waitForCall('chat.postMessage');
    expect(second.body.text).toBe('Risk signals for Acme Corp: 0 created, 1 updated.');
    const after = await h.app.db.repos.riskSignals.listOpen(customerId);
    expect(after).toHaveLength(3);
    expect(after.find((s) => s.kind === 'rate_limited')?.occurrences).toBe(2);
    expect(((await h.app.db.repos.customers.findById(customerId)) as { healthScore: number }).healthScore).toBe(55);
  });

  it('when two people click Update Risk Signals at once, then the signals are counted once and confirmed once', async () => {
    const report = acmeReport({ customer: 'Initech' });
    const { reportId, customerId } = await storeReport(report);
    await Promise.all([
      click(ACTION.reportUpdateRiskSignals, reportId, 'U0CSM0001'),
      click(ACTION.reportUpdateRiskSignals, reportId, 'U0CSM0002'),
    ]);
    await h.slack.waitForCall('chat.postMessage');
    await h.slack.waitForCall('chat.postEphemeral');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.calls('chat.postMessage')).toHaveLength(1);
    const open = await h.app.db.repos.riskSignals.listOpen(customerId);
    expect(open).toHaveLength(3);
    expect(open.every((s) => s.occurrences === 1)).toBe(true);
    const customer = await h.app.db.repos.customers.findById(customerId);
    expect(customer?.healthHistory).toHaveLength(1);
  });
});

describe('without Google credentials', () => {
  it('when the CSM clicks Schedule Technical Call, then an ephemeral message says what to configure and no modal opens', async () => {
    const bare = await startAppHarness({ mongodbUri: db.uri });
    try {
      await bare.post(
        '/slack/events',
        blockActions(
          {
            actionId: ACTION.reportScheduleCall,
            value: '65a1b2c3d4e5f60718293a4b',
            responseUrl: bare.slack.responseUrl(),
          },
          bare.signingSecret,
        ),
      );
      const [eph] = await bare.slack.waitForCall('chat.postEphemeral');
      expect(eph.body.text).toContain('GOOGLE_CLIENT_ID');
      expect(eph.body.text).toContain('GOOGLE_APPLICATION_CREDENTIALS');
      expect(bare.slack.calls('views.open')).toHaveLength(0);
    } finally {
      await bare.stop();
    }
  });
});

/** Polls `read` until it returns something truthy (work that runs after the ack). */
async function eventually<T>(read: () => Promise<T | null | undefined>, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The PDF's page content: pdfkit deflates each content stream; inflate them and join. */
function pdfText(pdf: Buffer): string {
  const text = pdf.toString('latin1');
  const parts: string[] = [];
  const re = /(?<!end)stream\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    const raw = pdf.subarray(start, end);
    try {
      parts.push(inflateSync(raw).toString('latin1'));
    } catch {
      parts.push(raw.toString('latin1'));
    }
    re.lastIndex = end;
  }
  return parts.join('\n');
}
