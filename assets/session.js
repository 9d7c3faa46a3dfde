/* A callback refused with 401 means the session has ended (idle too long, signed out in
   another tab): reload, and the server sends the page to the sign-in form and back.
   Not while the page is being left (e.g. by "Sign out"): callbacks still in flight then
   get 401 too, and a reload would cancel that navigation. */
(function () {
  const originalFetch = window.fetch;
  let leaving = false;
  window.addEventListener("beforeunload", () => { leaving = true; });
  window.fetch = function (...args) {
    return originalFetch.apply(this, args).then((response) => {
      if (response.status === 401 && !leaving && String(response.url).includes("/_dash-")) {
        leaving = true;
        window.location.reload();
      }
      return response;
    });
  };
})();
