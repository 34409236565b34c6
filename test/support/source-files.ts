import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The project root (tests read the source tree as text to check rules across it). */
export const projectRoot = join(import.meta.dirname, '..', '..');

/** `.ts` files under `dir` (relative to the project root), recursively; [] when the folder is absent. */
export function sourceFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(join(projectRoot, dir));
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const rel = join(dir, name);
    if (statSync(join(projectRoot, rel)).isDirectory()) return sourceFiles(rel);
    return rel.endsWith('.ts') ? [rel] : [];
  });
}

export function readSource(rel: string): string {
  return readFileSync(join(projectRoot, rel), 'utf8');
}
