(function () {
  // The link back to the article carries the moment shown here, as the address's fragment.
  const link = document.querySelector('[data-embed-home]');
  if (!link) return;
  const base = link.getAttribute('href').split('#')[0];
  function sync() {
    link.setAttribute('href', base + location.hash);
  }
  sync();
  addEventListener('hashchange', sync);
  // Share makes a link with history.replaceState, which fires no event: follow it on the next click.
  link.addEventListener('pointerdown', sync);
  link.addEventListener('focus', sync);
})();
