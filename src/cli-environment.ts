import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import { EnvironmentImportError } from './domain/environment/import.js';
import { UsageError } from './domain/errors.js';
import { createLogger } from './logger.js';

const USAGE = 'Usage: techhealth environment import FILE [--format environment|technographics] (CSV or JSON)';

/**
 * `techhealth environment import FILE`: technical environments (limits, security, compliance, tech stack,
 * contacts) or a technographics export for many customers, into MONGODB_URI. One line per bad row (file,
 * line, field, problem); every other customer is applied. Exit 0 when all applied, 1 when some were not.
 */
export async function environmentCommand(
  args: string[],
  env: Record<string, string | undefined>,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string' } },
  });
  const [sub, file, ...extra] = positionals;
  if (sub !== 'import' || !file || extra.length > 0) throw new UsageError(USAGE);
  const format = values.format;
  if (format !== undefined && format !== 'environment' && format !== 'technographics') throw new UsageError(USAGE);
  const config = loadConfig(env, ['mongodb']);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`Cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const { createServices } = await import('./app.js');
  const services = await createServices(config, { logger: createLogger(env.LOG_LEVEL ?? 'warn') });
  try {
    let result: Awaited<ReturnType<typeof services.environment.importer.importText>>;
    try {
      result = await services.environment.importer.importText(text, format);
    } catch (e) {
      if (e instanceof EnvironmentImportError) throw new UsageError(`${file}: ${e.message}`);
      throw e;
    }
    out.write(`Updated the ${result.format} of ${result.applied.length} customer(s) from ${file}.\n`);
    for (const p of result.problems) err.write(`${file}:${p.line}: ${p.field} ${p.message}\n`);
    return result.problems.length > 0 ? 1 : 0;
  } finally {
    await services.close();
  }
}
