// The other language's link takes the fragment along (#s=…, #scenario=…): the same demo moment.
(function () {
  document.querySelectorAll('a[data-language-switch]').forEach(function (link) {
    link.addEventListener('click', function () {
      link.href = link.href.split('#')[0] + location.hash;
    });
  });
})();
