// Open by default (readable without JavaScript); on a phone the menu starts folded.
(function () {
  const menu = document.querySelector('details.menu');
  if (!menu) return;
  const wide = matchMedia('(min-width: 40.01rem)');
  function apply() {
    menu.open = wide.matches;
  }
  apply();
  wide.addEventListener('change', apply);
})();
