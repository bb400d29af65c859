/**
 * Headless runs of the simulations; see `npm run sim -- --help` and docs/simulation.md.
 *
 *   npm run sim -- raft --scenario figure-8-overwritten --format text
 *   npm run sim -- raft --file my-run.json --until 3000 --format shiviz > run.log
 *   npm run sim -- raft --explore 1000 --variant no-current-term-check
 *   npm run sim -- snowflake decode 1288834974657 --preset twitter
 */
import { runCli } from '../src/cli/sim';

const { stdout, stderr, exitCode } = await runCli(process.argv.slice(2), { nowMs: Date.now() });
if (stdout) process.stdout.write(`${stdout}\n`);
if (stderr) process.stderr.write(`${stderr}\n`);
process.exitCode = exitCode;
