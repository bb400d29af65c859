/**
 * The layers of docs/architecture.md hold because `npm run lint` refuses a wrong-way import. Each
 * case lints a line of code as if it stood in that file, with the project's own ESLint config.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictions(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = x;\n`, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('imports point downwards only', { timeout: 30_000 }, () => {
  it.each([
    ['src/sim/fresh.ts', "import x from '../algorithms/raft';", /src\/sim imports nothing of the project/],
    ['src/sim/fresh.ts', "import x from 'react';", /run in Node and workers too/],
    [
      'src/algorithms/raft/fresh.ts',
      "import x from '../redlock/cluster';",
      /its own folder \(src\/algorithms\/raft\)/,
    ],
    ['src/algorithms/raft/fresh.ts', "import x from '../../viz/colours';", /only the kernel/],
    ['src/algorithms/raft/fresh.ts', "import x from '../../registry';", /only the kernel/],
    ['src/stores/fresh.ts', "import x from '../plugin/context';", /stores sit just above the kernel/],
    ['src/plugin/fresh.ts', "import x from '../viz/Topology';", /plugin contract sits below the views/],
    ['src/viz/Fresh.tsx', "import x from '../demos/raft';", /Shared views know no algorithm/],
    ['src/viz/Fresh.tsx', "import x from '../components/demo/Player';", /Shared views know no algorithm/],
    ['src/components/demo/Fresh.tsx', "import x from '../../demos/raft';", /through src\/registry\.ts only/],
    [
      'src/components/demo/Fresh.tsx',
      "import x from '../../algorithms/raft';",
      /through src\/registry\.ts only/,
    ],
    ['src/demos/raft/Fresh.tsx', "import x from '../redlock';", /A demo imports its own algorithm/],
    ['src/demos/raft/Fresh.tsx', "import x from '../../algorithms/redlock/types';", /A demo imports its own/],
    ['src/demos/raft/Fresh.tsx', "import x from '../../components/demo/Player';", /A demo imports its own/],
    // Every language's catalogue is in src/i18n: the kernel and algorithms own their words, and
    // the player gets its language's words from the page.
    ['src/algorithms/raft/fresh.ts', "import x from '../../i18n';", /only the kernel/],
    [
      'src/components/demo/Fresh.tsx',
      "import x from '../../i18n/zh-cn';",
      /its words through src\/plugin\/i18n\.ts/,
    ],
  ])('%s: %s is refused', async (file, code, reason) => {
    const messages = await restrictions(file, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(reason);
  });

  it.each([
    ['src/sim/fresh.ts', "import x from './run';"],
    ['src/algorithms/raft/fresh.ts', "import x from '../../sim/module';"],
    ['src/algorithms/raft/fresh.ts', "import x from './cli';"],
    ['src/plugin/fresh.ts', "import x from '../stores/player';"],
    ['src/viz/Fresh.tsx', "import x from '../plugin/plugin';"],
    ['src/components/demo/Fresh.tsx', "import x from '../../registry';"],
    ['src/components/demo/Fresh.tsx', "import x from '../../plugin/i18n';"],
    ['src/algorithms/raft/fresh.ts', "import x from '../../sim/i18n';"],
    ['src/components/demo/Fresh.tsx', "import x from '../../viz/Topology';"],
    ['src/demos/raft/Fresh.tsx', "import x from '../../algorithms/raft/types';"],
    ['src/demos/raft/Fresh.tsx', "import x from '../../viz/colours';"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await restrictions(file, code)).toEqual([]);
  });
});
