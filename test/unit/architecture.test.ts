import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
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
});
