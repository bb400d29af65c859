/// <reference types="vitest/config" />
import { getViteConfig } from 'astro/config';

export default getViteConfig(
  {
    test: {
      include: ['test/unit/**/*.test.ts', 'src/**/test/**/*.test.ts'],
      environment: 'node',
      // Tests run the kernel as the command line does, with its fast path (test/unit/fast-path.test.ts compares it with XState alone).
      setupFiles: ['test/setup.ts'],
    },
  },
  { devToolbar: { enabled: false } },
);
