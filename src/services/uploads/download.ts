import type { SlackGateway } from '../../slack/gateway.js';

/** A download problem the CSM can act on; reported like an UploadError (its message, nothing stored). */
export class DownloadError extends Error {
  override readonly name = 'DownloadError';
}

/**
 * Streams a Slack file with the bot token, refusing it before or while reading once it passes `maxBytes`.
 * Throws DownloadError with a message for the CSM (too large, no link, HTTP error, missing scope).
 */
export async function downloadSlackFile(
  slack: SlackGateway,
  fileId: string,
  maxBytes: number,
): Promise<{ name: string; chunks: AsyncIterable<Uint8Array> }> {
  const file = await slack.fileInfo(fileId);
  if (!file?.downloadUrl) throw new DownloadError('Slack did not give me a download link for this file.');
  const { name } = file;
  const limitText = `${Math.round(maxBytes / 1024 / 1024)} MB`;
  if (file.size !== null && file.size > maxBytes) {
    throw new DownloadError(
      `${name} is ${(file.size / 1024 / 1024).toFixed(1)} MB, over the ${limitText} upload limit. Split it by date range and upload the parts.`,
    );
  }
  const res = await slack.download(file.downloadUrl);
  if (!res.ok || !res.body) throw new DownloadError(`Downloading ${name} from Slack failed (HTTP ${res.status}).`);
  if ((res.headers.get('content-type') ?? '').startsWith('text/html')) {
    // Slack answers an unauthorised download with its sign-in page rather than an error status.
    throw new DownloadError(`Slack would not let me download ${name}: check that the app has the files:read scope.`);
  }
  const body = res.body;
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
