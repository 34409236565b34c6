import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../../src/logger.js';
import { createSlackGateway, type SlackGateway } from '../../../src/slack/gateway.js';
import { type SlackApiStandIn, startSlackApi } from '../../support/slack-api.js';

// The Slack port against the Web API stand-in: the real @slack/web-api client underneath, over HTTP.
let slack: SlackApiStandIn;
let gateway: SlackGateway;
const message = {
  text: 'hello',
  blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'hello' } }],
};

beforeAll(async () => {
  slack = await startSlackApi();
  gateway = createSlackGateway({ token: slack.botToken, apiUrl: slack.apiUrl, logger: createLogger('silent') });
});
afterAll(async () => slack.close());
beforeEach(() => slack.reset());

describe('Slack gateway', () => {
  it('when Slack answers 429 with Retry-After, then the post waits that long and is sent once', async () => {
    slack.rateLimitNext('chat.postMessage', 1);
    const started = Date.now();
    const ref = await gateway.post('C0CHAN001', message);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(ref.ts).toMatch(/^\d+\.\d{6}$/);
    const calls = slack.calls('chat.postMessage');
    expect(calls).toHaveLength(2);
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(950);
  });

  it('when Slack keeps answering 429 past the retry budget, then the call fails with the rate-limit error', async () => {
    const impatient = createSlackGateway({
      token: slack.botToken,
      apiUrl: slack.apiUrl,
      logger: createLogger('silent'),
      maxRetryWaitMs: 1500,
    });
    slack.rateLimitNext('chat.update', 1, 5);
    await expect(impatient.update({ channel: 'C0CHAN001', ts: '1.000001' }, message)).rejects.toMatchObject({
      code: 'slack_webapi_rate_limited_error',
    });
    expect(slack.calls('chat.update')).toHaveLength(2);
  });

  it('when a thread ts is given, then the post is a thread reply', async () => {
    await gateway.post('C0CHAN001', message, { threadTs: '1768000000.000001' });
    expect(slack.calls('chat.postMessage')[0].body).toMatchObject({ thread_ts: '1768000000.000001', text: 'hello' });
  });

  it('when an e-mail is unknown to the workspace, then the lookup says null; a known one gives the user id', async () => {
    slack.addUser({ id: 'U0GATE001', email: 'csm.gate@example.com', tz: 'Europe/Paris', realName: 'Camille Martin' });
    expect(await gateway.userIdByEmail('nobody@example.com')).toBeNull();
    expect(await gateway.userIdByEmail('csm.gate@example.com')).toBe('U0GATE001');
    expect(await gateway.userInfo('U0GATE001')).toEqual({
      timeZone: 'Europe/Paris',
      email: 'csm.gate@example.com',
      name: 'Camille Martin',
    });
  });

  it('when a post carried a marker, then findPost finds it in the DM again; another marker finds nothing', async () => {
    const marker = { type: 'techhealth_alert', key: 'sig-123' };
    const posted = await gateway.post('U0GATE002', { text: 'Alert', blocks: [] }, { marker });
    await gateway.post('U0GATE002', { text: 'Another', blocks: [] });
    const found = await gateway.findPost('U0GATE002', marker);
    expect(found?.ts).toBe(posted.ts);
    expect(await gateway.findPost('U0GATE002', { ...marker, key: 'sig-999' })).toBeNull();
  });

  it('when two files are uploaded with a comment, then both bytes arrive and they are shared once in the thread', async () => {
    const ids = await gateway.uploadFiles({
      channel: 'C0CHAN001',
      threadTs: '1768000000.000009',
      comment: 'Here is the report',
      files: [
        { filename: 'report.md', title: 'Markdown', content: Buffer.from('# md') },
        { filename: 'report.pdf', title: 'PDF', content: Buffer.from('%PDF') },
      ],
    });
    expect(ids.map((id) => slack.uploads().get(id)?.toString())).toEqual(['# md', '%PDF']);
    const complete = slack.calls('files.completeUploadExternal');
    expect(complete).toHaveLength(1);
    expect(complete[0].body).toMatchObject({
      channel_id: 'C0CHAN001',
      thread_ts: '1768000000.000009',
      initial_comment: 'Here is the report',
      files: [
        { id: ids[0], title: 'Markdown' },
        { id: ids[1], title: 'PDF' },
      ],
    });
  });
});
