// Outreach pages: the section pills on phones, and a friendly early check of mail uploads
// (the server checks again and decides).
(function () {
  "use strict";

  // On a narrow screen the section pills scroll sideways: bring the current one into view.
  document.addEventListener("DOMContentLoaded", function () {
    var active = document.querySelector(".outreach-subnav .nav-link.active");
    var strip = active && active.closest("ul");
    if (strip && strip.scrollWidth > strip.clientWidth) {
      strip.scrollLeft += active.getBoundingClientRect().left - strip.getBoundingClientRect().left - 16;
    }
  });

  var MAX_EML = 10 * 1024 * 1024;
  var MAX_MBOX = 25 * 1024 * 1024;

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.form || !input.form.hasAttribute("data-upload-limits") || input.type !== "file") { return; }
    var maxFiles = parseInt(input.form.getAttribute("data-upload-limits"), 10);
    var problems = [];
    var files = Array.prototype.slice.call(input.files || []);
    if (files.length > maxFiles) { problems.push("At most " + maxFiles + " files at a time."); }
    files.forEach(function (file) {
      var isMbox = /\.mbox$/i.test(file.name);
      if (!/\.(eml|mbox)$/i.test(file.name)) { problems.push(file.name + ": only .eml and .mbox files."); }
      if (file.size > (isMbox ? MAX_MBOX : MAX_EML)) { problems.push(file.name + " is too large."); }
    });
    input.setCustomValidity(problems.join(" "));
    input.reportValidity();
  });
})();
