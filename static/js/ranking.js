// Shortlist rank list: drag and drop (SortableJS) saved at once through htmx, and the keyboard focus
// kept on the moved program after every in-place update. Without JavaScript the same forms post and
// the page reloads.
(function () {
  "use strict";

  var focusId = null;

  function region() {
    return document.getElementById("rank-region");
  }

  function initSortable(root) {
    if (!window.Sortable || !root.querySelectorAll) { return; }
    root.querySelectorAll("[data-sortable]").forEach(function (list) {
      if (list.dataset.sortableReady) { return; }
      list.dataset.sortableReady = "1";
      window.Sortable.create(list, {
        handle: ".drag-handle",
        animation: 120,
        forceFallback: true,  // pointer events: the same on mouse, touch and automated tests
        onEnd: function (event) {
          if (event.oldIndex === event.newIndex) { return; }
          focusId = "item-" + event.item.dataset.entry;  // the dropped item itself (no keyboard pops up)
          var form = document.getElementById("reorder-form");
          if (form && window.htmx) { window.htmx.trigger(form, "rank-reorder"); }
        }
      });
    });
  }

  // The entry an element belongs to ("up-12" → 12), to fall back on when the element is gone.
  function entryOf(id) {
    var match = /-(\d+)$/.exec(id || "");
    return match ? match[1] : null;
  }

  function restoreFocus() {
    if (!focusId) { return; }
    var target = focusId.indexOf("item-") === 0 ? null : document.getElementById(focusId);
    if (!target || target.disabled) {
      var entry = entryOf(focusId);
      var item = entry && document.querySelector('[data-entry="' + entry + '"]');
      target = focusId.indexOf("item-") === 0 ? item : (entry && document.getElementById("to-" + entry)) || item;
    }
    if (target) { target.focus(); }
    focusId = null;
  }

  document.addEventListener("htmx:beforeRequest", function () {
    var active = document.activeElement;
    var current = region();
    if (active && active.id && current && current.contains(active)) { focusId = active.id; }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var current = region();
    if (!current || !current.contains(event.target) && event.target !== current) { return; }
    var status = current.querySelector("[data-rank-status]");
    var announcer = document.getElementById("rank-announcer");
    if (status && announcer) { announcer.textContent = status.textContent.trim(); }
    restoreFocus();
  });

  document.addEventListener("htmx:responseError", function (event) {
    var current = region();
    var box = current && current.querySelector("[data-rank-error]");
    if (!box) { return; }
    var text = (event.detail.xhr && event.detail.xhr.responseText) || "The change was not saved.";
    box.textContent = text.slice(0, 300) + " Reload the page to see the saved order.";
    box.classList.remove("d-none");
  });

  if (window.htmx) {
    window.htmx.onLoad(initSortable);
  } else {
    document.addEventListener("DOMContentLoaded", function () { initSortable(document); });
  }
})();
