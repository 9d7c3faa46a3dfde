/* Presentation mode: move between slides from the keyboard or a clicker (which sends
   PageUp/PageDown or arrows), count slides, auto-advance with &advance=N, Esc to leave. */
(function () {
  "use strict";
  let timer = null;

  function deck() { return document.getElementById("deck"); }
  function slides() { return Array.from(document.querySelectorAll("#deck .slide")); }
  function current() { return Math.max(0, slides().findIndex(s => s.classList.contains("slide-active"))); }

  function show(index) {
    const all = slides();
    if (!all.length) { return; }
    const target = (index + all.length) % all.length;
    all.forEach((slide, i) => slide.classList.toggle("slide-active", i === target));
    const counter = document.getElementById("deck-counter");
    if (counter) { counter.textContent = (target + 1) + " / " + all.length; }
  }

  // Scale the 1920x1080 canvas to the screen, centred, like slide software.
  function fit() {
    const canvas = document.getElementById("deck-canvas");
    if (!canvas) { return; }
    const scale = Math.min(window.innerWidth / 1920, window.innerHeight / 1080);
    const left = (window.innerWidth - 1920 * scale) / 2;
    const top = (window.innerHeight - 1080 * scale) / 2;
    canvas.style.transform = "translate(" + left + "px," + top + "px) scale(" + scale + ")";
  }
  window.addEventListener("resize", fit);

  function startTimer() {
    const d = deck();
    if (!d || timer) { return; }
    const seconds = parseInt(d.dataset.advance || "0", 10);
    if (seconds >= 5) { timer = window.setInterval(() => show(current() + 1), seconds * 1000); }
  }

  document.addEventListener("keydown", function (event) {
    const d = deck();
    if (!d) { return; }
    const next = ["ArrowRight", "ArrowDown", "PageDown", " ", "Spacebar", "Enter", "n"];
    const previous = ["ArrowLeft", "ArrowUp", "PageUp", "Backspace", "p"];
    if (next.includes(event.key)) { show(current() + 1); }
    else if (previous.includes(event.key)) { show(current() - 1); }
    else if (event.key === "Home") { show(0); }
    else if (event.key === "End") { show(slides().length - 1); }
    else if (event.key === "Escape") { window.location.href = d.dataset.exit || "/"; }
    else { return; }
    event.preventDefault();
  });

  // The deck arrives with the page's layout; start auto-advance once it is there.
  new MutationObserver(function () {
    if (deck()) { fit(); startTimer(); document.body.classList.add("presenting"); }
    else {
      document.body.classList.remove("presenting");
      if (timer) { window.clearInterval(timer); timer = null; }
    }
  }).observe(document.documentElement, {childList: true, subtree: true});
})();
