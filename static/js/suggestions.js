/* The suggested articles on the complaint page (templates/desk/partials/_suggestions.html):
   refreshed from the server about 400 ms after the agent stops typing in the reply box, and
   "Insert" puts an article's text (in the customer's language) into the reply at the cursor,
   then tells the server that the article was used. No build step. */
(function () {
  "use strict";

  var panel = document.getElementById("suggestions");
  if (!panel) {
    return;
  }
  var list = document.getElementById("suggestion-list");
  var status = document.getElementById("suggestion-status");
  var DELAY_MS = 400;
  var timer = null;
  var pending = null;
  var lastQuery = null;

  /* The reply box: its form may come back as an htmx fragment, so it is looked up each time. */
  function replyBox() {
    return document.querySelector("#action-reply textarea");
  }

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function refresh() {
    var box = replyBox();
    var query = box ? box.value.trim() : "";
    if (query === lastQuery) {
      return;
    }
    lastQuery = query;
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    list.setAttribute("aria-busy", "true");
    fetch(panel.dataset.url + "?q=" + encodeURIComponent(query), {
      credentials: "same-origin",
      headers: {"Accept": "text/html"},
      signal: pending.signal
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("suggestions: " + response.status);
      }
      return response.text();
    }).then(function (html) {
      list.innerHTML = html;  // the server's template, escaped: no script runs (CSP)
      updateButtons();
    }).catch(function () {
      /* Aborted by a newer request, or offline: the list shown stays. */
    }).finally(function () {
      list.setAttribute("aria-busy", "false");
    });
  }

  function insertAtCursor(box, text) {
    var start = box.selectionStart || 0;
    var end = box.selectionEnd || start;
    var before = box.value.slice(0, start);
    var after = box.value.slice(end);
    var piece = (before && !/\s$/.test(before) ? " " : "") + text +
      (after && !/^\s/.test(after) ? " " : "");
    box.value = before + piece + after;
    var caret = before.length + piece.length;
    box.focus();
    box.setSelectionRange(caret, caret);
    // The reply meter counts the new length; the suggestions stay as they are.
    lastQuery = box.value.trim();
    box.dispatchEvent(new Event("input", {bubbles: true}));
  }

  function recordUse(url) {
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"X-CSRFToken": csrfToken()}
    }).catch(function () { /* counting a use never blocks the reply */ });
  }

  function updateButtons() {
    var box = replyBox();
    panel.querySelectorAll(".suggestion-insert").forEach(function (button) {
      button.disabled = !box;
      button.title = box ? "" : panel.dataset.noReply;
    });
  }

  panel.addEventListener("click", function (event) {
    var button = event.target.closest(".suggestion-insert");
    var box = replyBox();
    if (!button || !box) {
      return;
    }
    insertAtCursor(box, button.dataset.insert);
    recordUse(button.dataset.useUrl);
    status.textContent = panel.dataset.inserted;
  });

  document.addEventListener("input", function (event) {
    if (!event.isTrusted || !event.target.matches("#action-reply textarea")) {
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(refresh, DELAY_MS);
  });

  document.addEventListener("htmx:afterSettle", updateButtons);
  var box = replyBox();
  lastQuery = box ? box.value.trim() : "";
  updateButtons();
}());
