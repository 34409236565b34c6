import { join, sep } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import ts from 'typescript';
import { readSource, sourceFiles } from '../support/source-files.js';

// The dependency direction of DESIGN.md, checked on import specifiers so a violation fails CI.

function importsOf(file: string): string[] {
  const text = readSource(file);
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
}

const DOMAIN_FORBIDDEN = [
  /^@slack\//,
  /^mongoose$/,
  /^mongodb$/,
  /^agenda/,
  /^googleapis/,
  /^handlebars$/,
  /^node:(fs|net|http|https|child_process|worker_threads)/,
  /^pino/,
  /config(\.js)?$/,
  /\/(db|services|http)\//,
  /^\.\.\/\.\.\/(handlers|views|jobs)\//,
];

/**
 * Functions longer than this many lines of their own (nested functions are counted as their own
 * functions, so a factory that returns methods is measured method by method) are too long to read.
 */
const MAX_FUNCTION_LINES = 80;
/** Table-like code: one literal or one unrolled hot loop, longer by nature. Each entry says why. */
const LONG_FUNCTION_ALLOWED = new Map<string, string>([
  ['src/domain/ingest/rows.ts#process', 'per-row hot path, unrolled by hand (npm run bench measures it)'],
  ['src/domain/analysis/accumulator.ts#add', 'per-row hot path, unrolled by hand (npm run bench measures it)'],
  ['src/domain/analysis/analyze.ts#recommend', 'one recommendation text per issue kind'],
  ['views/call-modal.ts#buildCallModal', 'one Block Kit modal literal'],
  ['views/ticket-modal.ts#buildTicketModal', 'one Block Kit modal literal'],
]);

function longFunctions(file: string): string[] {
  const sf = ts.createSourceFile(file, readSource(file), ts.ScriptTarget.Latest, true);
  const lineOf = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line;
  const span = (n: ts.Node) => lineOf(n.getEnd()) - lineOf(n.getStart()) + 1;
  const isFunction = (n: ts.Node): n is ts.FunctionLikeDeclaration & { body: ts.Node } =>
    (ts.isFunctionDeclaration(n) ||
      ts.isFunctionExpression(n) ||
      ts.isArrowFunction(n) ||
      ts.isMethodDeclaration(n) ||
      ts.isConstructorDeclaration(n)) &&
    n.body !== undefined;
  const found: string[] = [];
  const visit = (n: ts.Node) => {
    if (isFunction(n)) {
      let nested = 0;
      const inner = (m: ts.Node) => {
        if (isFunction(m)) nested += span(m);
        else ts.forEachChild(m, inner);
      };
      ts.forEachChild(n.body, inner);
      const own = span(n.body) - nested;
      const name = `${file}:${lineOf(n.getStart()) + 1}`;
      const declared = ts.isVariableDeclaration(n.parent) ? n.parent.name.getText(sf) : null;
      const label = n.name?.getText(sf) ?? declared ?? '(anonymous)';
      if (own > MAX_FUNCTION_LINES && !LONG_FUNCTION_ALLOWED.has(`${file.split(sep).join('/')}#${label}`))
        found.push(`${name} ${label}: ${own} lines`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

const SLACK_API = /^@slack\/(bolt|web-api)$/;
const SLACK_ALLOWED = (f: string) =>
  f.startsWith(join('src', 'slack')) || f === join('src', 'app.ts') || f.startsWith('handlers');

describe('architecture', () => {
  it('when a domain module imports, then it never reaches I/O, Slack, Mongo, config or outer layers', () => {
    const offenders = sourceFiles('src/domain').flatMap((f) =>
      importsOf(f)
        .filter((spec) => DOMAIN_FORBIDDEN.some((re) => re.test(spec)))
        .map((spec) => `${f} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('when a view module imports at run time, then it is another view or a pure domain module', () => {
    const offenders = sourceFiles('views').flatMap((f) => {
      const text = readSource(f);
      return [...text.matchAll(/^\s*import\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)]
        .filter(([, typeOnly, spec]) => !spec.startsWith('./') && !spec.startsWith('../src/domain/') && !typeOnly)
        .map(([, , spec]) => `${f} imports ${spec} at run time`);
    });
    expect(offenders).toEqual([]);
  });

  it('when anything but the composition root imports handlers or jobs, then that is a violation', () => {
    const files = [...sourceFiles('src'), ...sourceFiles('handlers'), ...sourceFiles('views'), ...sourceFiles('jobs')];
    const offenders = files
      .filter((f) => f !== join('src', 'app.ts') && !f.startsWith('handlers') && !f.startsWith('jobs'))
      .flatMap((f) =>
        importsOf(f)
          .filter((s) => /\/(handlers|jobs)\//.test(s))
          .map((s) => `${f} imports ${s}`),
      );
    expect(offenders).toEqual([]);
  });

  it('when code outside config and entry points reads process.env, then that is a violation', () => {
    const allowed = new Set(
      ['src/config.ts', 'src/main.ts', 'src/worker.ts', 'src/cli.ts'].map((p) => join(...p.split('/'))),
    );
    const offenders = [
      ...sourceFiles('src'),
      ...sourceFiles('handlers'),
      ...sourceFiles('views'),
      ...sourceFiles('jobs'),
    ]
      .filter((f) => !allowed.has(f))
      .filter((f) => /process\.env\b/.test(readSource(f)));
    expect(offenders).toEqual([]);
  });

  it('when code outside the Slack adapter, the composition root and handlers imports the Slack SDK, then that is a violation', () => {
    const offenders = ['src', 'handlers', 'views', 'jobs']
      .flatMap(sourceFiles)
      .filter((f) => !SLACK_ALLOWED(f))
      .flatMap((f) =>
        importsOf(f)
          .filter((spec) => SLACK_API.test(spec) || /^@slack\/(bolt|web-api)\//.test(spec))
          .map((spec) => `${f} imports ${spec}`),
      );
    expect(offenders).toEqual([]);
  });

  it('when code outside src/db touches a mongoose model, then that is a violation', () => {
    const offenders = ['src', 'handlers', 'views', 'jobs', 'test']
      .flatMap(sourceFiles)
      .filter((f) => !f.startsWith(join('src', 'db')))
      .filter((f) =>
        /repos\.[a-zA-Z]+\.model\b|\.model\.(find|create|update|count|aggregate|delete|insert)/.test(readSource(f)),
      );
    expect(offenders).toEqual([]);
  });

  it('when a use case file grows past 300 lines, then it must be split', () => {
    const offenders = sourceFiles('src/services')
      .map((f) => ({ f, lines: readSource(f).split('\n').length }))
      .filter(({ lines }) => lines > 300)
      .map(({ f, lines }) => `${f}: ${lines} lines`);
    expect(offenders).toEqual([]);
  });

  it('when a function has more than 80 lines of its own, then it is split or listed as table-like with a reason', () => {
    const offenders = ['src', 'handlers', 'views', 'jobs'].flatMap(sourceFiles).flatMap(longFunctions);
    expect(offenders).toEqual([]);
  });

  it('when the CLI needs storage, then it builds it through the one composition root', () => {
    for (const f of ['src/cli.ts', 'src/cli-customers.ts', 'src/worker.ts'].map((p) => join(...p.split('/')))) {
      const text = readSource(f);
      expect(text).not.toMatch(/connectMongo|createRepos|new WebClient|webApi\.WebClient/);
      if (f !== join('src', 'cli.ts') || text.includes('MONGODB_URI')) expect(text).toMatch(/createServices/);
    }
  });
});
