/* The hall display. /ws/counter/display/<agency>/ (counter/consumers.py) sends a snapshot of
   the last calls on every (re)connection and after each change of the line; the page draws
   it. A number called anew (or recalled) is highlighted for a while: visual only, no chime.
   Numbers and desks only. No build step. */
(function () {
  "use strict";

  var root = document.getElementById("hall");
  if (!root) {
    return;
  }
  var NOT_FOUND = 4404;
  var HIGHLIGHT_MS = 12000;
  var current = document.getElementById("hall-current");
  var number = document.getElementById("hall-number");
  var desk = document.getElementById("hall-desk");
  var nobody = document.getElementById("hall-nobody");
  var recent = document.getElementById("hall-recent");
  var waiting = document.getElementById("hall-waiting");
  var offline = document.getElementById("hall-offline");
  var clock = document.getElementById("hall-clock");
  var shownKey = current.dataset.key || "";
  var highlightTimer = null;
  var retryMs = 1000;

  function cell(text) {
    var td = document.createElement("td");
    td.dir = "ltr";
    td.textContent = text === null || text === undefined ? "" : String(text);
    return td;
  }

  function highlight() {
    current.classList.remove("hall-flash");
    void current.offsetWidth; // restart the animation
    current.classList.add("hall-flash");
    window.clearTimeout(highlightTimer);
    highlightTimer = window.setTimeout(function () {
      current.classList.remove("hall-flash");
    }, HIGHLIGHT_MS);
  }

  function draw(snapshot) {
    var calls = snapshot.calls || [];
    var first = calls[0];
    if (first) {
      number.textContent = first.number;
      desk.textContent = first.desk === null ? "" : String(first.desk);
      current.hidden = false;
      nobody.hidden = true;
      if (first.key !== shownKey) {
        shownKey = first.key;
        current.dataset.key = first.key;
        highlight();
      }
    } else {
      current.hidden = true;
      nobody.hidden = false;
      shownKey = "";
    }
    var rows = document.createDocumentFragment();
    calls.slice(1).forEach(function (call) {
      var tr = document.createElement("tr");
      tr.appendChild(cell(call.number));
      tr.appendChild(cell(call.desk));
      rows.appendChild(tr);
    });
    recent.replaceChildren(rows);
    waiting.textContent = String(snapshot.waiting || 0);
  }

  // The fund's time, from its UTC offset sent by the server (browsers' time-zone data
  // disagree about Morocco), whatever the screen's computer is set to.
  var offsetMinutes = parseInt(root.dataset.utcOffset || "0", 10);

  function tick() {
    var local = new Date(Date.now() + offsetMinutes * 60000);
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    clock.textContent = pad(local.getUTCHours()) + ":" + pad(local.getUTCMinutes());
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + root.dataset.socketPath);
    socket.addEventListener("open", function () {
      retryMs = 1000;
      offline.hidden = true;
    });
    socket.addEventListener("message", function (event) {
      var message = JSON.parse(event.data);
      if (message.type === "snapshot") {
        if (typeof message.utc_offset === "number") {
          offsetMinutes = message.utc_offset;
          tick();
        }
        draw(message);
      }
    });
    socket.addEventListener("close", function (event) {
      offline.hidden = false;
      if (event.code === NOT_FOUND) {
        return;
      }
      window.setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 30000);
    });
  }

  tick();
  window.setInterval(tick, 10000);
  if (window.WebSocket) {
    connect();
  }
}());
