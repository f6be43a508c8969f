// Copy buttons of the subscribe pages: [data-copy=ID] copies the field ID. Without script (or
// without the Clipboard API) the address stays in a read-only field, selected to copy by hand.
(function () {
  "use strict";
  function initCopy(button) {
    var field = document.getElementById(button.getAttribute("data-copy")), label = button.textContent;
    if (!field) return;
    function done() {
      button.textContent = button.getAttribute("data-t-copied");
      button.setAttribute("data-copied", "true");
      setTimeout(function () { button.textContent = label; button.removeAttribute("data-copied"); }, 4000);
    }
    button.addEventListener("click", function () {
      field.select();
      if (navigator.clipboard) navigator.clipboard.writeText(field.value).then(done);
    });
    button.hidden = false;
  }
  function init() { Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), initCopy); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
