import type { SlackMessage } from '../../views/message.js';
import type { Logger } from '../logger.js';
import type { SlackGateway } from '../slack/gateway.js';

/**
 * An answer only the clicking CSM sees. It is the last step of a use case, so a failure to post it is
 * logged, not thrown: the work it reports on is already done.
 */
export function ephemeralAnswers(slack: SlackGateway, logger: Logger) {
  return (channel: string, user: string, message: SlackMessage): Promise<void> =>
    slack.ephemeral(channel, user, message).catch((err) => logger.warn({ err, user }, 'ephemeral answer failed'));
}
