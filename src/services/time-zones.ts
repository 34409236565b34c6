import type { Logger } from '../logger.js';
import type { SlackGateway } from '../slack/gateway.js';

const CACHE_MS = 6 * 3_600_000;

/**
 * The IANA time zone a message to `recipient` is written for: a user's from Slack (cached for 6 h), UTC
 * for channels and when Slack cannot say. Shared by every use case that prints times to a CSM.
 */
export function createTimeZones(deps: { slack: SlackGateway; logger: Logger; now?: () => number }) {
  const now = deps.now ?? Date.now;
  const zones = new Map<string, { zone: string; at: number }>();
  return async function timeZoneOf(recipient: string): Promise<string> {
    if (!/^[UW]/.test(recipient)) return 'UTC';
    const cached = zones.get(recipient);
    if (cached && now() - cached.at < CACHE_MS) return cached.zone;
    let zone = 'UTC';
    try {
      zone = (await deps.slack.userInfo(recipient)).timeZone ?? 'UTC';
    } catch (err) {
      deps.logger.warn({ err, user: recipient }, 'could not read the CSM time zone; using UTC');
    }
    zones.set(recipient, { zone, at: now() });
    return zone;
  };
}
export type TimeZoneOf = ReturnType<typeof createTimeZones>;
