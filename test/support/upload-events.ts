import { randomUUID } from 'node:crypto';
import type { RegisteredFile } from './slack-api.js';
import { eventCallback, type SignedRequest, type SignOptions, sign, TEST_IDS } from './slack-request.js';

/**
 * Upload events as Slack delivers them (docs.slack.dev/reference/events/message/file_share and
 * /file_shared): a `message` with subtype `file_share` carrying the file objects, and `file_shared`
 * carrying only ids. Plus a static_select choice in a message (block_actions).
 */

export function fileShareMessage(
  file: RegisteredFile,
  secret: string,
  opts: SignOptions & { eventId?: string; text?: string; ts?: string; channel?: string } = {},
): SignedRequest {
  const ts = opts.ts ?? `${Math.floor(Date.now() / 1000)}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  return eventCallback(
    {
      type: 'message',
      subtype: 'file_share',
      text: opts.text ?? '',
      user: TEST_IDS.userId,
      upload: false,
      display_as_bot: false,
      channel: opts.channel ?? TEST_IDS.channelId,
      channel_type: (opts.channel ?? TEST_IDS.channelId).startsWith('D') ? 'im' : 'channel',
      ts,
      event_ts: ts,
      files: [
        {
          id: file.id,
          created: Math.floor(Date.now() / 1000),
          timestamp: Math.floor(Date.now() / 1000),
          name: file.name,
          title: file.name,
          mimetype: file.mimetype,
          filetype: file.filetype,
          user: TEST_IDS.userId,
          size: file.size,
          mode: 'hosted',
          is_external: false,
          url_private: file.url_private,
          url_private_download: file.url_private_download,
        },
      ],
    },
    secret,
    opts,
  );
}

export function fileShared(
  file: RegisteredFile,
  secret: string,
  opts: SignOptions & { eventId?: string; channel?: string } = {},
): SignedRequest {
  return eventCallback(
    {
      type: 'file_shared',
      channel_id: opts.channel ?? TEST_IDS.channelId,
      file_id: file.id,
      user_id: TEST_IDS.userId,
      file: { id: file.id },
    },
    secret,
    opts,
  );
}

export function staticSelectChoice(
  args: {
    actionId: string;
    blockId: string;
    value: string;
    label: string;
    channelId: string;
    messageTs: string;
    responseUrl: string;
  },
  secret: string,
): SignedRequest {
  const payload = {
    type: 'block_actions',
    user: { id: TEST_IDS.userId, username: TEST_IDS.userName, name: TEST_IDS.userName, team_id: TEST_IDS.teamId },
    api_app_id: TEST_IDS.appId,
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: args.messageTs, channel_id: args.channelId, is_ephemeral: false },
    trigger_id: `${Date.now()}.${randomUUID().slice(0, 8)}`,
    team: { id: TEST_IDS.teamId, domain: TEST_IDS.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: args.channelId, name: TEST_IDS.channelName },
    message: { type: 'message', user: TEST_IDS.botUserId, ts: args.messageTs, text: 'Which customer?', blocks: [] },
    state: { values: {} },
    response_url: args.responseUrl,
    actions: [
      {
        type: 'static_select',
        action_id: args.actionId,
        block_id: args.blockId,
        selected_option: { text: { type: 'plain_text', text: args.label, emoji: true }, value: args.value },
        placeholder: { type: 'plain_text', text: 'Choose a customer', emoji: true },
        action_ts: `${Math.floor(Date.now() / 1000)}.000300`,
      },
    ],
  };
  const signed = sign(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), secret);
  signed.headers['content-type'] = 'application/x-www-form-urlencoded';
  return signed;
}
