/** Sorting and filtering for a server-rendered projects table; the table stays complete without it. */

type SortKey = 'name' | 'language' | 'status' | 'licence' | 'year';

export function compareRows(a: HTMLElement, b: HTMLElement, key: SortKey): number {
  const x = a.dataset[key] ?? '';
  const y = b.dataset[key] ?? '';
  if (key === 'year') {
    // Unknown years sort last in either direction of reading.
    const nx = x === '' ? Infinity : Number(x);
    const ny = y === '' ? Infinity : Number(y);
    return nx - ny;
  }
  return x.localeCompare(y) || (a.dataset['name'] ?? '').localeCompare(b.dataset['name'] ?? '');
}

export function enhanceProjectsTable(root: HTMLElement): void {
  const body = root.querySelector('tbody');
  const filters = root.querySelector<HTMLElement>('[data-filters]');
  const count = root.querySelector('[data-count]');
  if (!body || !filters) return;
  filters.hidden = false;
  const rows = () => Array.from(body.querySelectorAll<HTMLTableRowElement>('tr'));

  const applyFilters = () => {
    const wanted = new Map<string, string>();
    filters.querySelectorAll<HTMLSelectElement>('select[data-filter]').forEach((select) => {
      if (select.value) wanted.set(select.dataset['filter'] ?? '', select.value);
    });
    let shown = 0;
    for (const row of rows()) {
      const match = [...wanted].every(([field, value]) => row.dataset[field] === value);
      row.hidden = !match;
      if (match) shown += 1;
    }
    // The page's language wrote both forms; only the number is filled in here.
    if (count instanceof HTMLElement) {
      const form =
        new Intl.PluralRules(document.documentElement.lang).select(shown) === 'one' ? 'one' : 'other';
      count.textContent = (count.dataset[form] ?? '').replace('{count}', String(shown));
    }
  };
  filters.addEventListener('change', applyFilters);

  root.querySelectorAll<HTMLTableCellElement>('th[data-sort-key]').forEach((header) => {
    const key = header.dataset['sortKey'] as SortKey;
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = header.textContent ?? key;
    header.textContent = '';
    header.append(button);
    button.addEventListener('click', () => {
      const descending = header.getAttribute('aria-sort') === 'ascending';
      root.querySelectorAll('th[data-sort-key]').forEach((th) => th.removeAttribute('aria-sort'));
      header.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      const sorted = rows().sort((a, b) => compareRows(a, b, key) * (descending ? -1 : 1));
      body.append(...sorted);
    });
  });
}
