(function () {
  let stored = null;
  try {
    stored = localStorage.getItem('theme');
  } catch {
    // Storage can be blocked (private mode): fall back to the system theme.
  }
  const dark = stored ? stored === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
})();
