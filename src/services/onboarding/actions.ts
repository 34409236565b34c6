import type { SlackMessage } from '../../../views/message.js';
import { STAGE_LABEL } from '../../../views/onboarding-format.js';
import { buildOutreachEditModal } from '../../../views/outreach-preview.js';
import type { CheckStage } from '../../domain/onboarding/types.js';
import type { Logger } from '../../logger.js';
import type { SlackGateway } from '../../slack/gateway.js';
import { ephemeralAnswers } from '../tell.js';
import { AddIntegrationError, type NewIntegration, newIntegrationSchema } from './add.js';
import { CheckupError } from './checkups.js';
import { DashboardError, type DashboardState } from './dashboard.js';
import type { Onboarding } from './index.js';
import { OutreachError } from './outreach.js';

/**
 * What the CSM's clicks on check-up messages, outreach previews, the dashboard and its modals do. Each
 * is one use case; the answer goes to the clicking CSM only (ephemeral where the click has a channel,
 * a DM from the Home tab). Expected refusals (already sent, no contact, gone) are told plainly.
 */

export interface Click {
  /** The channel of the clicked message; '' for the Home tab and modals. */
  channel: string;
  user: string;
  triggerId?: string;
}

const plain = (text: string): SlackMessage => ({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });

const KNOWN_ERRORS = [CheckupError, OutreachError, AddIntegrationError, DashboardError];

export function createOnboardingActions(deps: {
  onboarding: Onboarding;
  slack: SlackGateway;
  /** Re-publishes the CSM's Home tab (after an add, or a filter or page change). */
  publishHome(userId: string, state?: DashboardState): Promise<void>;
  logger: Logger;
}) {
  const { onboarding, slack, logger } = deps;
  const { checkups, outreach, dashboard, adder } = onboarding;
  const ephemeral = ephemeralAnswers(slack, logger);
  const tell = async (c: Click, text: string) => {
    if (c.channel) await ephemeral(c.channel, c.user, plain(text));
    else await slack.post(c.user, plain(text)).catch((err) => logger.warn({ err }, 'could not DM the CSM'));
  };
  /** Runs `work`; a refusal the CSM can act on is told, anything else is thrown to the listener. */
  const telling = async (c: Click, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (err) {
      if (KNOWN_ERRORS.some((E) => err instanceof E)) return tell(c, `:warning: ${(err as Error).message}`);
      throw err;
    }
  };

  return {
    runAgain: (integrationId: string, c: Click) =>
      telling(c, async () => {
        const check = await checkups.runAgain(integrationId);
        if (!check) return tell(c, 'That integration has no check-ups to run.');
        const label = STAGE_LABEL[check.stage as CheckStage].toLowerCase();
        const found = check.findings.map((f) => `• ${f.message}`).join('\n');
        await tell(c, `Ran the ${label} check again: *${check.result}*${found ? `\n${found}` : ' — nothing to fix.'}`);
      }),
    draftOutreach: (integrationId: string, c: Click) =>
      telling(c, async () => {
        const made = await checkups.draftOutreach(integrationId);
        const kind = made.record.kind.replace(/_/g, ' ');
        await tell(
          c,
          made.created
            ? `Drafted the ${kind} email; its preview (Send / Edit / Skip) is in your DMs with me.`
            : `The ${kind} email was drafted before and is *${made.record.status.replace(/_/g, ' ')}*.`,
        );
      }),
    snooze: (integrationId: string, ms: number, label: string, c: Click) =>
      telling(c, async () => {
        await checkups.snooze(integrationId, ms, c.user);
        await tell(
          c,
          `:zzz: Check-up alerts for this integration are snoozed for ${label}; I will remind you of what is still open then.`,
        );
      }),
    openDetail: (integrationId: string, c: Click) =>
      telling(c, () => dashboard.openDetail(c.triggerId ?? '', c.user, integrationId)),
    sendOutreach: (id: string, c: Click) => telling(c, () => outreach.approve(id, c.user)),
    skipOutreach: (id: string, c: Click) => telling(c, () => outreach.skip(id, c.user)),
    openEditOutreach: (id: string, c: Click) =>
      telling(c, async () => {
        const r = await outreach.find(id);
        if (r.status !== 'awaiting_approval') return tell(c, `This email is already ${r.status.replace(/_/g, ' ')}.`);
        await slack.openModal(c.triggerId ?? '', buildOutreachEditModal(await outreach.viewOf(r)));
      }),
    /** The Edit modal's submission; returns a field error for Slack to show, or null when saved. */
    async submitEditOutreach(id: string, d: { subject: string; text?: string }, user: string) {
      try {
        await outreach.edit(id, d, user);
        return null;
      } catch (err) {
        if (err instanceof OutreachError) return err.message;
        throw err;
      }
    },
    openAdd: (c: Click, customerQuery?: string) =>
      telling(c, () => dashboard.openAdd(c.triggerId ?? '', c.user, customerQuery)),
    /** Checks the Add integration modal's fields: per-field errors for Slack to show, or the input. */
    validateAdd(input: Partial<NewIntegration>): { errors: Record<string, string> } | { ok: NewIntegration } {
      const parsed = newIntegrationSchema.safeParse(input);
      if (parsed.success) return { ok: parsed.data };
      return { errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'name'), i.message])) };
    },
    /** After the modal closed: adds the integration, DMs the CSM what happened, refreshes the Home tab. */
    submitAdd: (input: NewIntegration, user: string) =>
      telling({ channel: '', user }, async () => {
        const added = await adder.add(input);
        const what = `*${added.integration.name}* (${added.category.replace(/_/g, ' ')}: ${added.purpose})`;
        await tell(
          { channel: '', user },
          added.created
            ? `:white_check_mark: Added ${what}. Its check-ups start now: connection today, then day 1, 7 and 30.`
            : `${what} was already there; its check-ups are running.`,
        );
        await deps.publishHome(user).catch((err) => logger.warn({ err }, 'Home tab not refreshed'));
      }),
    showDashboard: (user: string, state: DashboardState) => deps.publishHome(user, state),
    failed: (c: Click, what: string) =>
      tell(c, `:warning: ${what} failed; the error was logged. Try again in a minute.`),
  };
}
export type OnboardingActions = ReturnType<typeof createOnboardingActions>;
