/* The agent desk's pages. The queue: tidy filter requests. The complaint page: refusals shown
   in place, and, live, who else has it open and whether it changed meanwhile (talks to
   /ws/desk/, contactcenter/desk/consumers.py). No build step. */
(function () {
  "use strict";

  // Refusals come back as the form with its reason (403, 409, 422): show them in place.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 403 || status === 409 || status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // The queue's filters: leave the unused ones out of the request and the address bar.
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.verb !== "get" || !event.detail.elt.closest("#queue-filters")) {
      return;
    }
    var parameters = event.detail.parameters;
    Object.keys(parameters).forEach(function (name) {
      var values = [].concat(parameters[name]);
      if (values.every(function (value) { return value === ""; })) {
        delete parameters[name];
      }
    });
  });

  var root = document.getElementById("live");
  if (!root || !window.WebSocket) {
    return;
  }
  var ticketId = Number(root.dataset.ticketId);
  var myAgentId = Number(root.dataset.agentId);
  var shownVersion = Number(root.dataset.version);
  var presence = document.getElementById("presence");
  var changed = document.getElementById("changed");
  var HEARTBEAT_MS = 20000;
  var UNAUTHORIZED = 4401;
  var socket = null;
  var heartbeat = null;
  var retryMs = 1000;
  var acting = false; // this page sent a change and is about to reload

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.requestConfig && event.detail.requestConfig.verb === "post") {
      acting = true;
    }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (!event.detail.successful || event.detail.xhr.status >= 300) {
      acting = false;
    }
  });
  document.addEventListener("submit", function (event) {
    if (!event.target.hasAttribute("hx-post")) {
      acting = true;
    }
  });

  function fill(template, key, value) {
    return template.split("{" + key + "}").join(value);
  }

  function showViewers(viewers) {
    var names = [];
    viewers.forEach(function (viewer) {
      if (viewer.agent !== myAgentId && names.indexOf(viewer.name) === -1) {
        names.push(viewer.name);
      }
    });
    if (!names.length) {
      presence.hidden = true;
      presence.textContent = "";
      return;
    }
    var template = names.length === 1 ? root.dataset.oneViewer : root.dataset.manyViewers;
    presence.textContent = fill(template, "names", names.join(", "));
    presence.hidden = false;
  }

  function showChanged(message) {
    if (acting) {
      return;
    }
    changed.querySelector(".notice-text").textContent = message.by
      ? fill(root.dataset.changed, "name", message.by) : root.dataset.changedAnonymous;
    changed.hidden = false;
  }

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(message));
    }
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + "/ws/desk/");
    socket.addEventListener("open", function () {
      retryMs = 1000;
      send({watch: ticketId});
      heartbeat = window.setInterval(function () { send({heartbeat: true}); }, HEARTBEAT_MS);
    });
    socket.addEventListener("message", function (event) {
      var message = JSON.parse(event.data);
      if (message.type === "watching") {
        if (message.version !== shownVersion) {
          showChanged(message); // changed while this page loaded or was disconnected
        }
      } else if (message.type === "viewers") {
        showViewers(message.viewers);
      } else if (message.type === "changed") {
        showChanged(message);
      }
    });
    socket.addEventListener("close", function (event) {
      window.clearInterval(heartbeat);
      presence.hidden = true;
      if (event.code === UNAUTHORIZED) {
        return; // signed out: the next page load goes to the login page
      }
      // The server restarted or the network dropped: come back, and resynchronise on watch.
      window.setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 30000);
    });
  }

  window.addEventListener("pagehide", function () {
    if (socket) {
      socket.close(1000);
    }
  });
  connect();
})();
