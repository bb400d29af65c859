import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { articleSchema, glossarySchema, projectSchema } from './content/schema';
import { translatedCollections } from './content/translations';

/**
 * Entries live in the top-level content/<collection>/ folders, one MDX file each, never in a
 * subfolder (the content check refuses one there): the file name is the URL. Translations live
 * in content/<language>/<collection>/, same slug, same schema, in the collection
 * "<language>-<collection>" (src/utils/catalogue.ts pairs them with their English entry).
 */
const fromFolder = (name: string) => glob({ pattern: '*.mdx', base: `./content/${name}` });
const articles = (name: string) => defineCollection({ loader: fromFolder(name), schema: articleSchema });

/** The folders a language has translations in (an empty collection only makes Astro warn). */
function translations(locale: string) {
  const made: Record<string, ReturnType<typeof defineCollection>> = {};
  for (const name of translatedCollections(locale)) {
    const schema = name === 'glossary' ? glossarySchema : name === 'projects' ? projectSchema : articleSchema;
    made[`${locale}-${name}`] = defineCollection({ loader: fromFolder(`${locale}/${name}`), schema });
  }
  return made;
}

export const collections = {
  glossary: defineCollection({ loader: fromFolder('glossary'), schema: glossarySchema }),
  consensus: articles('consensus'),
  locks: articles('locks'),
  cache: articles('cache'),
  id: articles('id'),
  transactions: articles('transactions'),
  storage: articles('storage'),
  scheduling: articles('scheduling'),
  projects: defineCollection({ loader: fromFolder('projects'), schema: projectSchema }),
  ...translations('zh-cn'),
};
