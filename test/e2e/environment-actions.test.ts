import { describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { CALLBACK, ENVIRONMENT_ACTION, limitIncreaseValue } from '../../views/ids.js';
import { until, useAlertApp } from '../support/alert-events.js';
import { blockActions, sign, TEST_IDS, viewSubmission } from '../support/slack-request.js';

// The quick actions of a technical environment summary, clicked as Slack sends them, against the Slack and
// Google stand-ins: the PDF (text extracted from it names a customer written in three scripts) and the
// Markdown, SE support, the integration proposal, a limit increase, the alert to the customer and the review.
const SE = 'C0SECHAN01';
const app = useAlertApp({ csm: TEST_IDS.userId, tz: 'Europe/Berlin', env: { SE_CHANNEL_ID: SE } });
const NAME = `Ångström Łódź Москва 東京 ${new Types.ObjectId().toHexString().slice(-4)}`;
const THREAD = '1768000999.000100';

async function customer() {
  const name = `${NAME}-${new Types.ObjectId().toHexString().slice(-6)}`;
  const customers = app.db.conn.collection('customers');
  const { insertedId } = await customers.insertOne({
    name,
    nameKey: name.toLowerCase(),
    aliases: [],
    aliasKeys: [],
    csmSlackUserId: TEST_IDS.userId,
    limits: { apiCallsPerMonth: 1_000_000 },
    security: { mfa: 'optional', sso: { enabled: true, provider: 'Okta' } },
    techStack: [{ category: 'CRM', technology: 'HubSpot', source: 'technographics' }],
    techStackReported: true,
    technicalContacts: [
      { name: 'Mike Lee', role: 'Director of Engineering', email: 'mike.lee@acme.example', primary: true },
    ],
  });
  const id = String(insertedId);
  await app.db.conn.collection('customer_usage').insertOne({
    _id: id as never,
    usage: JSON.stringify({ apiCallsThisMonth: 950_000 }),
    at: new Date(),
  });
  const { insertedId: integrationId } = await app.db.conn.collection('integrations').insertOne({
    customerId: insertedId,
    name: 'Salesforce',
    nameKey: 'salesforce',
    type: 'salesforce',
    category: 'crm',
    critical: true,
    status: 'disconnected',
    statusSince: new Date(Date.now() - 3 * 3_600_000),
  });
  return { id, name, integrationId: String(integrationId) };
}

const click = (actionId: string, value: string) =>
  app.h.post(
    '/slack/events',
    blockActions({ actionId, value, responseUrl: app.h.slack.responseUrl(), messageTs: THREAD }, app.h.signingSecret),
  );

async function pdfText(pdf: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise;
  let out = '';
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    out += content.items.map((i) => ('str' in i ? i.str : '')).join('');
  }
  return out;
}

describe('Export Tech Summary', () => {
  it('when the CSM exports, then a PDF whose text names the customer in every script and a Markdown file land in the thread, once', async () => {
    const c = await customer();
    expect((await click(ENVIRONMENT_ACTION.exportSummary, c.id)).status).toBe(200);
    const [complete] = await app.h.slack.waitForCall('files.completeUploadExternal', 1, 15_000);
    expect(complete.body).toMatchObject({ channel_id: TEST_IDS.channelId, thread_ts: THREAD });
    const files = (typeof complete.body.files === 'string' ? JSON.parse(complete.body.files) : complete.body.files) as {
      id: string;
      title: string;
    }[];
    const uploads = app.h.slack.uploads();
    const pdf = uploads.get(files[0].id) as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(pdf);
    // pdf.js joins text items without the spaces between them at font changes: compare word by word.
    for (const word of c.name.split(' ')) expect(text).toContain(word);
    expect(text).not.toContain('?');
    expect(text).toContain('Salesforce');
    expect((uploads.get(files[1].id) as Buffer).toString('utf8')).toContain(`# Technical environment — ${c.name}`);

    await click(ENVIRONMENT_ACTION.exportSummary, c.id);
    const [eph] = await app.h.slack.waitForCall('chat.postEphemeral');
    expect(String(eph.body.text)).toMatch(/already/i);
    expect(app.h.slack.calls('files.completeUploadExternal')).toHaveLength(1);
  });
});

describe('quick actions on an ephemeral summary', () => {
  it('when the bot is not in the channel of an ephemeral /techhealth answer, then the export comes to the CSM by DM', async () => {
    const c = await customer();
    const signed = blockActions(
      { actionId: ENVIRONMENT_ACTION.exportSummary, value: c.id, responseUrl: app.h.slack.responseUrl() },
      app.h.signingSecret,
    );
    const payload = JSON.parse(new URLSearchParams(signed.body).get('payload') as string);
    payload.container.is_ephemeral = true;
    delete payload.message;
    const ephemeral = sign(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), app.h.signingSecret);
    ephemeral.headers['content-type'] = 'application/x-www-form-urlencoded';
    app.h.slack.failNext('files.completeUploadExternal', 'not_in_channel');
    expect((await app.h.post('/slack/events', ephemeral)).status).toBe(200);
    const completes = await app.h.slack.waitForCall('files.completeUploadExternal', 2, 15_000);
    const [dm] = app.h.slack.calls('chat.postMessage').filter((p) => p.body.channel === TEST_IDS.userId);
    expect(String(dm.body.text)).toContain('I cannot post in');
    expect(completes[0].body).not.toHaveProperty('thread_ts');
    expect(completes[1].body.thread_ts).toBeDefined();
  });
});

describe('Request SE Support and Request Limit Increase', () => {
  it('when the CSM asks for SE support, then the summary goes to the SE channel and the thread says where', async () => {
    const c = await customer();
    await click(ENVIRONMENT_ACTION.requestSeSupport, c.id);
    const posts = await app.h.slack.waitForCall('chat.postMessage', 2);
    const toSe = posts.find((p) => p.body.channel === SE);
    expect(String(toSe?.body.text)).toContain(`asks for solutions-engineering support on ${c.name}`);
    expect(JSON.stringify(toSe?.body.blocks)).toContain(`Technical environment — ${c.name}`);
    expect(posts.find((p) => p.body.thread_ts === THREAD)?.body.text).toContain(`<#${SE}>`);
  });

  it('when the CSM requests a limit increase, then SE gets the usage against the limit, once a day', async () => {
    const c = await customer();
    await click(ENVIRONMENT_ACTION.requestLimitIncrease, limitIncreaseValue(c.id, 'apiCallsPerMonth'));
    await click(ENVIRONMENT_ACTION.requestLimitIncrease, limitIncreaseValue(c.id, 'apiCallsPerMonth'));
    await app.h.slack.waitForCall('chat.postEphemeral');
    const toSe = app.h.slack.calls('chat.postMessage').filter((p) => p.body.channel === SE);
    expect(toSe).toHaveLength(1);
    expect(String(toSe[0].body.text)).toContain('950,000 of 1,000,000 (95%)');
  });
});

describe('Create Integration Proposal', () => {
  it('when the customer runs a technology we integrate with, then a draft proposal naming it is uploaded', async () => {
    const c = await customer();
    await click(ENVIRONMENT_ACTION.createProposal, c.id);
    const [complete] = await app.h.slack.waitForCall('files.completeUploadExternal');
    const [file] = (
      typeof complete.body.files === 'string' ? JSON.parse(complete.body.files) : complete.body.files
    ) as { id: string }[];
    const doc = (app.h.slack.uploads().get(file.id) as Buffer).toString('utf8');
    expect(doc).toContain(`# Integration proposal — ${c.name} (draft)`);
    expect(doc).toContain('HubSpot');
    expect(doc).toContain('Mike Lee');
  });
});

describe('Send Alert to Customer', () => {
  it('when the CSM sends the alert on a disconnected integration, then the primary contact gets one e-mail a day', async () => {
    const c = await customer();
    await click(ENVIRONMENT_ACTION.sendAlert, c.integrationId);
    const [mail] = await app.google.waitForCall('gmail.users.messages.send');
    const mime = Buffer.from((mail.body as { raw: string }).raw, 'base64url').toString('utf8');
    expect(mime).toContain('mike.lee@acme.example');
    expect(mime).toMatch(/Salesforce/);
    await until('thread note', async () =>
      app.h.slack.calls('chat.postMessage').find((p) => p.body.thread_ts === THREAD),
    );
    await click(ENVIRONMENT_ACTION.sendAlert, c.integrationId);
    await app.h.slack.waitForCall('chat.postEphemeral');
    expect(app.google.calls('gmail.users.messages.send')).toHaveLength(1);
  });
});

describe('Schedule Technical Review', () => {
  it('when the CSM schedules the review, then the modal invites the technical contacts and submitting creates the event', async () => {
    app.h.slack.addUser({ id: TEST_IDS.userId, email: 'casey@vendor.example', tz: 'Europe/Berlin', tzOffset: 3600 });
    const c = await customer();
    await click(ENVIRONMENT_ACTION.scheduleReview, c.id);
    const [open] = await app.h.slack.waitForCall('views.open');
    const view = open.body.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { block_id?: string; element?: Record<string, unknown> }[];
    };
    expect(view.callback_id).toBe(CALLBACK.environmentReviewSubmit);
    expect(JSON.stringify(view.blocks)).toContain('mike.lee@acme.example');
    const values: Record<string, Record<string, unknown>> = {};
    for (const b of view.blocks) {
      if (!b.block_id || !b.element) continue;
      const e = b.element;
      const v: Record<string, unknown> = { type: e.type };
      if (e.type === 'plain_text_input') v.value = e.initial_value ?? null;
      if (e.type === 'static_select') v.selected_option = e.initial_option ?? null;
      if (e.type === 'checkboxes') v.selected_options = e.initial_options ?? [];
      values[b.block_id] = { [e.action_id as string]: v };
    }
    values.date = { value: { type: 'datepicker', selected_date: '2099-03-02' } };
    values.time = { value: { type: 'timepicker', selected_time: '15:30' } };
    const signed = viewSubmission(
      { callbackId: CALLBACK.environmentReviewSubmit, values, privateMetadata: view.private_metadata },
      app.h.signingSecret,
    );
    const payload = JSON.parse(new URLSearchParams(signed.body).get('payload') as string);
    payload.view.id = `V0REV${Date.now()}`;
    const resigned = sign(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), app.h.signingSecret);
    resigned.headers['content-type'] = 'application/x-www-form-urlencoded';
    expect((await app.h.post('/slack/events', resigned)).status).toBe(200);
    const [insert] = await app.google.waitForCall('calendar.events.insert');
    expect(insert.body).toMatchObject({ summary: `Technical review: ${c.name}` });
    expect(JSON.stringify(insert.body)).toContain('mike.lee@acme.example');
  });
});
