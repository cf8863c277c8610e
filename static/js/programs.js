// Shortlist pipeline pages: board drag and drop (SortableJS), keyboard/menu moves without a reload,
// "tick all" and "compare ticked" on the table. Every action also works without JavaScript.
(function () {
  "use strict";

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function postMove(url, stage, reason) {
    var body = new FormData();
    body.append("stage", stage);
    if (reason) { body.append("reason", reason); }
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrfToken() }
    }).then(function (response) {
      if (!response.ok) { throw new Error("The move was not saved (" + response.status + ")."); }
      return response.json();
    });
  }

  // --- Board -------------------------------------------------------------------------------------

  function refreshCounts(board) {
    board.querySelectorAll(".board-list").forEach(function (list) {
      var count = list.querySelectorAll("[data-card]").length;
      var badge = board.querySelector('[data-count="' + list.dataset.stage + '"]');
      if (badge) {
        badge.textContent = String(count);
        badge.setAttribute("aria-label", count + " programs");
      }
    });
  }

  function markCurrentStage(card, stage) {
    card.querySelectorAll("[data-stage-option]").forEach(function (option) {
      var current = option.dataset.stageOption === stage;
      option.disabled = current;
      if (current) { option.setAttribute("aria-current", "true"); } else { option.removeAttribute("aria-current"); }
    });
  }

  function announce(board, text) {
    var status = document.querySelector("[data-board-status]");
    if (status) { status.textContent = text; }
    var error = document.querySelector("[data-board-error]");
    if (error) { error.classList.add("d-none"); }
  }

  function showError(text) {
    var error = document.querySelector("[data-board-error]");
    if (error) {
      error.textContent = text;
      error.classList.remove("d-none");
    }
  }

  function askReason(stage) {
    if (stage !== "excluded") { return ""; }
    var reason = window.prompt("Why exclude this program? (optional)");
    return reason === null ? null : reason;
  }

  function initBoard(board) {
    if (!board.hasAttribute("data-board-editable")) { return; }

    if (window.Sortable) {
      board.querySelectorAll(".board-list").forEach(function (list) {
        window.Sortable.create(list, {
          group: "pipeline",
          animation: 120,
          forceFallback: true,  // pointer events: the same on mouse, touch and automated tests
          filter: "a, button, .dropdown-menu",
          preventOnFilter: false,
          onAdd: function (event) {
            var card = event.item;
            var stage = event.to.dataset.stage;
            var reason = askReason(stage);
            var undo = function () {
              event.from.insertBefore(card, event.from.children[event.oldIndex] || null);
              refreshCounts(board);
            };
            if (reason === null) { undo(); return; }
            refreshCounts(board);
            postMove(card.dataset.moveUrl, stage, reason).then(function (data) {
              markCurrentStage(card, data.stage);
              announce(board, card.dataset.program + " moved to " + data.label + ".");
            }).catch(function (error) {
              undo();
              showError(error.message);
            });
          }
        });
      });
    }

    // The "Move to" menus: move the card in place and keep the keyboard focus on it.
    board.addEventListener("submit", function (event) {
      var form = event.target.closest("[data-move-form]");
      if (!form) { return; }
      event.preventDefault();
      var card = form.closest("[data-card]");
      var stage = event.submitter && event.submitter.value;
      if (!stage) { return; }
      var reason = askReason(stage);
      if (reason === null) { return; }
      postMove(form.action, stage, reason).then(function (data) {
        var target = board.querySelector('.board-list[data-stage="' + data.stage + '"]');
        target.insertBefore(card, target.firstChild);
        markCurrentStage(card, data.stage);
        refreshCounts(board);
        var toggle = card.querySelector("[data-move-button]");
        if (window.bootstrap && toggle) { window.bootstrap.Dropdown.getOrCreateInstance(toggle).hide(); }
        if (toggle) { toggle.focus(); }
        announce(board, card.dataset.program + " moved to " + data.label + ".");
      }).catch(function (error) { showError(error.message); });
    });
  }

  // --- Table -------------------------------------------------------------------------------------

  function initTable() {
    document.addEventListener("change", function (event) {
      if (!event.target.matches("[data-tick-all]")) { return; }
      document.querySelectorAll('#bulk-form input[name="ids"]').forEach(function (box) {
        box.checked = event.target.checked;
      });
    });

    document.addEventListener("click", function (event) {
      var link = event.target.closest("[data-compare-link]");
      if (!link) { return; }
      var ticked = Array.prototype.map.call(
        document.querySelectorAll('#bulk-form input[name="ids"]:checked'),
        function (box) { return box.value; }
      );
      var message = document.querySelector("[data-compare-message]");
      if (ticked.length < 2 || ticked.length > 4) {
        if (ticked.length === 0) { return; }  // the link opens the picker
        event.preventDefault();
        if (message) { message.classList.remove("d-none"); }
        return;
      }
      event.preventDefault();
      var query = ticked.map(function (id) { return "ids=" + encodeURIComponent(id); }).join("&");
      window.location.href = link.dataset.compareBase + "?" + query;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-board]").forEach(initBoard);
    initTable();
  });
})();
