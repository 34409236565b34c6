import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

/**
 * `npm run bench [-- options]`: speed and memory of the scoring engine against two references, in one run.
 *   floor      a bare csv-parse pass over the file, records as arrays, counting them (bench/measure.ts)
 *   pipeline   `techhealth score FILE --format json --workers 1|2 > /dev/null`, as a user runs it (2: the
 *              calling thread and one worker thread)
 *   duckdb     DuckDB computing the same per-integration aggregates (bench/measure.ts)
 *   e2e100k    the CLI on 100,000 rows, default options, whole process wall time
 * Every figure is a child process's wall time (node start-up included) and peak RSS (GNU time, worker
 * threads included), the median of --runs runs. The order flips on every run (A B C, C B A, …) so slow
 * drift of the machine hits all measurements alike; the ratios come from this one run.
 *
 * Options: --rows N (default 1,000,000) --big (adds floor + pipeline on 10,000,000 rows; --big-rows N)
 *          --runs K (default 3) --only floor,pipeline,duckdb,e2e100k --seed N --weeks N
 *          --file PATH (an existing CSV export instead of generated data)
 * Results: a table on stdout, the figures in bench/results/latest.json. Exit status 0 whatever the targets.
 */

const NAMES = ['floor', 'pipeline', 'duckdb', 'e2e100k'] as const;
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    big: { type: 'boolean', default: false },
    'big-rows': { type: 'string', default: '10000000' },
    runs: { type: 'string', default: '3' },
    only: { type: 'string', default: NAMES.join(',') },
    seed: { type: 'string', default: '42' },
    weeks: { type: 'string', default: '4' },
    file: { type: 'string' },
  },
});
const wholeNumber = (name: string, v: string, min: number): number => {
  const n = Number(v.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min} (got "${v}")`);
  return n;
};
const rows = wholeNumber('rows', values.rows, 1);
const bigRows = wholeNumber('big-rows', values['big-rows'], 1);
const runs = wholeNumber('runs', values.runs, 1);
const seed = wholeNumber('seed', values.seed, 0);
const weeks = wholeNumber('weeks', values.weeks, 1);
const only = new Set(values.only.split(',').map((s) => s.trim()));
for (const name of only) {
  if (!(NAMES as readonly string[]).includes(name))
    throw new Error(`--only: unknown "${name}"; known: ${NAMES.join(', ')}`);
}

const root = resolve(import.meta.dirname, '..', '..');
const dataDir = join(root, 'bench', 'data');
const resultsDir = join(root, 'bench', 'results');
const measureJs = join(import.meta.dirname, 'measure.js');
const cliJs = join(root, 'dist', 'src', 'cli.js');
const generatorJs = join(root, 'dist', 'src', 'domain', 'demo', 'generate.js');
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

// ---------------------------------------------------------------------------------------------- data

type GenerateDemoCsv = (o: { seed: number; rows: number; weeks: number }) => Iterable<string> | AsyncIterable<string>;

/** bench/data/demo-s<seed>-w<weeks>-<rows>.csv, generated once and reused. */
async function dataset(n: number): Promise<string> {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, `demo-s${seed}-w${weeks}-${n}.csv`);
  if (existsSync(file)) return file;
  if (!existsSync(generatorJs)) {
    throw new Error(`the demo generator is not built (${generatorJs}); run npm run build, or pass --file PATH`);
  }
  // Imported by path, not statically: the bench still runs on --file while the generator is missing.
  const { generateDemoCsv } = (await import(generatorJs)) as { generateDemoCsv: GenerateDemoCsv };
  process.stderr.write(`generating ${n.toLocaleString('en-US')} rows → ${file}\n`);
  const out = createWriteStream(`${file}.tmp`);
  for await (const chunk of generateDemoCsv({ seed, rows: n, weeks })) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  renameSync(`${file}.tmp`, file); // a half-written file is never reused
  return file;
}

/** The header and first `n` data rows of `file`, for the 100k end-to-end run on a --file export. */
async function headOf(file: string, n: number): Promise<string> {
  mkdirSync(dataDir, { recursive: true });
  const head = join(dataDir, `${basename(file, '.csv')}-head${n}.csv`);
  if (existsSync(head)) return head;
  const out = createWriteStream(`${head}.tmp`);
  let lines = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let end = -1;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) {
      if (++lines === n + 1) {
        end = i + 1;
        break;
      }
    }
    if (!out.write(end === -1 ? chunk : chunk.subarray(0, end))) await once(out, 'drain');
    if (end !== -1) break;
  }
  out.end();
  await once(out, 'finish');
  renameSync(`${head}.tmp`, head);
  return head;
}

/** Data rows of a CSV (lines after the header); only for --file, where the count is not known. */
async function countRows(file: string): Promise<number> {
  let lines = 0;
  let last = 10;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    last = chunk[chunk.length - 1];
  }
  return lines + (last === 10 ? 0 : 1) - 1;
}

// ------------------------------------------------------------------------------------- measurement

interface Sample {
  wallMs: number;
  maxRssMB: number;
  groups?: number;
}

interface Measurement {
  name: string;
  label: string;
  rows: number;
  sample: () => Promise<Sample>;
}

interface Summary {
  name: string;
  label: string;
  rows: number;
  runs: number;
  wallS: number | null;
  rowsPerS: number | null;
  maxRssMB: number | null;
  groups?: number;
  unavailable?: string;
}

/** Runs a command as a child process; wall time measured here, peak RSS by GNU time when present. */
function run(
  cmd: string,
  args: string[],
  discardStdout: boolean,
): Promise<{ stdout: string; wallMs: number; maxRssMB: number }> {
  return new Promise((done, fail) => {
    const env = { ...process.env };
    delete env.MONGODB_URI; // the bench scores, it never stores
    const [file, argv] = gnuTime ? [gnuTime, ['-f', 'maxrss-kb %M', cmd, ...args]] : [cmd, args];
    const started = performance.now();
    const child = spawn(file, argv, { env, stdio: ['ignore', discardStdout ? 'ignore' : 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => {
      stdout += d;
    });
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    child.on('error', fail);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const rss = /maxrss-kb (\d+)\s*$/.exec(stderr);
      const ownStderr = stderr.replace(/(Command exited with non-zero status \d+\n)?maxrss-kb \d+\s*$/, '').trim();
      if (code !== 0) return fail(new Error(`exit ${code}: ${gist(ownStderr)}`));
      done({ stdout, wallMs, maxRssMB: rss ? Number(rss[1]) / 1024 : Number.NaN });
    });
  });
}

/** The telling line of a child's stderr: a thrown error's message if there is one, else its last line. */
function gist(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return (
    lines.find((l) => /^(\w*Error\b|Error \[|Cannot|Internal error)/.test(l)) ??
    lines.at(-1) ??
    '(no output)'
  ).slice(0, 300);
}

async function inProcess(kind: 'floor' | 'duckdb', file: string): Promise<Sample> {
  const { stdout, wallMs, maxRssMB } = await run(process.execPath, [measureJs, kind, file], false);
  const last = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { maxRssMB: number; groups: number };
  return {
    wallMs,
    maxRssMB: Number.isNaN(maxRssMB) ? last.maxRssMB : maxRssMB,
    groups: kind === 'duckdb' ? last.groups : undefined,
  };
}

async function cli(file: string, extra: string[]): Promise<Sample> {
  if (!existsSync(cliJs)) throw new Error(`${cliJs} is not built`);
  return run(process.execPath, [cliJs, 'score', file, '--format', 'json', ...extra], true);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Runs every measurement `runs` times, flipping the order each run; a failing one is reported, not retried. */
async function measureAll(ms: Measurement[], title: string): Promise<Summary[]> {
  const samples = new Map<string, Sample[]>(ms.map((m) => [m.name, []]));
  const failures = new Map<string, string>();
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? ms : [...ms].reverse();
    for (const m of order) {
      if (failures.has(m.name)) continue;
      process.stderr.write(`${title} run ${i + 1}/${runs}: ${m.name}…`);
      try {
        const s = await m.sample();
        samples.get(m.name)?.push(s);
        process.stderr.write(` ${(s.wallMs / 1000).toFixed(2)} s, ${s.maxRssMB.toFixed(0)} MB\n`);
      } catch (e) {
        failures.set(m.name, (e as Error).message);
        process.stderr.write(` unavailable: ${(e as Error).message}\n`);
      }
    }
  }
  return ms.map((m) => {
    const got = samples.get(m.name) ?? [];
    const unavailable = failures.get(m.name);
    if (unavailable !== undefined || got.length === 0) {
      return {
        name: m.name,
        label: m.label,
        rows: m.rows,
        runs: got.length,
        wallS: null,
        rowsPerS: null,
        maxRssMB: null,
        unavailable,
      };
    }
    const wallS = median(got.map((s) => s.wallMs)) / 1000;
    return {
      name: m.name,
      label: m.label,
      rows: m.rows,
      runs: got.length,
      wallS,
      rowsPerS: m.rows / wallS,
      maxRssMB: median(got.map((s) => s.maxRssMB)),
      groups: got[0].groups,
    };
  });
}

// ------------------------------------------------------------------------------------------- main

const file = values.file ? resolve(values.file) : await dataset(rows);
const fileRows = values.file ? await countRows(file) : rows;
const tag = fileRows.toLocaleString('en-US');

const main: Measurement[] = [];
if (only.has('floor'))
  main.push({
    name: 'floor',
    label: `csv-parse floor, ${tag}`,
    rows: fileRows,
    sample: () => inProcess('floor', file),
  });
if (only.has('pipeline')) {
  for (const w of [1, 2]) {
    main.push({
      name: `pipeline${w}`,
      label: `score --workers ${w}, ${tag}`,
      rows: fileRows,
      sample: () => cli(file, ['--workers', String(w)]),
    });
  }
}
if (only.has('duckdb'))
  main.push({
    name: 'duckdb',
    label: `DuckDB aggregates, ${tag}`,
    rows: fileRows,
    sample: () => inProcess('duckdb', file),
  });
if (only.has('e2e100k')) {
  // Prepared up front, but a failure (no generator) makes only this measurement unavailable.
  const small = await (values.file ? headOf(file, 100_000) : dataset(100_000)).catch((e: Error) => e);
  main.push({
    name: 'e2e100k',
    label: 'score end to end, 100,000',
    rows: 100_000,
    sample: async () => {
      if (small instanceof Error) throw small;
      return cli(small, []);
    },
  });
}
const results = await measureAll(main, `${tag} rows`);

let bigResults: Summary[] = [];
if (values.big) {
  const bigFile = await dataset(bigRows);
  const bigTag = bigRows.toLocaleString('en-US');
  bigResults = await measureAll(
    [
      {
        name: 'floorBig',
        label: `csv-parse floor, ${bigTag}`,
        rows: bigRows,
        sample: () => inProcess('floor', bigFile),
      },
      {
        name: 'pipelineBig',
        label: `score --workers 2, ${bigTag}`,
        rows: bigRows,
        sample: () => cli(bigFile, ['--workers', '2']),
      },
    ],
    `${bigTag} rows`,
  );
}

// ----------------------------------------------------------------------------------------- report

const by = (name: string): Summary | undefined => [...results, ...bigResults].find((s) => s.name === name);
const wall = (name: string) => by(name)?.wallS ?? null;
const rss = (name: string) => by(name)?.maxRssMB ?? null;
const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);
const pipelineRss = (() => {
  const xs = [rss('pipeline1'), rss('pipeline2')].filter((x): x is number => x !== null);
  return xs.length ? Math.max(...xs) : null;
})();

interface Target {
  name: string;
  value: number | null;
  target: string;
  pass: boolean | null; // null: information only, or not measured
}
const check = (name: string, value: number | null, target: string, ok?: (v: number) => boolean): Target => ({
  name,
  value,
  target,
  pass: value === null || ok === undefined ? null : ok(value),
});
const targets: Target[] = [
  check('pipeline (1 worker) / floor', ratio(wall('pipeline1'), wall('floor')), '≤ 1.50', (v) => v <= 1.5),
  check('pipeline (2 workers) / floor', ratio(wall('pipeline2'), wall('floor')), '< 1.00', (v) => v < 1),
  check('pipeline (1 worker) / DuckDB', ratio(wall('pipeline1'), wall('duckdb')), 'info'),
  check('pipeline (2 workers) / DuckDB', ratio(wall('pipeline2'), wall('duckdb')), 'aim ≤ 1', (v) => v <= 1),
  check('CLI end to end, 100k rows (s)', wall('e2e100k'), '< 1.00', (v) => v < 1),
  check(`peak RSS, score at ${tag} rows (MB)`, pipelineRss, '< 200', (v) => v < 200),
];
if (values.big) {
  targets.push(
    check(
      `peak RSS ${bigRows.toLocaleString('en-US')} / ${tag} rows`,
      ratio(rss('pipelineBig'), rss('pipeline2')),
      '≤ 1.20',
      (v) => v <= 1.2,
    ),
  );
  targets.push(
    check(
      `pipeline / floor at ${bigRows.toLocaleString('en-US')} rows`,
      ratio(wall('pipelineBig'), wall('floorBig')),
      'info',
    ),
  );
}

const num = (v: number | null, digits: number) =>
  v === null ? 'n/a' : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const lines = [
  `TechHealth bench — ${new Date().toISOString()}, node ${process.version}, ${availableParallelism()} cores`,
  `data: ${file} (${tag} rows${values.file ? '' : `, seed ${seed}, ${weeks} weeks`}); median of ${runs} run(s), whole-process wall time`,
  '',
  `${'measurement'.padEnd(34)} ${'wall s'.padStart(7)} ${'rows/s'.padStart(11)} ${'peak RSS MB'.padStart(12)}`,
];
for (const s of [...results, ...bigResults]) {
  const row = `${s.label.padEnd(34)} ${num(s.wallS, 2).padStart(7)} ${num(s.rowsPerS, 0).padStart(11)} ${num(s.maxRssMB, 0).padStart(12)}`;
  const note =
    s.unavailable !== undefined
      ? `   unavailable: ${s.unavailable}`
      : s.groups !== undefined
        ? `   (${s.groups} groups)`
        : '';
  lines.push(row + note);
}
lines.push('', `${'ratio / target'.padEnd(40)} ${'value'.padStart(7)}   ${'target'.padEnd(8)} result`);
for (const t of targets) {
  const result = t.value === null ? 'not measured' : t.pass === null ? '' : t.pass ? 'PASS' : 'MISS';
  lines.push(`${t.name.padEnd(40)} ${num(t.value, 2).padStart(7)}   ${t.target.padEnd(8)} ${result}`);
}
process.stdout.write(`${lines.join('\n')}\n`);

mkdirSync(resultsDir, { recursive: true });
const json = {
  date: new Date().toISOString(),
  node: process.version,
  cores: availableParallelism(),
  runs,
  data: { file, rows: fileRows, seed: values.file ? null : seed, weeks: values.file ? null : weeks },
  measurements: [...results, ...bigResults],
  targets,
};
writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`);
process.stderr.write(`figures written to ${join(resultsDir, 'latest.json')}\n`);
