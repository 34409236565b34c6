import { createHmac, randomUUID } from 'node:crypto';

/**
 * Builds requests exactly as Slack sends them to an app's request URL, signed the way Slack signs them:
 * HMAC-SHA256 over `v0:<timestamp>:<raw body>` with the signing secret, sent as `x-slack-signature:
 * v0=<hex>` with `x-slack-request-timestamp` (docs.slack.dev "Verifying requests from Slack"; bolt-js
 * verify-request.spec.ts). Options produce the failure cases: a wrong signature, a stale timestamp, and
 * Slack's retry headers.
 */

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

export interface SignOptions {
  /** Request time in Unix seconds; default now. Bolt rejects anything more than 5 minutes old. */
  timestamp?: number;
  /** Sign with this secret instead of the real one (a forged request). */
  wrongSecret?: string;
  /** Slack's retry headers: `x-slack-retry-num` and `x-slack-retry-reason` (e.g. `http_timeout`). */
  retryNum?: number;
  retryReason?: string;
}

export const TEST_IDS = {
  teamId: 'T0TEST001',
  teamDomain: 'techhealth-test',
  appId: 'A0TEST001',
  userId: 'U0CSM0001',
  userName: 'casey.csm',
  channelId: 'C0CHAN001',
  channelName: 'acme-success',
  botUserId: 'U0BOT0001',
} as const;

export function sign(body: string, secret: string, opts: SignOptions = {}): SignedRequest {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const hmac = createHmac('sha256', opts.wrongSecret ?? secret)
    .update(`v0:${timestamp}:${body}`)
    .digest('hex');
  const headers: Record<string, string> = {
    'x-slack-signature': `v0=${hmac}`,
    'x-slack-request-timestamp': String(timestamp),
  };
  if (opts.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(opts.retryNum);
    headers['x-slack-retry-reason'] = opts.retryReason ?? 'http_timeout';
  }
  return { body, headers };
}

function form(fields: Record<string, string>, secret: string, opts: SignOptions): SignedRequest {
  const signed = sign(new URLSearchParams(fields).toString(), secret, opts);
  signed.headers['content-type'] = 'application/x-www-form-urlencoded';
  return signed;
}

function json(payload: unknown, secret: string, opts: SignOptions): SignedRequest {
  const signed = sign(JSON.stringify(payload), secret, opts);
  signed.headers['content-type'] = 'application/json';
  return signed;
}

/** A slash command as Slack POSTs it: form-encoded, with a response_url and a trigger_id. */
export function slashCommand(
  args: { command?: string; text: string; responseUrl: string; userId?: string; channelId?: string },
  secret: string,
  opts: SignOptions = {},
): SignedRequest {
  return form(
    {
      token: 'deprecated-verification-token',
      team_id: TEST_IDS.teamId,
      team_domain: TEST_IDS.teamDomain,
      channel_id: args.channelId ?? TEST_IDS.channelId,
      channel_name: TEST_IDS.channelName,
      user_id: args.userId ?? TEST_IDS.userId,
      user_name: TEST_IDS.userName,
      command: args.command ?? '/techhealth',
      text: args.text,
      api_app_id: TEST_IDS.appId,
      is_enterprise_install: 'false',
      response_url: args.responseUrl,
      trigger_id: `${Date.now()}.${randomUUID().slice(0, 8)}`,
    },
    secret,
    opts,
  );
}

/** An Events API delivery: JSON `event_callback` with an `event_id` that stays the same across retries. */
export function eventCallback(
  event: Record<string, unknown>,
  secret: string,
  opts: SignOptions & { eventId?: string } = {},
): SignedRequest {
  const eventTime = Math.floor(Date.now() / 1000);
  return json(
    {
      token: 'deprecated-verification-token',
      team_id: TEST_IDS.teamId,
      api_app_id: TEST_IDS.appId,
      event: { event_ts: `${eventTime}.000100`, ...event },
      type: 'event_callback',
      event_id: opts.eventId ?? `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
      event_time: eventTime,
      authorizations: [
        {
          enterprise_id: null,
          team_id: TEST_IDS.teamId,
          user_id: TEST_IDS.botUserId,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
      event_context: `4-${randomUUID()}`,
    },
    secret,
    opts,
  );
}

/** `app_home_opened` for the Home tab, as Slack sends it when a user opens the app. */
export function appHomeOpened(
  secret: string,
  opts: SignOptions & { userId?: string; eventId?: string } = {},
): SignedRequest {
  return eventCallback(
    { type: 'app_home_opened', user: opts.userId ?? TEST_IDS.userId, channel: 'D0HOME001', tab: 'home' },
    secret,
    opts,
  );
}

/** A button click in a message: `payload=<json>` form-encoded `block_actions`. */
export function blockActions(
  args: {
    actionId: string;
    value: string;
    responseUrl: string;
    blockId?: string;
    text?: string;
    userId?: string;
    channelId?: string;
    messageTs?: string;
    /** A static select's choice instead of a button click (`value` is then the option's value). */
    select?: boolean;
    /** The surface clicked: a message (default) or the Home tab (no channel). */
    container?: 'message' | 'view';
  },
  secret: string,
  opts: SignOptions = {},
): SignedRequest {
  const messageTs = args.messageTs ?? '1768000000.000001';
  const channelId = args.channelId ?? TEST_IDS.channelId;
  const payload = {
    type: 'block_actions',
    user: {
      id: args.userId ?? TEST_IDS.userId,
      username: TEST_IDS.userName,
      name: TEST_IDS.userName,
      team_id: TEST_IDS.teamId,
    },
    api_app_id: TEST_IDS.appId,
    token: 'deprecated-verification-token',
    container:
      args.container === 'view'
        ? { type: 'view', view_id: 'V0HOME0001' }
        : { type: 'message', message_ts: messageTs, channel_id: channelId, is_ephemeral: false },
    trigger_id: `${Date.now()}.${randomUUID().slice(0, 8)}`,
    team: { id: TEST_IDS.teamId, domain: TEST_IDS.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    ...(args.container === 'view'
      ? { view: { id: 'V0HOME0001', type: 'home', blocks: [] } }
      : {
          channel: { id: channelId, name: TEST_IDS.channelName },
          message: { type: 'message', user: TEST_IDS.botUserId, ts: messageTs, text: 'Technical health', blocks: [] },
        }),
    state: { values: {} },
    response_url: args.responseUrl,
    actions: [
      args.select
        ? {
            action_id: args.actionId,
            block_id: args.blockId ?? 'block-1',
            type: 'static_select',
            selected_option: { text: { type: 'plain_text', text: args.value }, value: args.value },
            action_ts: `${Math.floor(Date.now() / 1000)}.000200`,
          }
        : {
            action_id: args.actionId,
            block_id: args.blockId ?? 'block-1',
            text: { type: 'plain_text', text: args.text ?? 'Button', emoji: true },
            value: args.value,
            type: 'button',
            action_ts: `${Math.floor(Date.now() / 1000)}.000200`,
          },
    ],
  };
  return form({ payload: JSON.stringify(payload) }, secret, opts);
}

/** A modal submission: `payload=<json>` form-encoded `view_submission` with the input state. */
export function viewSubmission(
  args: {
    callbackId: string;
    values: Record<string, Record<string, unknown>>;
    privateMetadata?: string;
    userId?: string;
  },
  secret: string,
  opts: SignOptions = {},
): SignedRequest {
  const payload = {
    type: 'view_submission',
    team: { id: TEST_IDS.teamId, domain: TEST_IDS.teamDomain },
    user: {
      id: args.userId ?? TEST_IDS.userId,
      username: TEST_IDS.userName,
      name: TEST_IDS.userName,
      team_id: TEST_IDS.teamId,
    },
    api_app_id: TEST_IDS.appId,
    token: 'deprecated-verification-token',
    trigger_id: `${Date.now()}.${randomUUID().slice(0, 8)}`,
    view: {
      id: 'V0VIEW0001',
      team_id: TEST_IDS.teamId,
      type: 'modal',
      blocks: [],
      private_metadata: args.privateMetadata ?? '',
      callback_id: args.callbackId,
      state: { values: args.values },
      hash: '1768000000.abcdef',
      title: { type: 'plain_text', text: 'TechHealth', emoji: true },
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: { type: 'plain_text', text: 'Submit', emoji: true },
      previous_view_id: null,
      root_view_id: 'V0VIEW0001',
      app_id: TEST_IDS.appId,
      external_id: '',
      app_installed_team_id: TEST_IDS.teamId,
      bot_id: 'B0BOT0001',
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
  return form({ payload: JSON.stringify(payload) }, secret, opts);
}
