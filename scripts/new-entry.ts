/** npm run new -- <collection> "<title>": creates a draft entry with the next free sequence. */
import { createEntry } from '../src/content/new-entry';
import { COLLECTIONS } from '../src/content/schema';

const [collection, ...words] = process.argv.slice(2);
const title = words.join(' ').trim();
if (!collection || !title) {
  console.error(`Usage: npm run new -- <collection> "<title>"\nCollections: ${COLLECTIONS.join(', ')}`);
  process.exit(2);
}
try {
  const today = new Date().toISOString().slice(0, 10);
  const { file, sequence } = createEntry(process.cwd(), collection, title, today);
  console.log(
    `Created ${file} (sequence ${sequence}, draft). Fill in the fields, then run npm run check:content.`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
