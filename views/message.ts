import type { KnownBlock, View } from '@slack/types';

/** A message for chat.postMessage / chat.update / chat.postEphemeral: fallback `text` plus blocks. */
export interface SlackMessage {
  /** Fallback text for notifications and screen readers (mrkdwn-escaped). */
  text: string;
  blocks: KnownBlock[];
}

/** A Home tab or modal view, as views.publish / views.open take it. */
export type SlackView = View;
