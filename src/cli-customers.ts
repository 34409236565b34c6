import { readFile } from 'node:fs/promises';
import { loadConfig } from './config.js';
import { withDatabase } from './db/embedded.js';
import { UsageError } from './domain/errors.js';
import { createLogger } from './logger.js';

/**
 * `techhealth customers import FILE`: loads customers from CSV or JSON into MONGODB_URI. CSMs given by
 * e-mail are resolved through Slack (SLACK_BOT_TOKEN, SLACK_API_URL). Prints one line per bad row
 * (line, field, problem); good rows load regardless. Exit 0 when every row loaded, 1 when some did not.
 */
export async function customersCommand(
  args: string[],
  env: Record<string, string | undefined>,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const [sub, file, ...extra] = args;
  if (sub !== 'import' || !file || extra.length > 0)
    throw new UsageError('Usage: techhealth customers import FILE (CSV or JSON)');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`Cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const config = loadConfig(await withDatabase(env, (line) => err.write(`${line}\n`)), ['mongodb']);
  const logger = createLogger(env.LOG_LEVEL ?? 'warn');
  const { createServices } = await import('./app.js');
  const services = await createServices(config, { logger });
  const slack = services.slack;
  try {
    const importer = services.customerImport;
    let result: Awaited<ReturnType<typeof importer.importText>>;
    try {
      result = await importer.importText(text);
    } catch (e) {
      throw new UsageError(`${file} is neither a customers CSV nor JSON: ${(e as Error).message}`);
    }
    out.write(
      `Imported ${result.created + result.updated} customer(s) from ${file}: ${result.created} new, ${result.updated} updated.\n`,
    );
    for (const p of result.problems) {
      const hint = p.field === 'csm' && !slack ? ' (set SLACK_BOT_TOKEN to resolve e-mails)' : '';
      err.write(`${file}:${p.line}: ${p.field} ${p.message}${hint}\n`);
    }
    return result.problems.length > 0 ? 1 : 0;
  } finally {
    await services.close();
  }
}
