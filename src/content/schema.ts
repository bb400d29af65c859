/**
 * Frontmatter schemas for every collection. Plain zod (no astro:content import), so that
 * Astro's collections, the content checker and the `new` script validate with the same rules.
 */
import { z } from 'astro/zod';
import { DEMO_IDS } from '../registry';

/** Article sections, in the order the site presents them. */
export const ARTICLE_SECTIONS = [
  'consensus',
  'locks',
  'cache',
  'id',
  'transactions',
  'storage',
  'scheduling',
] as const;
export type ArticleSection = (typeof ARTICLE_SECTIONS)[number];

/** Every collection whose entries are MDX files under content/<name>/. */
export const COLLECTIONS = ['glossary', ...ARTICLE_SECTIONS, 'projects'] as const;
export type CollectionName = (typeof COLLECTIONS)[number];

/** The live demos an article may embed: every id of the registry (src/registry.ts). */
export const DEMOS = DEMO_IDS;

export const PROJECT_STATUSES = ['active', 'inactive', 'unmaintained', 'archived', 'retired'] as const;

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * A reference to another entry written as "<collection>/<slug>", for example
 * "consensus/raft" or "glossary/quorum". The content check resolves every one.
 */
export const entryRef = z
  .string()
  .regex(/^[a-z]+\/[a-z0-9]+(?:-[a-z0-9]+)*$/, {
    error: 'must look like "<collection>/<slug>", for example "glossary/quorum"',
  })
  .refine((value) => (COLLECTIONS as readonly string[]).includes(value.split('/')[0] ?? ''), {
    error: `must start with a collection name (${COLLECTIONS.join(', ')})`,
  });

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' });

export const source = z.object({
  title: z.string().min(1),
  url: httpUrl,
});

const sequence = z.number({ error: 'must be a whole number' }).int().nonnegative();

const tags = z.array(z.string().regex(slugPattern, { error: 'tags are lower-case-with-dashes' })).default([]);

export const articleSchema = z.object({
  title: z.string().min(1),
  sequence,
  summary: z
    .string()
    .min(20, { error: 'must be one full sentence (at least 20 characters)' })
    .max(200, { error: 'must be one sentence of at most 200 characters' }),
  tags,
  related: z.array(entryRef).default([]),
  sources: z.array(source).min(1, { error: 'cite at least one source' }),
  demo: z.enum(DEMOS).optional(),
  draft: z.boolean().default(false),
  updated: z.coerce.date({ error: 'must be a date such as 2026-11-25' }),
});
export type ArticleData = z.infer<typeof articleSchema>;

export const glossarySchema = z.object({
  term: z.string().min(1),
  title: z.string().min(1).optional(),
  sequence,
  aliases: z.array(z.string().min(1)).default([]),
  definition: z.string().min(10).max(240, { error: 'must be one line of at most 240 characters' }),
  tags,
  related: z.array(entryRef).default([]),
  sources: z.array(source).default([]),
  draft: z.boolean().default(false),
  updated: z.coerce.date({ error: 'must be a date such as 2026-11-25' }),
});
export type GlossaryData = z.infer<typeof glossarySchema>;

export const projectSchema = z.object({
  name: z.string().min(1),
  sequence,
  repository: httpUrl,
  homepage: httpUrl.optional(),
  language: z.string().min(1),
  licence: z.string().min(1, { error: 'give the SPDX id, or "unknown"' }),
  status: z.enum(PROJECT_STATUSES),
  firstRelease: z.number().int().min(1970).max(2100).optional(),
  sections: z.array(z.enum(ARTICLE_SECTIONS)).min(1, { error: 'name at least one section' }),
  description: z.string().min(20).max(300),
  movedFrom: z.array(httpUrl).default([]),
  successor: httpUrl.optional(),
  related: z.array(entryRef).default([]),
  tags,
  draft: z.boolean().default(false),
  updated: z.coerce.date({ error: 'must be a date such as 2026-11-25' }),
});
export type ProjectData = z.infer<typeof projectSchema>;

export function schemaFor(collection: CollectionName) {
  if (collection === 'glossary') return glossarySchema;
  if (collection === 'projects') return projectSchema;
  return articleSchema;
}
