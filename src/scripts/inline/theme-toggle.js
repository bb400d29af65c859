(function () {
  const root = document.documentElement;
  const button = document.querySelector('[data-theme-toggle]');
  if (!button) return;
  const label = button.querySelector('.label');
  // The button says what it will do: in the dark theme it offers the light one. Its words are
  // the page's language's, in its data attributes.
  const words = button.dataset;
  function sync() {
    const dark = root.dataset.theme === 'dark';
    if (label) label.textContent = (dark ? words.light : words.dark) || '';
    button.setAttribute('aria-label', (dark ? words.toLight : words.toDark) || '');
  }
  sync();
  button.addEventListener('click', function () {
    const next = root.dataset.theme === 'dark' ? 'light' : 'dark';
    root.dataset.theme = next;
    try {
      localStorage.setItem('theme', next);
    } catch {
      // Storage can be blocked (private mode): fall back to the system theme.
    }
    sync();
  });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', function (event) {
    let stored = null;
    try {
      stored = localStorage.getItem('theme');
    } catch {
      // Storage can be blocked (private mode): fall back to the system theme.
    }
    if (stored) return;
    root.dataset.theme = event.matches ? 'dark' : 'light';
    sync();
  });
})();
