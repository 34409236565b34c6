import type { BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import { localDate, parseCallSubmission } from '../views/call-modal.js';
import { decodeRef, type ReportThreadRef } from '../views/ticket-modal.js';

/** Small pieces every listener group shares: reading where a click came from and what it carried. */

export type ActionBody = BlockAction<ButtonAction | StaticSelectAction>;

/** The clicked element's value: a button's `value`, a select's chosen option. */
export function actionValue(body: ActionBody): string {
  const a = body.actions[0];
  return a.type === 'static_select' ? (a.selected_option?.value ?? '') : (a.value ?? '');
}

/** The message the click was on, and its thread (the message itself, or the thread it was posted in). */
export function clickedThread(body: ActionBody): ReportThreadRef {
  const message = body.message as { ts?: string; thread_ts?: string } | undefined;
  const container = body.container as { channel_id?: string; message_ts?: string };
  return {
    reportId: actionValue(body),
    channel: body.channel?.id ?? container.channel_id ?? '',
    threadTs: message?.thread_ts ?? message?.ts ?? container.message_ts ?? '',
  };
}

/**
 * Acks, then runs the work; an unexpected failure is logged and told to the clicking CSM through `failed`.
 */
export function afterAck(
  log: { error(obj: object, msg: string): void },
  what: string,
  work: (body: ActionBody) => Promise<unknown>,
  failed: (body: ActionBody, what: string) => Promise<unknown>,
) {
  return async ({ ack, body }: { ack: () => Promise<void>; body: ActionBody }) => {
    await ack();
    try {
      await work(body);
    } catch (err) {
      log.error({ err, action: what, value: actionValue(body) }, 'Slack action failed');
      await failed(body, what);
    }
  };
}

/**
 * A submitted Schedule Technical Call modal: its thread ref, the CSM's zone it was built in, and the
 * parsed fields (or the per-field errors to answer the submission with).
 */
export function readCallModal(view: { private_metadata: string; state: { values: unknown } }) {
  const ref = decodeRef(view.private_metadata);
  const timeZone = ref?.extra.z ?? 'UTC';
  const parsed = parseCallSubmission(
    view.state.values as Parameters<typeof parseCallSubmission>[0],
    localDate(new Date(), timeZone),
  );
  return { ref, timeZone, parsed };
}
