import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig, redactConfig } from '../../src/config.js';

const slackHttp = {
  SLACK_BOT_TOKEN: 'xoxb-1-2-secret',
  SLACK_SIGNING_SECRET: 'shh-signing',
  MONGODB_URI: 'mongodb://127.0.0.1:1/x',
};

function problemsOf(env: Record<string, string | undefined>, require: Parameters<typeof loadConfig>[1] = []) {
  try {
    loadConfig(env, require);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems.map((p) => p.variable).sort();
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('when nothing is set and nothing is required, then defaults apply', () => {
    const c = loadConfig({});
    expect(c.mongodbUri).toBeNull();
    expect(c.port).toBe(3000);
    expect(c.logLevel).toBe('info');
    expect(c.slack.apiUrl).toBe('https://slack.com/api/');
    expect(c.slack.mode).toBe('http');
  });

  it('when the Slack app is started with nothing set, then one error lists every missing variable', () => {
    expect(problemsOf({}, ['slack', 'mongodb'])).toEqual(['MONGODB_URI', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET']);
  });

  it('when an app-level token is set, then Socket Mode is used and no signing secret is required', () => {
    const c = loadConfig({ ...slackHttp, SLACK_SIGNING_SECRET: '', SLACK_APP_TOKEN: 'xapp-1-abc' }, ['slack']);
    expect(c.slack.mode).toBe('socket');
  });

  it('when several variables are invalid, then each is named with what was expected and no value is echoed', () => {
    let message = '';
    try {
      loadConfig({
        ...slackHttp,
        SLACK_BOT_TOKEN: 'xoxp-user-token',
        PORT: 'eighty',
        SLACK_API_URL: 'not a url',
        LOG_LEVEL: 'loud',
      });
    } catch (e) {
      message = (e as Error).message;
    }
    for (const name of ['SLACK_BOT_TOKEN', 'PORT', 'SLACK_API_URL', 'LOG_LEVEL']) expect(message).toContain(name);
    expect(message).toContain('xoxb-');
    expect(message).not.toContain('xoxp-user-token');
  });

  it('when variables are empty strings, then they count as unset', () => {
    expect(
      problemsOf({ SLACK_BOT_TOKEN: ' ', SLACK_SIGNING_SECRET: '', MONGODB_URI: '' }, ['slack', 'mongodb']),
    ).toEqual(['MONGODB_URI', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET']);
  });

  it('when the config is summarised for the log, then secrets become set/missing and URI credentials are hidden', () => {
    const c = loadConfig({ ...slackHttp, MONGODB_URI: 'mongodb://user:pw@db.example:27017/th' });
    const summary = JSON.stringify(redactConfig(c));
    expect(summary).not.toContain('secret');
    expect(summary).not.toContain('shh-signing');
    expect(summary).not.toContain('pw@');
    expect(summary).toContain('"botToken":"set"');
  });

  it('when a full Google OAuth grant is set, then mode is oauth, the token URL can be redirected and the secrets are redacted', () => {
    const c = loadConfig({
      GOOGLE_CLIENT_ID: 'client-1.apps.googleusercontent.com',
      GOOGLE_CLIENT_SECRET: 'gcs-very-private',
      GOOGLE_REFRESH_TOKEN: '1//refresh-very-private',
      GOOGLE_OAUTH_TOKEN_URL: 'http://127.0.0.1:9/token',
      SUPPORT_CHANNEL_ID: 'C0SUPPORT1',
    });
    expect(c.google).toMatchObject({ mode: 'oauth', tokenUrl: 'http://127.0.0.1:9/token' });
    expect(c.google.apiRootUrl).toBe('https://www.googleapis.com/');
    expect(c.supportChannelId).toBe('C0SUPPORT1');
    const summary = JSON.stringify(redactConfig(c));
    expect(summary).not.toContain('very-private');
    expect(summary).toContain('"clientSecret":"set"');
  });

  it('when only part of a Google OAuth grant is set, then the missing variables are named; with none, Google is not configured', () => {
    expect(problemsOf({ GOOGLE_CLIENT_ID: 'client-1' })).toEqual(['GOOGLE_CLIENT_SECRET', 'GOOGLE_REFRESH_TOKEN']);
    expect(loadConfig({}).google.mode).toBeNull();
    expect(loadConfig({ GOOGLE_APPLICATION_CREDENTIALS: '/keys/sa.json' }).google.mode).toBe('service_account');
    expect(problemsOf({ SUPPORT_CHANNEL_ID: '#support' })).toEqual(['SUPPORT_CHANNEL_ID']);
  });
  it('when the REST token and upload limit are set, then they are typed, the token is redacted, and a short token or bad size is named', () => {
    expect(loadConfig({}).apiToken).toBeNull();
    expect(loadConfig({}).uploadMaxBytes).toBe(209_715_200);
    const c = loadConfig({ TECHHEALTH_API_TOKEN: 'api-token-very-private-123', UPLOAD_MAX_BYTES: '1048576' });
    expect(c.apiToken).toBe('api-token-very-private-123');
    expect(c.uploadMaxBytes).toBe(1_048_576);
    expect(JSON.stringify(redactConfig(c))).not.toContain('very-private');
    expect(problemsOf({ TECHHEALTH_API_TOKEN: 'short', UPLOAD_MAX_BYTES: '-5' })).toEqual([
      'TECHHEALTH_API_TOKEN',
      'UPLOAD_MAX_BYTES',
    ]);
  });
});
