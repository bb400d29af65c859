/**
 * Pagefind excerpts are HTML with <mark> around the matched words. Build DOM nodes from them
 * without ever parsing markup: only the highlight survives, everything else becomes text.
 */
export function excerptParts(excerpt: string): { text: string; marked: boolean }[] {
  const parts: { text: string; marked: boolean }[] = [];
  const pieces = excerpt.split(/(<mark>.*?<\/mark>)/g);
  for (const piece of pieces) {
    if (!piece) continue;
    const marked = piece.startsWith('<mark>');
    const text = decodeEntities((marked ? piece.slice(6, -7) : piece).replace(/<[^>]*>/g, ''));
    if (text) parts.push({ text, marked });
  }
  return parts;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" };
function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|apos);/g, (_, name: string) => ENTITIES[name] ?? '');
}

export function renderExcerpt(excerpt: string): Node[] {
  return excerptParts(excerpt).map(({ text, marked }) => {
    if (!marked) return document.createTextNode(text);
    const mark = document.createElement('mark');
    mark.textContent = text;
    return mark;
  });
}
