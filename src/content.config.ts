import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { articleSchema, glossarySchema, projectSchema } from './content/schema';

/**
 * Entries live in the top-level content/<collection>/ folders, one MDX file each, never in a
 * subfolder (the content check refuses one there): the file name is the URL. Translations live
 * in content/<language>/<collection>/, same slug, same schema, in the collection
 * "<language>-<collection>" (src/utils/catalogue.ts pairs them with their English entry).
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
  'zh-cn-glossary': defineCollection({ loader: fromFolder('zh-cn/glossary'), schema: glossarySchema }),
  'zh-cn-consensus': articles('zh-cn/consensus'),
  'zh-cn-locks': articles('zh-cn/locks'),
  'zh-cn-cache': articles('zh-cn/cache'),
  'zh-cn-id': articles('zh-cn/id'),
  'zh-cn-transactions': articles('zh-cn/transactions'),
  'zh-cn-storage': articles('zh-cn/storage'),
  'zh-cn-scheduling': articles('zh-cn/scheduling'),
  'zh-cn-projects': defineCollection({ loader: fromFolder('zh-cn/projects'), schema: projectSchema }),
};
