// Catalog browse page: "select all on this page" and a live count of ticked programs (no inline JS: CSP).
(function () {
  "use strict";

  function picks() {
    return Array.prototype.slice.call(document.querySelectorAll(".catalog-pick"));
  }

  function update() {
    var count = picks().filter(function (box) { return box.checked; }).length;
    var label = document.getElementById("catalog-picked");
    var button = document.getElementById("catalog-add-button");
    if (label) { label.textContent = count ? count + " ticked" : "Tick programs to add them"; }
    if (button) { button.disabled = count === 0; }
    var all = document.getElementById("catalog-select-all");
    if (all) {
      var boxes = picks();
      all.checked = boxes.length > 0 && count === boxes.length;
      all.indeterminate = count > 0 && count < boxes.length;
    }
  }

  document.addEventListener("change", function (event) {
    if (event.target.id === "catalog-select-all") {
      picks().forEach(function (box) { box.checked = event.target.checked; });
    }
    if (event.target.id === "catalog-select-all" || event.target.classList.contains("catalog-pick")) {
      update();
    }
  });

  document.addEventListener("DOMContentLoaded", update);
})();
