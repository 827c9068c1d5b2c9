// Sets data-theme on <html> from localStorage ('light' | 'dark'), else from the OS preference.
(function () {
  var stored = null;
  try {
    stored = localStorage.getItem('keel.theme');
  } catch (e) {}
  var dark = stored ? stored === 'dark' : window.matchMedia('(prefers-color-scheme: dark)').matches;
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
})();
