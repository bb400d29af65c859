/** npm run check:content [root]: validates every entry; exits 1 naming file, field and reason. */
import { checkContent, formatProblem } from '../src/content/check';

const root = process.argv[2] ?? process.cwd();
const { problems, warnings, entries, translations } = checkContent(root);
for (const warning of warnings) console.warn(`  warning: ${formatProblem(warning)}`);
if (problems.length > 0) {
  console.error(`Content check failed: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n`);
  for (const problem of problems) console.error(`  ${formatProblem(problem)}`);
  console.error('\nSee CONTRIBUTING.md for the fields each collection takes.');
  process.exit(1);
}
console.log(
  `Content check passed: ${entries.length} entries, ${translations.length} translations${warnings.length ? `, ${warnings.length} stale` : ''}.`,
);
