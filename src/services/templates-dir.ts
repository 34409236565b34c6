import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Finds `templates/` walking up from this file (works from src/ under jest and from dist/src/). */
export function findTemplatesDir(from = import.meta.dirname): string {
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'templates');
    if (existsSync(join(candidate, 'report', 'report.md.hbs'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`templates/report/report.md.hbs not found above ${from}`);
    dir = parent;
  }
}
