import type { App } from '@slack/bolt';
import type { Logger } from '../src/logger.js';
import type { UploadScoring } from '../src/services/uploads/index.js';
import { ACTION } from '../views/ids.js';

/**
 * Uploads into channels the bot is in, or its DM: `message` with subtype `file_share` (has the message ts
 * and text) and `file_shared` (file id and channel only). Either one records the upload; the other finds
 * it recorded. The HTTP ack has already been sent when these run; the work happens in the job.
 */

export const UPLOAD_REGISTRATIONS = {
  commands: [],
  events: ['message', 'file_shared'],
  actions: [ACTION.uploadChooseCustomer],
} as const;

interface FileRef {
  id: string;
  name?: string;
}

export function registerUploadHandlers(app: App, deps: { uploads: UploadScoring; logger: Logger }): void {
  app.event('message', async ({ event, body, context }) => {
    const e = event as unknown as {
      subtype?: string;
      files?: FileRef[];
      channel: string;
      ts: string;
      user?: string;
      bot_id?: string;
      text?: string;
      thread_ts?: string;
    };
    if (e.subtype !== 'file_share' || !e.files?.length) return;
    if (e.bot_id || (context.botUserId && e.user === context.botUserId)) return;
    for (const f of e.files) {
      await deps.uploads.receive({
        fileId: f.id,
        eventId: (body as { event_id: string }).event_id,
        channel: e.channel,
        messageTs: e.ts,
        userId: e.user ?? null,
        text: e.text ?? null,
        fileName: f.name ?? null,
      });
    }
  });

  app.event('file_shared', async ({ event, body, context }) => {
    if (context.botUserId && event.user_id === context.botUserId) return;
    await deps.uploads.receive({
      fileId: event.file_id,
      eventId: (body as { event_id: string }).event_id,
      channel: event.channel_id,
      messageTs: null,
      userId: event.user_id ?? null,
      text: null,
      fileName: null,
    });
  });

  app.action(ACTION.uploadChooseCustomer, async ({ ack, body, action }) => {
    await ack();
    const a = action as { block_id?: string; selected_option?: { value: string } };
    const fileId = a.block_id?.startsWith('upload:') ? a.block_id.slice('upload:'.length) : null;
    const value = a.selected_option?.value;
    if (!fileId || !value) return;
    const b = body as { channel?: { id: string }; message?: { ts: string } };
    const menu = b.channel && b.message ? { channel: b.channel.id, ts: b.message.ts } : null;
    await deps.uploads.chooseCustomer(fileId, value, body.user.id, menu);
  });
}
