/* The agent desk's pages. The queue: tidy filter requests. The complaint page: refusals shown
   in place, and, live, who else has it open and whether it changed meanwhile. Every page of a
   call-centre agent: the screen pop of each call waiting in their queue. Every agent's page: a
   toast when a complaint is given to them or its customer answers, and a "desk:notice" event
   on document.body for every notice (pages that refresh themselves listen to it). All live
   notices come from /ws/desk/ (contactcenter/desk/consumers.py). No build step.

   The layout includes this script for the toasts and pops (data-calls-only); the desk's own pages
   include it as well, earlier in the page: it runs once per page. */
(function () {
  "use strict";

  if (window.deskScriptLoaded) {
    return;
  }
  window.deskScriptLoaded = true;
  var script = document.currentScript;
  if (!(script && script.hasAttribute("data-calls-only"))) {
    deskPage();
  }
  var root = document.getElementById("live");
  var pops = document.getElementById("screen-pops");
  var toasts = document.getElementById("desk-toasts");
  if ((root || pops || toasts) && window.WebSocket) {
    live(root, pops, toasts);
  }

  function deskPage() {
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
  }

  function live(root, pops, toasts) {
    var watching = Boolean(root);
    var ticketId = watching ? Number(root.dataset.ticketId) : 0;
    var myAgentId = watching ? Number(root.dataset.agentId) : 0;
    var shownVersion = watching ? Number(root.dataset.version) : 0;
    var presence = document.getElementById("presence");
    var changed = document.getElementById("changed");
    var HEARTBEAT_MS = 20000;
    var UNAUTHORIZED = 4401;
    var MAX_POPS = 5;
    var MAX_TOASTS = 5;
    var TOAST_TEXTS = {
      assigned: "assigned", assigned_by: "assignedBy", customer_answered: "answered",
      customer_message: "customerMessage", chat_offer: "chatOffer"
    };
    var offersShown = {}; // a waiting visitor is offered again at each change of the line
    var socket = null;
    var heartbeat = null;
    var retryMs = 1000;
    var acting = false; // this page sent a change and is about to reload

    if (watching) {
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
    }

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

    // --- Screen pops: the server renders each one, in the agent's language. ---

    var DISMISSED_KEY = "desk.dismissedCalls";
    var popsAgentId = pops ? Number(pops.dataset.agentId) : 0;

    function popOf(callId) {
      return pops.querySelector('[data-call="' + Number(callId) + '"]');
    }

    // Pops closed in this tab stay closed on the next page (waiting calls are sent again on
    // every connection). Only call ids are kept, for the tab's lifetime.
    function dismissed() {
      try {
        return JSON.parse(window.sessionStorage.getItem(DISMISSED_KEY) || "[]");
      } catch (error) {
        return [];
      }
    }

    function rememberDismissed(callId) {
      var ids = dismissed();
      if (ids.indexOf(callId) === -1) {
        ids = ids.concat([callId]).slice(-50);
        try {
          window.sessionStorage.setItem(DISMISSED_KEY, JSON.stringify(ids));
        } catch (error) {
          // Private browsing without storage: the pop may come back, nothing worse.
        }
      }
    }

    function showCall(message) {
      if (!pops || popOf(message.call) || dismissed().indexOf(Number(message.call)) !== -1) {
        return;
      }
      window.fetch(message.url, {credentials: "same-origin"}).then(function (response) {
        return response.ok ? response.text() : "";
      }).then(function (html) {
        if (!html || popOf(message.call)) {
          return;
        }
        var holder = document.createElement("div");
        holder.innerHTML = html.trim();
        var pop = holder.firstElementChild;
        if (!pop) {
          return;
        }
        pops.insertBefore(pop, pops.firstChild); // role="alert": read out when added
        while (pops.children.length > MAX_POPS) {
          pops.removeChild(pops.lastElementChild);
        }
      }).catch(function () {
        // The page still works; the call is answered on the phone anyway.
      });
    }

    function endCall(message) {
      var pop = pops && popOf(message.call);
      if (pop) {
        pop.classList.add("screen-pop-over");
        var ended = pop.querySelector(".screen-pop-ended");
        if (ended) {
          ended.hidden = false;
        }
      }
    }

    function takenCall(message) {
      var pop = pops && popOf(message.call);
      if (!pop || message.by_agent === popsAgentId) {
        return;
      }
      var taken = pop.querySelector(".screen-pop-taken");
      if (taken) {
        taken.textContent = taken.dataset.text.split("{name}").join(message.by);
        taken.hidden = false;
      }
    }

    function closePop(pop) {
      rememberDismissed(Number(pop.dataset.call));
      var hadFocus = pop.contains(document.activeElement);
      var next = pop.nextElementSibling || pop.previousElementSibling;
      pop.parentNode.removeChild(pop);
      if (hadFocus) {
        // Keep the keyboard user in place: the next pop, else the page's content.
        (next || document.getElementById("content")).focus();
      }
    }

    if (pops) {
      pops.addEventListener("click", function (event) {
        var button = event.target.closest("[data-dismiss-pop]");
        if (button) {
          closePop(button.closest(".screen-pop"));
        }
      });
      pops.addEventListener("keydown", function (event) {
        var pop = event.target.closest(".screen-pop");
        if (event.key === "Escape" && pop) {
          closePop(pop);
        }
      });
    }

    // --- Toasts: the texts come with the page, in the agent's language. ---

    function toastText(message) {
      var key = message.event === "assigned" && message.by ? "assignedBy"
        : TOAST_TEXTS[message.event];
      var template = key && toasts.dataset[key];
      if (!template) {
        return "";
      }
      return fill(fill(template, "ref", message.reference || ""), "name", message.by || "");
    }

    function showToast(message) {
      var text = toasts ? toastText(message) : "";
      if (!text) {
        return;
      }
      if (message.event === "chat_offer") {
        // The chat console shows its own line; elsewhere, once per waiting visitor.
        if (document.getElementById("chat-console") || offersShown[message.conversation]) {
          return;
        }
        offersShown[message.conversation] = true;
      }
      var toast = document.createElement("div");
      toast.className = "desk-toast";
      toast.setAttribute("role", "status");
      var words = document.createElement("p");
      words.className = "desk-toast-text";
      var link = document.createElement("a");
      link.href = message.url;
      link.textContent = message.event === "chat_offer" ? toasts.dataset.openChat
        : toasts.dataset.open;
      var close = document.createElement("button");
      close.type = "button";
      close.className = "button-quiet desk-toast-close";
      close.setAttribute("data-dismiss-toast", "");
      close.setAttribute("aria-label", toasts.dataset.dismiss);
      close.textContent = "\u00d7";
      toast.appendChild(words);
      toast.appendChild(link);
      toast.appendChild(close);
      toasts.insertBefore(toast, toasts.firstChild);
      while (toasts.children.length > MAX_TOASTS) {
        toasts.removeChild(toasts.lastElementChild);
      }
      // Filled once in the page: a status region is read out when its text changes.
      window.setTimeout(function () { words.textContent = text; }, 50);
    }

    function closeToast(toast) {
      var hadFocus = toast.contains(document.activeElement);
      var next = toast.nextElementSibling || toast.previousElementSibling;
      toast.parentNode.removeChild(toast);
      if (hadFocus) {
        (next ? next.querySelector("a") : document.getElementById("content")).focus();
      }
    }

    if (toasts) {
      toasts.addEventListener("click", function (event) {
        var button = event.target.closest("[data-dismiss-toast]");
        if (button) {
          closeToast(button.closest(".desk-toast"));
        }
      });
      toasts.addEventListener("keydown", function (event) {
        var toast = event.target.closest(".desk-toast");
        if (event.key === "Escape" && toast) {
          closeToast(toast);
        }
      });
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
        if (watching) {
          send({watch: ticketId});
          heartbeat = window.setInterval(function () { send({heartbeat: true}); }, HEARTBEAT_MS);
        }
      });
      socket.addEventListener("message", function (event) {
        var message = JSON.parse(event.data);
        if (message.type === "notice") {
          document.body.dispatchEvent(new CustomEvent("desk:notice", {detail: message}));
          if (message.event === "call") {
            showCall(message);
          } else if (message.event === "call_taken") {
            takenCall(message);
          } else if (message.event === "call_ended") {
            endCall(message);
          } else {
            showToast(message);
          }
        } else if (!watching) {
          return;
        } else if (message.type === "watching") {
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
        if (presence) {
          presence.hidden = true;
        }
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
  }
})();
