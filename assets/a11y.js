// Keyboard and screen-reader fixes for Dash 4's dropdown: it puts the keyboard focus on a
// hidden input (aria-hidden, tabindex 0) and takes the labelled button out of the tab order.
// Make the button the tab stop instead (it opens with Enter/Space and keeps arrow keys), and
// the hidden input unfocusable by Tab, so focus never lands on something a screen reader
// cannot see (WCAG 4.1.2; axe rule aria-hidden-focus). Dropdowns appear with each page, so
// a MutationObserver applies it to new ones.
(function () {
  function fix(root) {
    root.querySelectorAll(".dash-dropdown-wrapper").forEach(function (wrapper) {
      var hidden = wrapper.querySelector(".dash-dropdown-focus-target");
      var button = wrapper.querySelector("button.dash-dropdown");
      if (hidden && hidden.getAttribute("tabindex") !== "-1") {
        hidden.setAttribute("tabindex", "-1");
      }
      if (button && button.getAttribute("tabindex") !== "0") {
        button.setAttribute("tabindex", "0");
      }
    });
  }
  function start() {
    fix(document);
    new MutationObserver(function () { fix(document); })
      .observe(document.body, {childList: true, subtree: true});
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
