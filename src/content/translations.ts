/**
 * The collections a language has translations in: content/<locale>/<collection>/ holding at
 * least one entry. Astro's collections and the pages' catalogue both ask, so neither names a
 * collection that is empty (Astro warns of each one).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { COLLECTIONS, type CollectionName } from './schema';

export function translatedCollections(locale: string, root: string = process.cwd()): CollectionName[] {
  return COLLECTIONS.filter((name) => {
    const folder = join(root, 'content', locale, name);
    return existsSync(folder) && readdirSync(folder).some((f) => f.endsWith('.mdx'));
  });
}
