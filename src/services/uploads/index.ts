import { customerChosenMessage } from '../../../views/upload-messages.js';
import type { Repos } from '../../db/index.js';
import type { NewUpload } from '../../db/uploads.js';
import type { NamedCustomer } from '../../domain/customers/match.js';
import type { Logger } from '../../logger.js';
import type { SlackGateway } from '../../slack/gateway.js';
import type { ReportStore } from '../reports/store.js';
import { createUploadProcessor } from './process.js';

/**
 * Upload → score in Slack. `receive` runs inside the event listener (after the ack): it records the upload
 * once per Slack file and schedules the `upload.score` job; `process` is that job (process.ts);
 * `chooseCustomer` is the CSM's answer when the file named no customer we know.
 */

export interface UploadScoringDeps {
  repos: Repos;
  slack: SlackGateway;
  reportStore: ReportStore;
  listCustomers(): Promise<NamedCustomer[]>;
  /** Schedules (or re-schedules) the scoring job for a file; the job calls `process`. */
  schedule(fileId: string): Promise<void>;
  maxBytes: number;
  logger: Logger;
  /** Least time between two progress edits of the processing message. Default 2,000 ms. */
  progressIntervalMs?: number;
  /** A `processing` run older than this is presumed dead and may be taken over (= the job's lock lifetime). */
  staleRunMs?: number;
}

export { DownloadError } from './download.js';

export function createUploadScoring(deps: UploadScoringDeps) {
  const { repos, logger } = deps;
  return {
    async receive(u: NewUpload): Promise<{ created: boolean }> {
      const { created } = await repos.uploads.claim(u);
      if (created) await deps.schedule(u.fileId);
      else logger.info({ fileId: u.fileId, eventId: u.eventId }, 'upload already recorded; not scheduling again');
      return { created };
    },

    process: createUploadProcessor(deps),

    /**
     * The CSM's answer to the select menu: `id:<customerId>` or `new:<name>`. Only an upload that is
     * waiting moves on, so two answers (or a double click) re-run once. The menu's message then says
     * which customer was chosen, by whom.
     */
    async chooseCustomer(
      fileId: string,
      value: string,
      userId: string,
      menu: { channel: string; ts: string } | null,
    ): Promise<{ customer: string } | null> {
      let name: string | null = null;
      if (value.startsWith('new:')) name = value.slice(4).trim() || null;
      else if (value.startsWith('id:')) {
        const known = await deps.listCustomers();
        name = known.find((c) => c.id === value.slice(3))?.name ?? null;
      }
      if (!name) return null;
      const moved = await repos.uploads.transition(fileId, 'awaiting_customer', 'received', { chosenCustomer: name });
      if (!moved) return null;
      logger.info({ fileId, customer: name, chosenBy: userId }, 'customer chosen for upload');
      await deps.schedule(fileId);
      if (menu) await deps.slack.update(menu, customerChosenMessage(name, userId));
      return { customer: name };
    },
  };
}
export type UploadScoring = ReturnType<typeof createUploadScoring>;
