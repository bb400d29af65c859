// Open by default (readable without JavaScript); on a phone the menu starts folded. The other
// language's link takes the fragment along: the same demo moment.
(function () {
  const menu = document.querySelector('details.menu');
  if (!menu) return;
  const wide = matchMedia('(min-width: 40.01rem)');
  function apply() {
    menu.open = wide.matches;
  }
  apply();
  wide.addEventListener('change', apply);
  const other = document.querySelector('a[data-language-switch]');
  other?.addEventListener('click', function () {
    other.href = other.href.split('#')[0] + location.hash;
  });
})();
