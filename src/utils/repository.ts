/** The public repository, for "edit this page" links. Forks set REPOSITORY_URL when they build. */
export const REPOSITORY_URL: string =
  (import.meta.env['PUBLIC_REPOSITORY_URL'] as string | undefined) ??
  'https://github.com/distributed-atlas/atlas';
export const REPOSITORY_BRANCH: string =
  (import.meta.env['PUBLIC_REPOSITORY_BRANCH'] as string | undefined) ?? 'main';

export const editUrl = (filePath: string) =>
  `${REPOSITORY_URL}/edit/${REPOSITORY_BRANCH}/${filePath.replace(/^\.\//, '')}`;
