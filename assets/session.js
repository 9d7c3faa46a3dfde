/* A callback refused with 401 means the session has ended (idle too long, signed out in
   another tab): reload, and the server sends the page to the sign-in form and back. */
(function () {
  const originalFetch = window.fetch;
  let reloading = false;
  window.fetch = function (...args) {
    return originalFetch.apply(this, args).then((response) => {
      if (response.status === 401 && !reloading && String(response.url).includes("/_dash-")) {
        reloading = true;
        window.location.reload();
      }
      return response;
    });
  };
})();
