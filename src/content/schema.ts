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

/** A calendar date written YYYY-MM-DD, as a Date at midnight UTC, or undefined for anything else. */
function calendarDate(value: unknown): Date | undefined {
  // Astro reads frontmatter with js-yaml, which makes an unquoted 2026-11-25 a Date at midnight UTC.
  if (value instanceof Date) return value.getTime() % 86_400_000 === 0 ? value : undefined;
  // The content check reads it with yaml (YAML 1.2), which keeps it a string.
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00Z`);
  // Rejects days that do not exist, such as 2026-02-30.
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) ? date : undefined;
}

/**
 * The date of the last real change. Only a real YYYY-MM-DD date: a coercing date schema turned
 * `updated: true` and `updated: 12345` into moments of 1970, which the page then showed.
 */
const updated = z
  .unknown()
  // What editors reading the collections' JSON schemas should suggest.
  .meta({ type: 'string', format: 'date', description: 'The date of the last real change, YYYY-MM-DD' })
  .transform((value, ctx) => {
    const date = calendarDate(value);
    if (date) return date;
    const found =
      value instanceof Date
        ? Number.isNaN(value.getTime())
          ? 'an invalid date'
          : value.toISOString()
        : JSON.stringify(value);
    ctx.issues.push({
      code: 'custom',
      input: value,
      message:
        value === undefined
          ? 'is required: the date of the last real change, written YYYY-MM-DD, such as 2026-11-25'
          : `must be a real date written YYYY-MM-DD, such as 2026-11-25, not ${found}`,
    });
    return z.NEVER;
  });

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
  updated,
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
  updated,
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
  updated,
});
export type ProjectData = z.infer<typeof projectSchema>;

export function schemaFor(collection: CollectionName) {
  if (collection === 'glossary') return glossarySchema;
  if (collection === 'projects') return projectSchema;
  return articleSchema;
}
