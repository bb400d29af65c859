/**
 * What the content check asks of an entry as a file, before reading it as MDX: where it lives.
 * A problem here stops the file from being read further.
 */
import type { Problem } from '../check';

/**
 * Entries live directly in their collection's folder: the file name is the URL, and the pages are
 * generated from `content/<collection>/<slug>.mdx` alone, so a file in a subfolder has no page.
 */
export function locationProblem(file: string, collection: string): Problem | undefined {
  const inside = file.slice(`content/${collection}/`.length);
  if (!inside.includes('/')) return undefined;
  const name = inside.slice(inside.lastIndexOf('/') + 1);
  return {
    file,
    field: 'location',
    message: `entries live directly in content/${collection}/, not in a subfolder; move it to content/${collection}/${name}`,
  };
}
