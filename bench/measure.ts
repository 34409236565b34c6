import { createReadStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';

/**
 * One in-process measurement, run by score-bench.ts in a process of its own so its peak RSS is its own:
 *   node dist/bench/measure.js floor|duckdb FILE
 * Prints one JSON line last: { ms, rows, groups, maxRssMB } (ms excludes node start-up; the bench
 * reports the whole process's wall time, as it does for the CLI).
 */

/** The floor: a bare csv-parse pass with records as arrays, counting them and nothing else. */
async function floor(file: string): Promise<{ rows: number; groups: number }> {
  let records = 0;
  await pipeline(
    createReadStream(file, { highWaterMark: 1 << 20 }),
    parse({ columns: false }),
    new Writable({
      objectMode: true,
      highWaterMark: 1024,
      write(_record, _enc, done) {
        records++;
        done();
      },
    }),
  );
  return { rows: Math.max(0, records - 1), groups: 0 };
}

/** The peer: DuckDB computing the report's core per-integration aggregates over the same file. */
async function duckdb(file: string): Promise<{ rows: number; groups: number }> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const reader = await conn.runAndReadAll(`
    SELECT customer, integration,
           count(*) AS requests,
           count(*) FILTER (WHERE status >= 400 OR error_code IS NOT NULL) AS errors,
           avg(latency_ms) AS mean_ms,
           quantile_cont(latency_ms, [0.5, 0.95, 0.99]) AS latency_q
    FROM read_csv_auto('${file.replaceAll("'", "''")}')
    GROUP BY ALL`);
  const groups = reader.getRowObjects();
  const rows = groups.reduce((n, g) => n + Number(g.requests), 0);
  conn.closeSync();
  instance.closeSync();
  return { rows, groups: groups.length };
}

const [kind, file] = process.argv.slice(2);
if ((kind !== 'floor' && kind !== 'duckdb') || !file) {
  process.stderr.write('usage: node dist/bench/measure.js floor|duckdb FILE\n');
  process.exit(2);
}
const started = performance.now();
const { rows, groups } = kind === 'floor' ? await floor(file) : await duckdb(file);
const ms = performance.now() - started;
const maxRssMB = process.resourceUsage().maxRSS / 1024;
// Exit explicitly: native handles (DuckDB) must not keep the process, and its wall time, alive.
process.stdout.write(`${JSON.stringify({ ms, rows, groups, maxRssMB })}\n`, () => process.exit(0));
