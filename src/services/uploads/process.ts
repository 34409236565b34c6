import type { SlackMessage } from '../../../views/message.js';
import { buildScoreReport } from '../../../views/report-message.js';
import {
  chooseCustomerMessage,
  doneMessage,
  progressMessage,
  uploadFailedMessage,
} from '../../../views/upload-messages.js';
import type { UploadRecord } from '../../db/uploads.js';
import { guessUploadCustomer, nameFromFileName, rankUploadCustomers } from '../../domain/customers/guess.js';
import { UploadError } from '../../domain/errors.js';
import type { HealthReport } from '../../domain/report/types.js';
import { renderReportChartPng } from '../reports/chart.js';
import { type ScoreResult, scoreStream } from '../scoring/score-files.js';
import { DownloadError, downloadSlackFile } from './download.js';
import type { UploadScoringDeps } from './index.js';

/**
 * The `upload.score` job body: answer in the upload's thread, download the file (streamed, size-limited),
 * score it with progress edits, resolve the customer (or ask), store and post each report with its chart.
 * Its state lives in the upload document, so a re-run after a crash reuses the progress message and
 * skips what was posted. Safe to re-run: finished uploads are skipped.
 */
export function createUploadProcessor(deps: UploadScoringDeps) {
  const { repos, slack, logger } = deps;
  const interval = deps.progressIntervalMs ?? 2000;
  const staleRunMs = deps.staleRunMs ?? 15 * 60 * 1000;

  const post = (upload: UploadRecord, message: SlackMessage) =>
    slack.post(upload.channel, message, { threadTs: upload.messageTs });

  async function threadOf(upload: UploadRecord): Promise<UploadRecord> {
    if (upload.messageTs) return upload;
    // file_shared carries no message ts; the file's shares say which message it came with.
    const ts = (await slack.fileInfo(upload.fileId))?.shareTs(upload.channel) ?? null;
    if (ts) await repos.uploads.update(upload.fileId, { messageTs: ts });
    return { ...upload, messageTs: ts };
  }

  /** The upload claimed for this run, in its thread, with its progress message posted. */
  async function start(fileId: string): Promise<UploadRecord | null> {
    if (!(await repos.uploads.claimRun(fileId, new Date(Date.now() - staleRunMs)))) {
      logger.debug({ fileId }, 'upload not claimable (finished, waiting for the CSM, or running elsewhere)');
      return null;
    }
    const found = await repos.uploads.get(fileId);
    if (!found) return null;
    const upload = await threadOf(found);
    if (upload.progressTs) return upload;
    const first = await post(upload, progressMessage(upload.fileName ?? fileId, null));
    await repos.uploads.update(fileId, { progressTs: first.ts });
    return { ...upload, progressTs: first.ts };
  }

  async function score(upload: UploadRecord, progress: (m: SlackMessage) => Promise<void>) {
    const source = await downloadSlackFile(slack, upload.fileId, deps.maxBytes);
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
          .catch((err) => logger.warn({ err, fileId: upload.fileId }, 'progress update failed'));
      },
    });
    await pending;
    return { name: source.name, result };
  }

  /** Every report with its customer; null when one names none we can tell (the CSM was asked). */
  async function withCustomers(upload: UploadRecord, fileName: string, result: ScoreResult) {
    const known = await deps.listCustomers();
    const reports: HealthReport[] = [];
    for (const r of result.reports) {
      const c = r.customer ? null : guessUploadCustomer(fileName, upload.text, known);
      if (!r.customer && !c) {
        await repos.uploads.update(upload.fileId, { status: 'awaiting_customer' });
        await post(
          upload,
          chooseCustomerMessage({
            fileId: upload.fileId,
            fileName,
            known: rankUploadCustomers(fileName, known),
            newName: nameFromFileName(fileName),
          }),
        );
        return null;
      }
      reports.push(c ? { ...r, customer: c.name } : r);
    }
    return reports;
  }

  async function publish(upload: UploadRecord, reports: HealthReport[], result: ScoreResult): Promise<string[]> {
    const reportIds: string[] = [];
    const posted = new Set(upload.postedReportIds);
    for (const report of reports) {
      const stored = await deps.reportStore.storeReport(report, {
        fileHash: result.fileHash,
        fileNames: result.fileNames,
      });
      reportIds.push(stored.reportId);
      if (posted.has(stored.reportId)) continue;
      for (const m of buildScoreReport({ ...report, trend: stored.trend }, { reportId: stored.reportId }))
        await post(upload, m);
      try {
        await slack.uploadFiles({
          channel: upload.channel,
          threadTs: upload.messageTs,
          files: [
            {
              filename: `techhealth-${slug(report.customer ?? 'report')}.png`,
              title: `Technical health chart: ${report.customer ?? ''}`.trim(),
              content: await renderReportChartPng(report),
            },
          ],
        });
      } catch (err) {
        logger.warn({ err, fileId: upload.fileId }, 'chart upload failed; the report itself was posted');
      }
      await repos.uploads.update(upload.fileId, {}, { $addToSet: { postedReportIds: stored.reportId } });
    }
    return reportIds;
  }

  async function fail(upload: UploadRecord, label: string, err: unknown, progress: (m: SlackMessage) => Promise<void>) {
    const { fileId } = upload;
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

  return async function process(fileId: string): Promise<void> {
    const upload = await start(fileId);
    if (!upload) return;
    const label = upload.fileName ?? fileId;
    const progress = async (m: SlackMessage) => {
      if (upload.progressTs) await slack.update({ channel: upload.channel, ts: upload.progressTs }, m);
    };
    try {
      const { name, result } = await score(upload, progress);
      const reports = await withCustomers(upload, name, result);
      if (!reports) {
        await progress(progressMessage(name, null)).catch(() => {});
        return;
      }
      const reportIds = await publish(upload, reports, result);
      const records = reports.reduce((n, r) => n + r.counts.records, 0);
      await progress(
        doneMessage(
          name,
          records,
          reports.map((r) => r.customer ?? '?'),
        ),
      );
      await repos.uploads.update(fileId, { status: 'done', reportIds, error: null });
      logger.info({ fileId, reportIds }, 'upload scored');
    } catch (err) {
      await fail(upload, label, err, progress);
    }
  };
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'report';
