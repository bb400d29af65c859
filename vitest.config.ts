/// <reference types="vitest/config" />
import { getViteConfig } from 'astro/config';

export default getViteConfig(
  {
    test: {
      include: ['test/unit/**/*.test.ts', 'src/**/test/**/*.test.ts'],
      environment: 'node',
    },
  },
  { devToolbar: { enabled: false } },
);
