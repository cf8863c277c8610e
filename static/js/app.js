// Shortlist: small behaviours without inline scripts (the CSP forbids them).
(function () {
  "use strict";

  // <form data-confirm="Question?"> asks before submitting.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // <button data-copy-target="#id"> copies the text (or value) of the target element.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) { return; }
    var target = document.querySelector(button.getAttribute("data-copy-target"));
    if (!target) { return; }
    var text = "value" in target ? target.value : target.textContent;
    navigator.clipboard.writeText(text).then(function () {
      var original = button.textContent;
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = original; }, 1500);
    });
  });
})();
