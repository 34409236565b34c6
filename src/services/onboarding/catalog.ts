import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Catalog, parseCatalog } from '../../domain/onboarding/catalog.js';
import { findTemplatesDir } from '../templates-dir.js';

/**
 * The integration catalog (templates/catalog/integrations.json): one entry per known type with its category,
 * purpose and check plan, per-category defaults and a generic fallback. Read and validated once at start-up;
 * a bad file stops the start with every problem listed (CatalogError).
 */
export async function loadIntegrationCatalog(templatesDir = findTemplatesDir()): Promise<Catalog> {
  const file = join(templatesDir, 'catalog', 'integrations.json');
  return parseCatalog(JSON.parse(await readFile(file, 'utf8')) as unknown);
}
