import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { ENVIRONMENT_ACTION } from '../../views/ids.js';
import { type AppHarness, startAppHarness } from '../support/app-harness.js';
import { checkBlocks } from '../support/block-kit-rules.js';
import { testDatabase } from '../support/e2e-db.js';
import { appHomeOpened, blockActions, eventCallback, slashCommand, TEST_IDS } from '../support/slack-request.js';
import type { TestDb } from '../support/test-db.js';

// The technical environment summary where CSMs ask for it: /techhealth <customer>, questions in the bot's DM
// and @mentions (answered in the thread), the customer menu, and the details modal.
let h: AppHarness;
let db: TestDb;
const suffix = new Types.ObjectId().toHexString().slice(-6);
const ACME = `Acmetech ${suffix}`;
let acmeId: string;

beforeAll(async () => {
  db = await testDatabase();
  h = await startAppHarness({ mongodbUri: db.uri });
  const customers = db.conn.collection('customers');
  const doc = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    nameKey: name.toLowerCase(),
    aliases: [],
    aliasKeys: [],
    ...extra,
  });
  const { insertedId } = await customers.insertOne(
    doc(ACME, {
      csmSlackUserId: TEST_IDS.userId,
      security: { sso: { enabled: true, provider: 'Okta' }, mfa: 'optional', auditLogging: true },
      limits: { apiCallsPerMonth: 1_000_000 },
      techStack: [{ category: 'CRM', technology: 'Salesforce', source: 'technographics' }],
      techStackReported: true,
      technicalContacts: [{ name: 'Mike Lee', email: 'mike@acme.example', technicalLevel: 'high', primary: true }],
    }),
  );
  acmeId = String(insertedId);
  await customers.insertMany([doc(`Globex East ${suffix}`), doc(`Globex West ${suffix}`)]);
});
afterAll(async () => {
  await h?.stop();
  await db?.drop();
});
beforeEach(() => h.slack.reset());

const dm = (text: string) =>
  eventCallback(
    {
      type: 'message',
      channel: 'D0CSMDM01',
      channel_type: 'im',
      user: TEST_IDS.userId,
      text,
      ts: `${Date.now() / 1000}`,
    },
    h.signingSecret,
  );
const blocksOf = (body: Record<string, unknown>) => JSON.stringify(body.blocks);

describe('/techhealth <customer>', () => {
  it('when the name matches a customer, then the ephemeral answer is its technical environment summary within limits', async () => {
    const res = await h.post(
      '/slack/events',
      slashCommand({ text: ACME.toLowerCase(), responseUrl: h.slack.responseUrl() }, h.signingSecret),
    );
    expect(res.status).toBe(200);
    expect(res.elapsedMs).toBeLessThan(3000);
    const [call] = await h.slack.waitForCall('response_url');
    expect(call.body.response_type).toBe('ephemeral');
    expect(blocksOf(call.body)).toContain(`Technical environment — ${ACME}`);
    expect(blocksOf(call.body)).toContain('Mike Lee');
    expect(blocksOf(call.body)).toContain(ENVIRONMENT_ACTION.viewDetails);
    expect(checkBlocks(call.body.blocks as unknown[], 'message')).toBeNull();
  });

  it('when the name matches several customers, then a menu comes back and picking one answers its summary', async () => {
    const responseUrl = h.slack.responseUrl();
    await h.post('/slack/events', slashCommand({ text: `globex ${suffix}`, responseUrl }, h.signingSecret));
    const [menu] = await h.slack.waitForCall('response_url');
    const options = JSON.parse(blocksOf(menu.body))[0].accessory.options as { text: { text: string }; value: string }[];
    expect(options.map((o) => o.text.text).sort()).toEqual([`Globex East ${suffix}`, `Globex West ${suffix}`]);
    const pick = blockActions(
      { actionId: ENVIRONMENT_ACTION.pickCustomer, value: options[0].value, responseUrl, select: true },
      h.signingSecret,
    );
    expect((await h.post('/slack/events', pick)).status).toBe(200);
    const calls = await h.slack.waitForCall('response_url', 2);
    expect(calls[1].body).toMatchObject({ replace_original: true });
    expect(blocksOf(calls[1].body)).toContain(`Technical environment — ${options[0].text.text}`);
  });
});

describe('questions in a DM or an @mention', () => {
  it.each([
    `What's the technical setup for ${ACME}?`,
    `tech stack for ${ACME}`,
    `integrations for ${ACME}`,
    `technical environment for ${ACME} please`,
  ])('when a CSM asks "%s", then the summary is posted in its thread', async (text) => {
    const signed = dm(text);
    const ts = (JSON.parse(signed.body) as { event: { ts: string } }).event.ts;
    expect((await h.post('/slack/events', signed)).status).toBe(200);
    const [post] = await h.slack.waitForCall('chat.postMessage');
    expect(post.body).toMatchObject({ channel: 'D0CSMDM01', thread_ts: ts });
    expect(blocksOf(post.body)).toContain(`Technical environment — ${ACME}`);
  });

  it('when the bot is @mentioned in a channel with a question, then it answers there in the thread', async () => {
    const ts = '1768000123.000400';
    const mention = eventCallback(
      {
        type: 'app_mention',
        channel: TEST_IDS.channelId,
        user: TEST_IDS.userId,
        text: `<@${TEST_IDS.botUserId}> what is the tech stack of ${ACME}`,
        ts,
      },
      h.signingSecret,
    );
    await h.post('/slack/events', mention);
    const [post] = await h.slack.waitForCall('chat.postMessage');
    expect(post.body).toMatchObject({ channel: TEST_IDS.channelId, thread_ts: ts });
  });

  it("when the customer named matches none, then a menu of the CSM's customers is posted instead of a guess", async () => {
    await h.post('/slack/events', dm("what's the technical setup for Zzyzx Unknown?"));
    const [post] = await h.slack.waitForCall('chat.postMessage');
    expect(String(post.body.text)).toContain('No customer is named "Zzyzx Unknown"');
    expect(blocksOf(post.body)).toContain(ENVIRONMENT_ACTION.pickCustomer);
    expect(blocksOf(post.body)).toContain(ACME);
  });

  it('when a DM is not an environment question, then the bot stays quiet', async () => {
    await h.post('/slack/events', dm('thanks, see you tomorrow'));
    await h.post('/slack/events', dm('how is the weather in Acme'));
    // A question sent after them is answered first: nothing was posted for the two before.
    await h.post('/slack/events', dm(`tech stack for ${ACME}`));
    const posts = await h.slack.waitForCall('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(blocksOf(posts[0].body)).toContain(ACME);
  });
});

describe('View details', () => {
  it('when the CSM presses View details, then the modal opens with the full environment', async () => {
    const click = blockActions(
      { actionId: ENVIRONMENT_ACTION.viewDetails, value: acmeId, responseUrl: h.slack.responseUrl() },
      h.signingSecret,
    );
    expect((await h.post('/slack/events', click)).status).toBe(200);
    const [open] = await h.slack.waitForCall('views.open');
    const view = open.body.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('modal');
    expect(JSON.stringify(view.blocks)).toContain('Okta');
    expect(checkBlocks(view.blocks, 'view')).toBeNull();
  });
});

describe('Home tab Technical section', () => {
  it("when the CSM opens the Home tab and picks a customer in the Technical section, then that customer's environment opens", async () => {
    await h.post('/slack/events', appHomeOpened(h.signingSecret, { userId: TEST_IDS.userId }));
    const [publish] = await h.slack.waitForCall('views.publish');
    const view = publish.body.view as { blocks: unknown[] };
    expect(JSON.stringify(view.blocks)).toContain(ENVIRONMENT_ACTION.homeOpen);
    expect(JSON.stringify(view.blocks)).toContain(ACME);
    expect(checkBlocks(view.blocks, 'view')).toBeNull();
    const pick = blockActions(
      {
        actionId: ENVIRONMENT_ACTION.homeOpen,
        value: acmeId,
        responseUrl: h.slack.responseUrl(),
        select: true,
        container: 'view',
      },
      h.signingSecret,
    );
    expect((await h.post('/slack/events', pick)).status).toBe(200);
    const [open] = await h.slack.waitForCall('views.open');
    expect(JSON.stringify((open.body.view as { blocks: unknown[] }).blocks)).toContain('Okta');
  });
});
