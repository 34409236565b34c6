import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { WebClient } from '@slack/web-api';
import { type SlackApiStandIn, startSlackApi } from '../support/slack-api.js';

// The stand-in must behave like Slack for the real Web API client, or the e2e tests prove nothing.
let slack: SlackApiStandIn;
let client: WebClient;

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (actionId: string, text = 'Go') => ({
  type: 'button',
  action_id: actionId,
  text: { type: 'plain_text', text },
  value: 'v',
});

beforeAll(async () => {
  slack = await startSlackApi();
  client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
});
afterAll(async () => slack.close());
beforeEach(() => slack.reset());

const platformError = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return (err as { data?: { error?: string; errors?: string[] } }).data;
  }
  throw new Error('expected a Slack platform error');
};

describe('Slack Web API stand-in', () => {
  it('when the bot token is sent, then auth.test answers with the bot identity and the call is recorded', async () => {
    const res = await client.auth.test();
    expect(res).toMatchObject({ ok: true, team_id: slack.teamId, user_id: slack.botUserId });
    expect(slack.calls('auth.test')).toHaveLength(1);
  });

  it('when no token or a wrong token is sent, then Slack says not_authed or invalid_auth', async () => {
    const anonymous = new WebClient(undefined, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    expect((await platformError(anonymous.auth.test()))?.error).toBe('not_authed');
    const wrong = new WebClient('xoxb-wrong', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    expect((await platformError(wrong.auth.test()))?.error).toBe('invalid_auth');
  });

  it('when a message has 50 blocks, then it is posted; with 51 it is rejected as invalid_blocks', async () => {
    const fifty = Array.from({ length: 50 }, (_, i) => section(`b${i}`));
    const ok = await client.chat.postMessage({ channel: 'C0CHAN001', text: 'x', blocks: fifty });
    expect(ok.ts).toMatch(/^\d+\.\d{6}$/);
    const err = await platformError(
      client.chat.postMessage({ channel: 'C0CHAN001', text: 'x', blocks: [...fifty, section('one too many')] }),
    );
    expect(err?.error).toBe('invalid_blocks');
    expect(slack.calls('chat.postMessage')[0].body.blocks).toEqual(fifty);
  });

  it('when two buttons share an action_id, then the message is rejected', async () => {
    const blocks = [{ type: 'actions', elements: [button('a.b'), button('a.b')] }];
    expect((await platformError(client.chat.postMessage({ channel: 'C0CHAN001', text: 'x', blocks })))?.error).toBe(
      'invalid_blocks',
    );
  });

  it('when texts pass their limits, then section, header and button texts are each rejected', async () => {
    const cases = [
      [section('s'.repeat(3001))],
      [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }],
      [{ type: 'actions', elements: [button('a.b', 'b'.repeat(76))] }],
    ];
    for (const blocks of cases) {
      expect((await platformError(client.chat.postMessage({ channel: 'C0CHAN001', text: 'x', blocks })))?.error).toBe(
        'invalid_blocks',
      );
    }
  });

  it('when the blocks together carry more than 12,000 characters, then Slack says msg_blocks_too_long', async () => {
    const blocks = Array.from({ length: 5 }, () => section('t'.repeat(2500)));
    expect((await platformError(client.chat.postMessage({ channel: 'C0CHAN001', text: 'x', blocks })))?.error).toBe(
      'msg_blocks_too_long',
    );
  });

  it('when a home view has 101 blocks, then views.publish rejects it; 100 are accepted', async () => {
    const hundred = Array.from({ length: 100 }, (_, i) => section(`b${i}`));
    await client.views.publish({ user_id: 'U0CSM0001', view: { type: 'home', blocks: hundred as never } });
    const err = await platformError(
      client.views.publish({
        user_id: 'U0CSM0001',
        view: { type: 'home', blocks: [...hundred, section('x')] as never },
      }),
    );
    expect(err?.error).toBe('invalid_blocks');
  });

  it('when a user is looked up, then users.info gives the time zone and lookupByEmail finds registered users only', async () => {
    slack.addUser({ id: 'U0CSM0002', email: 'casey@example.com', tz: 'Europe/Berlin' });
    const info = await client.users.info({ user: 'U0CSM0002' });
    expect(info.user?.tz).toBe('Europe/Berlin');
    expect((await client.users.lookupByEmail({ email: 'casey@example.com' })).user?.id).toBe('U0CSM0002');
    expect((await platformError(client.users.lookupByEmail({ email: 'nobody@example.com' })))?.error).toBe(
      'users_not_found',
    );
  });

  it('when a file is registered, then url_private serves it with the bot token and the sign-in page without', async () => {
    const file = slack.registerFile({
      name: 'acme_api_logs.csv',
      content: 'timestamp,status\n2026-01-05T00:00:00Z,200\n',
    });
    const authed = await fetch(file.url_private, { headers: { authorization: `Bearer ${slack.botToken}` } });
    expect(authed.headers.get('content-type')).toBe('text/csv');
    expect(await authed.text()).toBe('timestamp,status\n2026-01-05T00:00:00Z,200\n');
    const anonymous = await fetch(file.url_private);
    expect(anonymous.headers.get('content-type')).toBe('text/html');
  });

  it('when the client uploads with filesUploadV2, then the bytes arrive and the upload is completed in the thread', async () => {
    await client.filesUploadV2({
      channel_id: 'C0CHAN001',
      thread_ts: '1768000000.000001',
      filename: 'chart.png',
      file: Buffer.from('PNG'),
      title: 'Chart',
    });
    const [complete] = await slack.waitForCall('files.completeUploadExternal');
    expect(complete.body).toMatchObject({ channel_id: 'C0CHAN001', thread_ts: '1768000000.000001' });
    const id = (complete.body.files as { id: string }[])[0].id;
    expect(slack.uploads().get(id)?.toString()).toBe('PNG');
  });

  it('when a call is expected but never made, then waitForCall fails at its deadline naming the calls seen', async () => {
    await client.auth.test();
    await expect(slack.waitForCall('chat.update', 1, 50)).rejects.toThrow('calls seen: auth.test');
  });

  it('when failNext is set, then the next call of that method fails once', async () => {
    slack.failNext('chat.postMessage', 'ratelimited');
    expect((await platformError(client.chat.postMessage({ channel: 'C0CHAN001', text: 'x' })))?.error).toBe(
      'ratelimited',
    );
    await expect(client.chat.postMessage({ channel: 'C0CHAN001', text: 'x' })).resolves.toMatchObject({ ok: true });
  });
});
