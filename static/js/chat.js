/* The agents' chat console (/desk/chat/): the waiting line, the conversations held side by
   side, the availability switch, and for supervisors the table of live conversations. Live
   frames come from /ws/desk/chat/ (contactcenter/desk/chat_consumers.py); each card is
   rendered by the server (in the agent's language) and fetched when a conversation is
   accepted, identified or opened by a supervisor. Texts come from the page's data
   attributes; what visitors type is only ever set as text. No build step. */
(function () {
  "use strict";

  var root = document.getElementById("chat-console");
  if (!root || !window.WebSocket) {
    return;
  }
  var texts = root.dataset;
  var overseer = texts.overseer === "1";
  var cards = document.getElementById("chat-cards");
  var none = document.getElementById("chat-none");
  var lineList = document.getElementById("chat-line-list");
  var lineEmpty = document.getElementById("chat-line-empty");
  var lineCount = document.getElementById("chat-line-count");
  var connection = document.getElementById("chat-connection");
  var globalError = document.getElementById("chat-error");
  var switchButton = document.getElementById("chat-availability");
  var UNAUTHORIZED = 4401;
  var FORBIDDEN = 4403;
  var TYPING_SHOWN_MS = 4000;
  var TYPING_SENT_EVERY_MS = 2500;
  var TICK_MS = 15000;
  var socket = null;
  var retryMs = 1000;
  var offered = {};
  var pageTitle = document.title;
  var lastActedOn = null;
  var offsetMs = Number(texts.utcOffset || 0) * 60000;

  function fill(template, values) {
    return Object.keys(values).reduce(function (text, key) {
      return text.split("{" + key + "}").join(values[key]);
    }, template);
  }

  // Hours and minutes in the fund's time zone (the server's offset), as the server writes
  // them: the browser's own zone may differ.
  function clockTime(iso) {
    var moment = new Date(Date.parse(iso) + offsetMs);
    function two(number) { return (number < 10 ? "0" : "") + number; }
    return two(moment.getUTCHours()) + ":" + two(moment.getUTCMinutes());
  }

  // --- Waiting times -------------------------------------------------------------------

  function waited(since) {
    var minutes = Math.floor((Date.now() - Date.parse(since)) / 60000);
    if (!(minutes >= 1)) {
      return texts.underMinute;
    }
    if (minutes < 60) {
      return fill(texts.minutes, {n: minutes});
    }
    return fill(texts.hours, {h: Math.floor(minutes / 60), m: minutes % 60});
  }

  function tick() {
    root.querySelectorAll("time.chat-since").forEach(function (time) {
      time.textContent = waited(time.getAttribute("datetime"));
    });
  }

  // --- The waiting line ----------------------------------------------------------------

  function badge(text, extra) {
    var span = document.createElement("span");
    span.className = "badge" + (extra ? " " + extra : "");
    span.textContent = text;
    return span;
  }

  function lineItem(entry, position) {
    var item = document.createElement("li");
    item.className = "chat-line-item" + (offered[entry.id] ? " chat-line-offered" : "");
    item.dataset.conversation = entry.id;
    var number = document.createElement("span");
    number.className = "chat-line-position";
    number.textContent = String(position);
    item.appendChild(number);
    var language = badge(entry.language === "ar" ? texts.langAr : texts.langFr);
    language.lang = entry.language === "ar" ? "ar" : "fr";
    item.appendChild(language);
    item.appendChild(entry.identified ? badge(texts.identified)
      : badge(texts.unidentified, "badge-warning"));
    var since = document.createElement("time");
    since.className = "chat-since";
    since.setAttribute("datetime", entry.since);
    since.textContent = waited(entry.since);
    item.appendChild(since);
    if (offered[entry.id]) {
      item.appendChild(badge(texts.offered, "badge-offer"));
    }
    if (!overseer) {
      var accept = document.createElement("button");
      accept.type = "button";
      accept.className = "button-primary";
      accept.dataset.accept = entry.id;
      accept.textContent = texts.accept;
      accept.setAttribute("aria-label", fill(texts.acceptLabel, {time: waited(entry.since)}));
      item.appendChild(accept);
    }
    return item;
  }

  function showLine(message) {
    var focused = document.activeElement && document.activeElement.dataset
      ? document.activeElement.dataset.accept : null;
    var waiting = message.waiting || [];
    var ids = waiting.map(function (entry) { return entry.id; });
    Object.keys(offered).forEach(function (id) {
      if (ids.indexOf(Number(id)) === -1) {
        delete offered[id];
      }
    });
    lineList.textContent = "";
    waiting.forEach(function (entry, index) {
      lineList.appendChild(lineItem(entry, index + 1));
    });
    lineCount.textContent = String(waiting.length);
    lineEmpty.hidden = waiting.length > 0;
    // The tab's title counts who waits: seen from another tab or window too.
    document.title = (waiting.length ? "(" + waiting.length + ") " : "") + pageTitle;
    if (focused) {
      var again = lineList.querySelector('[data-accept="' + Number(focused) + '"]')
        || lineList.querySelector("[data-accept]");
      if (again) {
        again.focus();
      }
    }
    var liveCount = document.getElementById("chat-live-count");
    if (liveCount && typeof message.live === "number") {
      liveCount.textContent = String(message.live);
    }
    if (overseer) {
      refreshLiveTable();
    }
  }

  function showOffer(message) {
    offered[message.conversation] = true;
    var item = lineList.querySelector('[data-conversation="' + Number(message.conversation) + '"]');
    if (item && !item.classList.contains("chat-line-offered")) {
      item.classList.add("chat-line-offered");
      item.insertBefore(badge(texts.offered, "badge-offer"), item.querySelector("button"));
    }
  }

  // --- Availability --------------------------------------------------------------------

  function showStatus(message) {
    if (switchButton) {
      switchButton.setAttribute("aria-pressed", message.available ? "true" : "false");
      document.getElementById("chat-availability-text").textContent =
        message.available ? texts.available : texts.away;
    }
    var held = document.getElementById("chat-held");
    var capacity = document.getElementById("chat-capacity");
    if (held) {
      held.textContent = String(message.held);
    }
    if (capacity) {
      capacity.textContent = String(message.capacity);
    }
  }

  if (switchButton) {
    switchButton.addEventListener("click", function () {
      send({type: "availability", available: switchButton.getAttribute("aria-pressed") !== "true"});
    });
  }

  // --- Cards -----------------------------------------------------------------------------

  function cardOf(id) {
    return document.getElementById("chat-" + Number(id));
  }

  function updateNone() {
    none.hidden = cards.children.length > 0;
  }

  // The card from the server; a draft being typed survives the swap.
  function loadCard(id, replace, focus) {
    var url = texts.cardUrl.replace(/0\/$/, Number(id) + "/");
    return window.fetch(url, {credentials: "same-origin"}).then(function (response) {
      return response.ok ? response.text() : "";
    }).then(function (html) {
      var existing = cardOf(id);
      if (!html || (existing && !replace)) {
        return;
      }
      var holder = document.createElement("div");
      holder.innerHTML = html.trim();
      var card = holder.firstElementChild;
      if (!card) {
        return;
      }
      if (existing) {
        var draft = existing.querySelector("textarea");
        var fresh = card.querySelector("textarea");
        if (draft && fresh) {
          fresh.value = draft.value;
          fitDirection(fresh);
        }
        var hadFocus = existing.contains(document.activeElement) && draft === document.activeElement;
        existing.parentNode.replaceChild(card, existing);
        if (hadFocus && fresh) {
          fresh.focus();
        }
      } else {
        cards.appendChild(card);
        if (focus && card.querySelector("textarea")) {
          card.querySelector("textarea").focus(); // the agent just accepted: answer
        }
      }
      if (window.htmx) {
        window.htmx.process(card);
      }
      scrollDown(card);
      updateNone();
    }).catch(function () {
      // The card comes back on the next snapshot (reconnection).
    });
  }

  function scrollDown(card) {
    var list = card.querySelector(".chat-messages");
    if (list) {
      list.scrollTop = list.scrollHeight;
    }
  }

  function messageItem(message) {
    var sender = ["visitor", "agent", "system"].indexOf(message.from) === -1
      ? "system" : message.from;
    var item = document.createElement("li");
    item.className = "chat-msg chat-msg-" + sender;
    var who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = texts["from" + sender.charAt(0).toUpperCase() + sender.slice(1)];
    var words = document.createElement("p");
    words.dir = "auto";
    words.textContent = message.text;
    var time = document.createElement("time");
    if (message.at) {
      time.setAttribute("datetime", message.at);
      time.textContent = clockTime(message.at);
    }
    item.appendChild(who);
    item.appendChild(words);
    item.appendChild(time);
    return item;
  }

  function addMessage(message) {
    var card = cardOf(message.conversation);
    if (!card) {
      return;
    }
    var list = card.querySelector(".chat-messages");
    var nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.appendChild(messageItem(message));
    if (message.from === "visitor") {
      showTyping(card, false);
    }
    if (nearBottom || message.from === "agent") {
      scrollDown(card);
    }
  }

  function replaceMessages(card, messages) {
    var list = card.querySelector(".chat-messages");
    list.textContent = "";
    messages.forEach(function (message) {
      list.appendChild(messageItem(message));
    });
    scrollDown(card);
  }

  function showTyping(card, on) {
    var note = card.querySelector(".chat-typing");
    window.clearTimeout(card.typingTimer);
    note.hidden = !on;
    if (on) {
      card.typingTimer = window.setTimeout(function () { note.hidden = true; }, TYPING_SHOWN_MS);
    }
  }

  function endCard(id) {
    var card = cardOf(id);
    if (!card) {
      return;
    }
    card.classList.add("chat-card-ended");
    showTyping(card, false);
    card.querySelector(".chat-ended-note").hidden = false;
    card.querySelectorAll(".chat-reply textarea, .chat-reply button, .chat-reply select, [data-close-chat]")
      .forEach(function (control) { control.disabled = true; });
    var dismiss = card.querySelector("[data-dismiss-chat]");
    if (dismiss) {
      dismiss.hidden = false;
    }
  }

  function showError(message) {
    var card = lastActedOn && cardOf(lastActedOn);
    var place = card ? card.querySelector(".chat-card-error") : globalError;
    place.textContent = message.detail || message.code;
    place.hidden = false;
    window.setTimeout(function () { place.hidden = true; }, 8000);
  }

  // The conversations of the snapshot sent on (re)connecting: what was said meanwhile.
  function reconcile(conversations) {
    var myId = Number(texts.agentId);
    conversations.forEach(function (conversation) {
      var card = cardOf(conversation.id);
      if (card) {
        replaceMessages(card, conversation.messages || []);
        if ((card.dataset.identified === "1") !== conversation.identified) {
          loadCard(conversation.id, true);
        }
      } else if (!overseer && conversation.agent === myId) {
        loadCard(conversation.id, false);
      }
    });
    if (!overseer) {
      var held = conversations.map(function (conversation) { return conversation.id; });
      cards.querySelectorAll(".chat-card:not(.chat-card-ended)").forEach(function (card) {
        if (held.indexOf(Number(card.dataset.conversation)) === -1) {
          endCard(card.dataset.conversation); // closed while this page was away
        }
      });
    }
  }

  // --- What the agent does in a card -----------------------------------------------------

  function sendReply(form) {
    var card = form.closest(".chat-card");
    var box = form.querySelector("textarea");
    var text = box.value.trim();
    if (!text || box.disabled) {
      return;
    }
    lastActedOn = card.dataset.conversation;
    send({type: "message", conversation: Number(card.dataset.conversation), text: text});
    card.pendingText = box.value;
    box.value = "";
    fitDirection(box);
    box.focus();
  }

  cards.addEventListener("submit", function (event) {
    var form = event.target.closest(".chat-reply");
    if (form) {
      event.preventDefault();
      sendReply(form);
    }
  });

  cards.addEventListener("keydown", function (event) {
    if (event.target.matches(".chat-reply textarea") && event.key === "Enter"
        && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      sendReply(event.target.form);
    }
  });

  // The box takes the page's direction while empty (its hint is in the agent's language),
  // then the direction of what is typed (an Arabic answer in a French console).
  function fitDirection(box) {
    box.dir = box.value ? "auto" : "";
  }

  cards.addEventListener("input", function (event) {
    if (!event.target.matches(".chat-reply textarea")) {
      return;
    }
    fitDirection(event.target);
    var card = event.target.closest(".chat-card");
    var now = Date.now();
    if (!card.typingSentAt || now - card.typingSentAt > TYPING_SENT_EVERY_MS) {
      card.typingSentAt = now;
      send({type: "typing", conversation: Number(card.dataset.conversation)});
    }
  });

  cards.addEventListener("change", function (event) {
    var select = event.target.closest(".chat-canned");
    if (!select || !select.value) {
      return;
    }
    var box = select.closest(".chat-reply").querySelector("textarea");
    var start = box.selectionStart || 0;
    var end = box.selectionEnd || 0;
    box.value = box.value.slice(0, start) + select.value + box.value.slice(end);
    var caret = start + select.value.length;
    select.value = "";
    fitDirection(box);
    box.focus();
    box.setSelectionRange(caret, caret);
  });

  cards.addEventListener("click", function (event) {
    var close = event.target.closest("[data-close-chat]");
    var dismiss = event.target.closest("[data-dismiss-chat]");
    if (close) {
      var card = close.closest(".chat-card");
      lastActedOn = card.dataset.conversation;
      send({type: "close", conversation: Number(card.dataset.conversation)});
    } else if (dismiss) {
      var gone = dismiss.closest(".chat-card");
      gone.parentNode.removeChild(gone);
      updateNone();
      (cards.querySelector(".chat-card textarea") || document.getElementById("content")).focus();
    }
  });

  lineList.addEventListener("click", function (event) {
    var button = event.target.closest("[data-accept]");
    if (button) {
      lastActedOn = null;
      send({type: "accept", conversation: Number(button.dataset.accept)});
    }
  });

  // --- Supervisors: the table of live conversations --------------------------------------

  var liveTable = document.getElementById("chat-live-table");
  var liveRefresh = null;

  function refreshLiveTable() {
    if (!liveTable) {
      return;
    }
    window.clearTimeout(liveRefresh);
    liveRefresh = window.setTimeout(function () {
      window.fetch(texts.liveUrl, {credentials: "same-origin"}).then(function (response) {
        return response.ok ? response.text() : null;
      }).then(function (html) {
        if (html !== null) {
          liveTable.innerHTML = html;
          tick();
        }
      }).catch(function () {});
    }, 300);
  }

  if (liveTable) {
    liveTable.addEventListener("click", function (event) {
      var button = event.target.closest("[data-read]");
      if (!button) {
        return;
      }
      var existing = cardOf(button.dataset.read);
      if (existing) {
        existing.scrollIntoView({block: "nearest"});
      } else {
        loadCard(button.dataset.read, false);
      }
    });
  }

  // --- The socket ----------------------------------------------------------------------

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(message));
    }
  }

  function handle(message) {
    switch (message.type) {
    case "status":
      showStatus(message);
      break;
    case "line":
      showLine(message);
      break;
    case "offer":
      showOffer(message);
      break;
    case "conversations":
      reconcile(message.conversations || []);
      break;
    case "message":
      addMessage(message);
      break;
    case "typing":
      if (cardOf(message.conversation)) {
        showTyping(cardOf(message.conversation), true);
      }
      break;
    case "joined":
      if (!overseer && !cardOf(message.conversation)
          && Number(message.agent_id) === Number(texts.agentId)) {
        loadCard(message.conversation, false, true);
      }
      break;
    case "identified":
      if (cardOf(message.conversation)) {
        loadCard(message.conversation, true);
      }
      break;
    case "closed":
      endCard(message.conversation);
      break;
    case "complaint":
      if (cardOf(message.conversation)
          && !cardOf(message.conversation).querySelector(".chat-complaint a.ref")) {
        loadCard(message.conversation, true);
      }
      break;
    case "error":
      if (lastActedOn && cardOf(lastActedOn)) {
        var box = cardOf(lastActedOn).querySelector("textarea");
        if (box && !box.value && cardOf(lastActedOn).pendingText) {
          box.value = cardOf(lastActedOn).pendingText; // the refused text, to correct
          fitDirection(box);
        }
      }
      showError(message);
      break;
    default:
      break;
    }
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + "/ws/desk/chat/");
    socket.addEventListener("open", function () {
      retryMs = 1000;
      connection.hidden = true;
      root.classList.add("chat-connected");
    });
    socket.addEventListener("message", function (event) {
      handle(JSON.parse(event.data));
    });
    socket.addEventListener("close", function (event) {
      root.classList.remove("chat-connected");
      if (event.code === UNAUTHORIZED || event.code === FORBIDDEN) {
        connection.textContent = connection.dataset.forbidden;
        connection.hidden = false;
        return;
      }
      connection.textContent = connection.dataset.lost;
      connection.hidden = false;
      window.setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 30000);
    });
  }

  window.addEventListener("pagehide", function () {
    if (socket) {
      socket.close(1000);
    }
  });
  tick();
  window.setInterval(tick, TICK_MS);
  cards.querySelectorAll(".chat-card").forEach(scrollDown);
  connect();
})();
