/* Back and forward between views of the same page: the filters change the query string
   without re-rendering (callbacks/shell.py), so Dash's router does not see the change;
   reload the page so it is rebuilt from the restored address. */
window.addEventListener("popstate", function () {
  if (window.__yjPath === window.location.pathname &&
      window.__yjSearch !== undefined && window.location.search !== window.__yjSearch) {
    window.location.reload();
  }
});
