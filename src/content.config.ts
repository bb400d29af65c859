import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { articleSchema, glossarySchema, projectSchema } from './content/schema';

/**
 * Entries live in the top-level content/<collection>/ folders, one MDX file each, never in a
 * subfolder (the content check refuses one there): the file name is the URL.
 */
const fromFolder = (name: string) => glob({ pattern: '*.mdx', base: `./content/${name}` });
const articles = (name: string) => defineCollection({ loader: fromFolder(name), schema: articleSchema });

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
};
