// Small enhancements for every dashboard page; each page works without them.
// - Links with data-confirm="<dialog id>" open that <dialog> (its form POSTs with CSRF)
//   instead of going to the confirmation page.
// - Buttons with data-close close their dialog.
// - Toggle groups (role=group, data-toggle) keep aria-pressed in step and tell listeners.
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-confirm]");
    if (opener) {
      var dialog = document.getElementById(opener.getAttribute("data-confirm"));
      if (dialog && typeof dialog.showModal === "function") {
        event.preventDefault();
        dialog.showModal();
      }
      return;
    }
    var closer = event.target.closest("[data-close]");
    if (closer) {
      var box = closer.closest("dialog");
      if (box) box.close();
      return;
    }
    var choice = event.target.closest("[data-toggle] button");
    if (choice) {
      var group = choice.closest("[data-toggle]");
      group.querySelectorAll("button").forEach(function (button) {
        button.setAttribute("aria-pressed", button === choice ? "true" : "false");
      });
      group.dispatchEvent(new CustomEvent("toggle-change", {
        bubbles: true, detail: { name: group.getAttribute("data-toggle"), value: choice.getAttribute("data-value") }
      }));
    }
  });
})();
