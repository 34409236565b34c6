import type { App } from '@slack/bolt';
import { buildScoreReport, type SlackMessage } from '../../views/report-message.js';
import {
  chooseCustomerMessage,
  customerChosenMessage,
  doneMessage,
  progressMessage,
  uploadFailedMessage,
} from '../../views/upload-messages.js';
import type { Repos } from '../db/index.js';
import type { NewUpload, UploadRecord } from '../db/uploads.js';
import { matchCustomer, type NamedCustomer } from '../domain/customers/match.js';
import { UploadError } from '../domain/errors.js';
import type { HealthReport } from '../domain/report/types.js';
import type { Logger } from '../logger.js';
import { renderReportChartPng } from './report-chart.js';
import type { ReportStore } from './report-store.js';
import { scoreStream } from './score-files.js';

/**
 * Upload → score in Slack. `receive` runs inside the event listener (after the ack): it records the upload
 * once per Slack file and schedules the `upload.score` job. `process` is that job: it answers in the
 * upload's thread, downloads the file with the bot token (streamed, size-limited), scores it with progress
 * updates, resolves the customer, stores the report and posts it with its chart. Its state lives in the
 * upload document, so a re-run after a crash reuses the progress message and skips what was posted.
 */

type WebClient = App['client'];

export interface UploadScoringDeps {
  repos: Repos;
  client: WebClient;
  botToken: string;
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

/** What a Slack event tells us about an upload: the repository's new-upload shape. */
export type ReceivedUpload = NewUpload;

/** A download problem the CSM can act on; reported like an UploadError (its message, nothing stored). */
export class DownloadError extends Error {
  override readonly name = 'DownloadError';
}

export function createUploadScoring(deps: UploadScoringDeps) {
  const { repos, client, logger } = deps;
  const interval = deps.progressIntervalMs ?? 2000;
  const staleRunMs = deps.staleRunMs ?? 15 * 60 * 1000;

  const post = async (upload: UploadRecord, message: SlackMessage) =>
    client.chat.postMessage({
      channel: upload.channel,
      thread_ts: upload.messageTs ?? undefined,
      text: message.text,
      blocks: message.blocks,
    });

  async function threadOf(upload: UploadRecord): Promise<UploadRecord> {
    if (upload.messageTs) return upload;
    // file_shared carries no message ts; the file's shares say which message it came with.
    const info = await client.files.info({ file: upload.fileId });
    const shares = (info.file?.shares ?? {}) as Record<string, Record<string, { ts?: string }[]>>;
    const ts = shares.public?.[upload.channel]?.[0]?.ts ?? shares.private?.[upload.channel]?.[0]?.ts ?? null;
    if (ts) await repos.uploads.update(upload.fileId, { messageTs: ts });
    return { ...upload, messageTs: ts };
  }

  async function download(fileId: string): Promise<{ name: string; chunks: AsyncIterable<Uint8Array> }> {
    const info = await client.files.info({ file: fileId });
    const file = info.file;
    const url = file?.url_private_download ?? file?.url_private;
    if (!file || !url) throw new DownloadError('Slack did not give me a download link for this file.');
    const name = file.name ?? fileId;
    const limitText = `${Math.round(deps.maxBytes / 1024 / 1024)} MB`;
    if (typeof file.size === 'number' && file.size > deps.maxBytes) {
      throw new DownloadError(
        `${name} is ${(file.size / 1024 / 1024).toFixed(1)} MB, over the ${limitText} upload limit. Split it by date range and upload the parts.`,
      );
    }
    const res = await fetch(url, { headers: { authorization: `Bearer ${deps.botToken}` } });
    if (!res.ok || !res.body) throw new DownloadError(`Downloading ${name} from Slack failed (HTTP ${res.status}).`);
    if ((res.headers.get('content-type') ?? '').startsWith('text/html')) {
      // Slack answers an unauthorised download with its sign-in page rather than an error status.
      throw new DownloadError(`Slack would not let me download ${name}: check that the app has the files:read scope.`);
    }
    const body = res.body;
    const maxBytes = deps.maxBytes;
    async function* limited() {
      let seen = 0;
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        seen += chunk.byteLength;
        if (seen > maxBytes)
          throw new DownloadError(
            `${name} is over the ${limitText} upload limit. Split it by date range and upload the parts.`,
          );
        yield chunk;
      }
    }
    return { name, chunks: limited() };
  }

  /** Customer from the file name, then the message text, among known customers; null → ask. */
  function resolveCustomer(upload: UploadRecord, fileName: string, known: NamedCustomer[]): NamedCustomer | null {
    const guess = nameFromFileName(fileName);
    if (guess) {
      const m = matchCustomer(guess, known);
      if (m.exact) return m.exact;
    }
    const text = upload.text ?? '';
    for (const c of known) {
      for (const n of [c.name, ...(c.aliases ?? [])]) {
        if (n.length >= 2 && new RegExp(`\\b${escapeRegExp(n)}\\b`, 'i').test(text)) return c;
      }
    }
    return null;
  }

  async function uploadChart(upload: UploadRecord, report: HealthReport): Promise<void> {
    const png = renderReportChartPng(report);
    const filename = `techhealth-${slug(report.customer ?? 'report')}.png`;
    const target = await client.files.getUploadURLExternal({ filename, length: png.length });
    if (!target.upload_url || !target.file_id) throw new Error('files.getUploadURLExternal gave no upload_url');
    const put = await fetch(target.upload_url, { method: 'POST', body: png });
    if (!put.ok) throw new Error(`chart upload failed with HTTP ${put.status}`);
    await client.files.completeUploadExternal({
      files: [{ id: target.file_id, title: `Technical health chart: ${report.customer ?? ''}`.trim() }],
      channel_id: upload.channel,
      ...(upload.messageTs ? { thread_ts: upload.messageTs } : {}),
    });
  }

  return {
    async receive(u: ReceivedUpload): Promise<{ created: boolean }> {
      const { created } = await repos.uploads.claim(u);
      if (created) await deps.schedule(u.fileId);
      else logger.info({ fileId: u.fileId, eventId: u.eventId }, 'upload already recorded; not scheduling again');
      return { created };
    },

    /** The `upload.score` job body. Safe to re-run: finished uploads are skipped, posted reports not re-posted. */
    async process(fileId: string): Promise<void> {
      if (!(await repos.uploads.claimRun(fileId, new Date(Date.now() - staleRunMs)))) {
        logger.debug({ fileId }, 'upload not claimable (finished, waiting for the CSM, or running elsewhere)');
        return;
      }
      const found = await repos.uploads.get(fileId);
      if (!found) return;
      let upload = await threadOf(found);
      const label = upload.fileName ?? fileId;
      if (!upload.progressTs) {
        const first = await post(upload, progressMessage(label, null));
        upload = { ...upload, progressTs: first.ts ?? null };
        await repos.uploads.update(fileId, { progressTs: upload.progressTs });
      }
      const progress = async (m: SlackMessage) => {
        if (!upload.progressTs) return;
        await client.chat.update({ channel: upload.channel, ts: upload.progressTs, text: m.text, blocks: m.blocks });
      };

      try {
        const source = await download(fileId);
        let last = Date.now();
        let pending: Promise<unknown> = Promise.resolve();
        const result = await scoreStream(source, {
          customer: upload.chosenCustomer,
          onProgress: (rows) => {
            const now = Date.now();
            if (now - last < interval) return;
            last = now;
            pending = pending
              .then(() => progress(progressMessage(source.name, rows)))
              .catch((err) => logger.warn({ err, fileId }, 'progress update failed'));
          },
        });
        await pending;

        const known = await deps.listCustomers();
        const reports: HealthReport[] = [];
        for (const r of result.reports) {
          if (r.customer) {
            reports.push(r);
            continue;
          }
          const c = resolveCustomer(upload, source.name, known);
          if (!c) {
            const guess = nameFromFileName(source.name);
            const ranked = guess
              ? matchCustomer(guess, known, { limit: 100, minSimilarity: 0 }).suggestions.map((s) => s.customer)
              : known;
            await repos.uploads.update(fileId, { status: 'awaiting_customer' });
            await post(upload, chooseCustomerMessage({ fileId, fileName: source.name, known: ranked, newName: guess }));
            await progress(progressMessage(source.name, null)).catch(() => {});
            return;
          }
          reports.push({ ...r, customer: c.name });
        }

        const reportIds: string[] = [];
        const posted = new Set(upload.postedReportIds);
        for (const report of reports) {
          const stored = await deps.reportStore.storeReport(report, {
            fileHash: result.fileHash,
            fileNames: result.fileNames,
          });
          reportIds.push(stored.reportId);
          if (posted.has(stored.reportId)) continue;
          const messages = buildScoreReport({ ...report, trend: stored.trend }, { reportId: stored.reportId });
          for (const m of messages) await post(upload, m);
          try {
            await uploadChart(upload, report);
          } catch (err) {
            logger.warn({ err, fileId }, 'chart upload failed; the report itself was posted');
          }
          await repos.uploads.update(fileId, {}, { $addToSet: { postedReportIds: stored.reportId } });
        }
        const records = reports.reduce((n, r) => n + r.counts.records, 0);
        await progress(
          doneMessage(
            source.name,
            records,
            reports.map((r) => r.customer ?? '?'),
          ),
        );
        await repos.uploads.update(fileId, { status: 'done', reportIds, error: null });
        logger.info({ fileId, reportIds }, 'upload scored');
      } catch (err) {
        if (err instanceof UploadError || err instanceof DownloadError) {
          await repos.uploads.update(fileId, { status: 'failed', error: err.message });
          await post(upload, uploadFailedMessage(label, err.message));
          await progress(progressMessage(label, null)).catch(() => {});
          logger.info({ fileId, reason: err.message }, 'upload rejected');
          return;
        }
        await repos.uploads.update(fileId, { status: 'failed', error: String(err) });
        await post(
          upload,
          uploadFailedMessage(label, 'something went wrong on our side; the error was logged. Try uploading again.'),
        ).catch(() => {});
        throw err;
      }
    },

    /**
     * The CSM's answer to the select menu: `id:<customerId>` or `new:<name>`. Only an upload that is
     * waiting moves on, so two answers (or a double click) re-run once.
     */
    async chooseCustomer(fileId: string, value: string, userId: string | null): Promise<{ customer: string } | null> {
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
      return { customer: name };
    },
    customerChosenMessage,
  };
}
export type UploadScoring = ReturnType<typeof createUploadScoring>;

/**
 * A customer name guessed from an export's file name: its first word, capitalised
 * (`acme_api_logs_jan2026.json` → `Acme`); null when that word is generic or too short.
 */
export function nameFromFileName(fileName: string): string | null {
  const base = fileName.replace(/\.[^.]+$/, '');
  const first = base.split(/[_\-\s.]+/).find((w) => w.length > 0) ?? '';
  if (first.length < 2 || GENERIC.has(first.toLowerCase()) || /^\d+$/.test(first)) return null;
  return first.charAt(0).toUpperCase() + first.slice(1);
}
const GENERIC = new Set([
  'api',
  'logs',
  'log',
  'export',
  'data',
  'integration',
  'integrations',
  'usage',
  'webhook',
  'webhooks',
  'report',
  'file',
  'upload',
]);

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'report';
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
