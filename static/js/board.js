/* The live SLA board. /ws/board/ (sla/consumers.py) says when something changed in the
   board's scope; the page then fetches its counts and lists again (the htmx partial of the
   same address): the database is the truth, a message carries nothing to apply. It also
   fetches on every (re)connection, to make up for what was missed, and every minute, as
   complaints become at risk or due today with time alone. No build step. */
(function () {
  "use strict";

  var root = document.getElementById("board-live");
  if (!root || !window.htmx) {
    return;
  }
  var status = document.getElementById("board-status");
  var UNAUTHORIZED = 4401;
  var FORBIDDEN = 4403;
  var PERIOD_MS = 60000;
  var REFRESH_HEADER = "X-Board-Refresh";
  var socket = null;
  var retryMs = 1000;
  var busy = false;   // a fetch is on its way
  var again = false;  // something changed meanwhile: fetch once more when it is back

  function here() {
    return window.location.pathname + window.location.search;
  }

  function done() {
    busy = false;
    if (again) {
      again = false;
      refresh();
    }
  }

  // One fetch at a time, and one more if changes came during it: a burst of changes (a
  // sweep escalating many complaints) costs two fetches, not one per change.
  function refresh() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    var headers = {};
    headers[REFRESH_HEADER] = "true";
    htmx.ajax("GET", here(), {target: "#board", swap: "outerHTML", headers: headers})
      .then(done, done);
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var config = event.detail.requestConfig;
    if (!config || !config.headers || !config.headers[REFRESH_HEADER]) {
      return;
    }
    // Signed out meanwhile: the request was sent to the login page. Show it whole.
    var answeredBy = new URL(event.detail.xhr.responseURL || window.location.href);
    if (answeredBy.pathname !== window.location.pathname) {
      event.detail.shouldSwap = false;
      window.location.reload();
      return;
    }
    // A refresh that comes back after the user drilled elsewhere would show the old place.
    if (event.detail.pathInfo && event.detail.pathInfo.requestPath !== here()) {
      event.detail.shouldSwap = false;
    }
  });

  function show(text, live) {
    status.textContent = text;
    status.classList.toggle("board-status-live", live);
    status.classList.toggle("board-status-offline", !live);
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + root.dataset.socketPath);
    socket.addEventListener("message", function (event) {
      var message = JSON.parse(event.data);
      if (message.type === "ready") {
        retryMs = 1000;
        show(root.dataset.live, true);
        refresh(); // changes made while the page loaded or the link was down
      } else if (message.type === "update") {
        refresh();
      }
    });
    socket.addEventListener("close", function (event) {
      show(root.dataset.offline, false);
      if (event.code === UNAUTHORIZED || event.code === FORBIDDEN) {
        return; // signed out or not allowed: the next page load says so
      }
      window.setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 30000);
    });
  }

  window.setInterval(refresh, PERIOD_MS);
  window.addEventListener("pagehide", function () {
    if (socket) {
      socket.close(1000);
    }
  });
  if (window.WebSocket) {
    connect();
  }
})();
