import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { REGISTRATIONS } from '../../handlers/index.js';
import { ACTION } from '../../views/ids.js';
import { LIMITS } from '../../views/limits.js';
import { readSource, sourceFiles } from '../support/source-files.js';

// manifest.yml must declare what the code registers, and grant the scopes for what the code calls.

interface Manifest {
  display_information: { name: string; description?: string };
  features: {
    app_home?: { home_tab_enabled?: boolean };
    bot_user?: { display_name: string };
    slash_commands?: { command: string; description: string; usage_hint?: string }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions?: { bot_events?: string[] };
    interactivity?: { is_enabled?: boolean };
    socket_mode_enabled?: boolean;
    org_deploy_enabled?: boolean;
  };
}

const manifest = parse(readSource('manifest.yml')) as Manifest;
const scopes = new Set(manifest.oauth_config.scopes.bot);
const botEvents = new Set(manifest.settings.event_subscriptions?.bot_events ?? []);

/**
 * Web API method → bot scopes, any one of which suffices (docs.slack.dev/reference/methods/<method>,
 * "Required scopes"). `[]` means the method needs no scope. A method the code calls but this table lacks
 * fails the test: look it up and add it.
 */
const METHOD_SCOPES: Record<string, string[]> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.delete': ['chat:write'],
  'views.publish': [],
  'views.open': [],
  'views.update': [],
  'views.push': [],
  'users.info': ['users:read'],
  'users.lookupByEmail': ['users:read.email'],
  'conversations.info': ['channels:read', 'groups:read', 'im:read', 'mpim:read'],
  'conversations.history': ['channels:history', 'groups:history', 'im:history', 'mpim:history'],
  'conversations.open': ['im:write', 'mpim:write', 'channels:manage', 'groups:write'],
  'conversations.replies': ['channels:history', 'groups:history', 'im:history', 'mpim:history'],
  'files.info': ['files:read'],
  'files.uploadV2': ['files:write'],
  'files.getUploadURLExternal': ['files:write'],
  'files.completeUploadExternal': ['files:write'],
  'reactions.add': ['reactions:write'],
};

/** Bot event → the scope Slack requires to subscribe to it (docs.slack.dev/reference/events/<event>). */
const EVENT_SCOPES: Record<string, string | null> = {
  app_home_opened: null,
  file_shared: 'files:read',
  'message.channels': 'channels:history',
  'message.groups': 'groups:history',
  'message.im': 'im:history',
  'message.mpim': 'mpim:history',
  app_mention: 'app_mentions:read',
};

const code = ['src', 'handlers', 'views', 'jobs'].flatMap(sourceFiles).map((f) => ({ file: f, text: readSource(f) }));

/** `client.chat.postMessage(`, `app.client.views.publish(`, `client.apiCall('x.y'`. */
function calledMethods(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const { file, text } of code) {
    const names = [
      ...[...text.matchAll(/\bclient\.([a-z]+(?:\.[a-zA-Z]+)+)\s*\(/g)].map((m) => m[1]),
      ...[...text.matchAll(/\bapiCall\(\s*['"]([a-zA-Z.]+)['"]/g)].map((m) => m[1]),
    ];
    for (const name of names) found.set(name, [...(found.get(name) ?? []), file]);
  }
  return found;
}

const registered = {
  commands: REGISTRATIONS.flatMap((r) => [...r.commands]),
  events: REGISTRATIONS.flatMap((r) => [...r.events]) as string[],
  actions: REGISTRATIONS.flatMap((r) => [...r.actions]) as string[],
};

describe('manifest.yml', () => {
  it('when parsed, then it has the required top-level sections, a bot user and the home tab', () => {
    expect(manifest.display_information.name).toBe('TechHealth');
    expect(manifest.features.bot_user?.display_name).toBeTruthy();
    expect(manifest.features.app_home?.home_tab_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.org_deploy_enabled).toBe(false);
  });

  it('when every scope is listed, then each has a comment saying why', () => {
    const lines = readSource('manifest.yml').split('\n');
    const undocumented = lines
      .map((line, i) => ({ line, prev: lines[i - 1] ?? '' }))
      .filter(({ line }) => /^\s+- [a-z_]+:[a-z_.]+\s*$/.test(line) || /^\s+- commands\s*$/.test(line))
      .filter(({ prev }) => !/^\s+#/.test(prev))
      .map(({ line }) => line.trim());
    expect(undocumented).toEqual([]);
  });

  it('when the code registers a slash command, then the manifest declares it with a description and usage hint', () => {
    const declared = manifest.features.slash_commands ?? [];
    for (const command of registered.commands) {
      const entry = declared.find((c) => c.command === command);
      expect(entry).toBeDefined();
      expect(entry?.description).toBeTruthy();
      expect(entry?.usage_hint).toBeTruthy();
    }
    expect(registered.commands.length).toBeGreaterThan(0);
  });

  it('when the code listens to an event, then the manifest subscribes to it', () => {
    for (const event of registered.events) {
      if (event === 'message') expect([...botEvents].some((e) => e.startsWith('message.'))).toBe(true);
      else expect(botEvents).toContain(event);
    }
  });

  it('when the manifest subscribes to an event, then the scope the event needs is granted', () => {
    for (const event of botEvents) {
      expect(Object.keys(EVENT_SCOPES)).toContain(event);
      const scope = EVENT_SCOPES[event];
      if (scope) expect(scopes).toContain(scope);
    }
  });

  it('when the code registers actions, then interactivity is enabled and every action_id is well-formed', () => {
    expect(registered.actions.length).toBeGreaterThan(0);
    expect(manifest.settings.interactivity?.is_enabled).toBe(true);
    for (const id of Object.values(ACTION)) {
      expect(id).toMatch(/^[a-z]+\.[a-z]+(_[a-z]+)*$/);
      expect(id.length).toBeLessThanOrEqual(LIMITS.actionId);
    }
  });

  it('when a handler file calls app.event/app.command/app.action, then the registration lists name it', () => {
    for (const { file, text } of code.filter((c) => c.file.startsWith('handlers'))) {
      for (const [, event] of text.matchAll(/\bapp\.event\(\s*['"]([a-z_]+)['"]/g)) {
        expect({ file, event, registered: registered.events.includes(event) }).toEqual({
          file,
          event,
          registered: true,
        });
      }
      for (const [, key] of text.matchAll(/\bapp\.action\(\s*ACTION\.([a-zA-Z]+)/g)) {
        const id = ACTION[key as keyof typeof ACTION];
        expect({ file, id, registered: registered.actions.includes(id) }).toEqual({ file, id, registered: true });
      }
      expect(text).not.toMatch(/\bapp\.command\(\s*['"]/);
    }
  });

  it('when the code calls a Web API method, then a declared scope covers it', () => {
    const called = calledMethods();
    expect(called.size).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const [method, files] of called) {
      const needed = METHOD_SCOPES[method];
      if (!needed)
        problems.push(`${method} (${files.join(', ')}): not in METHOD_SCOPES; look up its scopes and add it`);
      else if (needed.length > 0 && !needed.some((s) => scopes.has(s))) {
        problems.push(`${method} (${files.join(', ')}): needs one of ${needed.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
