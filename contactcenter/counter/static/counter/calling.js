/* The calling screen: its keyboard shortcuts (n call next, r recall, a absent, s served; not
   while typing in a field) and its live panel. It listens to the agency's line on the hall
   display's WebSocket and fetches its panel again on each change (and every 30 s, for the
   waiting times): the database is the truth. The shortcuts are handled before the desk's
   (capture phase), whose "n" would otherwise open the next complaint. */
(function () {
  "use strict";

  var root = document.getElementById("calling-live");
  if (!root) {
    return;
  }
  var status = document.getElementById("calling-status");
  var NOT_FOUND = 4404;
  var PERIOD_MS = 30000;
  var retryMs = 1000;
  var busy = false;
  var again = false;

  function typing(target) {
    return Boolean(target && target.closest &&
      (target.isContentEditable || target.closest("input, textarea, select")));
  }

  window.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey || typing(event.target)) {
      return;
    }
    var button = root.querySelector('[data-shortcut="' + event.key + '"]');
    if (!button) {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    var desk = document.getElementById("calling-desk-number");
    if (event.key === "n" && desk && !desk.value) {
      desk.focus();
      return;
    }
    button.click();
  }, true);

  function done() {
    busy = false;
    if (again) {
      again = false;
      refresh();
    }
  }

  function refresh() {
    if (!window.htmx) {
      return;
    }
    // Not while the agent types their desk number: the panel would wipe it.
    if (typing(document.activeElement) && root.contains(document.activeElement)) {
      return;
    }
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    htmx.ajax("GET", root.dataset.panelUrl, {target: "#calling-panel", swap: "outerHTML"})
      .then(done, done);
  }

  function show(text, live) {
    status.textContent = text;
    status.classList.toggle("calling-status-offline", !live);
  }

  function connect(reconnected) {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + root.dataset.socketPath);
    var first = true;
    socket.addEventListener("message", function () {
      retryMs = 1000;
      show(status.dataset.live, true);
      if (first) {
        first = false;  // the page was drawn just now; a reconnection fetches below
        if (reconnected) {
          refresh();
        }
        return;
      }
      refresh();
    });
    socket.addEventListener("close", function (event) {
      show(status.dataset.offline, false);
      if (event.code === NOT_FOUND) {
        return;
      }
      window.setTimeout(function () {
        connect(true);
      }, retryMs);
      retryMs = Math.min(retryMs * 2, 30000);
    });
  }

  window.setInterval(refresh, PERIOD_MS);
  if (window.WebSocket) {
    connect(false);
  }
}());
