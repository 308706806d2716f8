/* The visitor's side of the web chat (/chat/): one WebSocket to /ws/chat/, frames as the
   README describes ("The web chat's protocol"). Every text from the server or the agent is
   put in the page with textContent, never as HTML. The conversation's token is kept in
   sessionStorage, so that a reload or a lost connection resumes the same conversation. */
(function () {
  "use strict";

  var root = document.getElementById("chat");
  if (!root) { return; }
  var TOKEN_KEY = "chat-token";
  var TYPING_EVERY = 2000;
  var texts = root.dataset;
  var byId = function (id) { return document.getElementById(id); };
  var status = byId("chat-status");
  var log = byId("chat-log");
  var typing = byId("chat-typing");
  var error = byId("chat-error");
  var compose = byId("chat-compose");
  var text = byId("chat-text");
  var offline = byId("chat-offline");
  var survey = byId("chat-survey");
  var identify = byId("chat-identify");
  var endButton = byId("chat-end");
  var newButton = byId("chat-new");

  var socket = null;
  var ended = false;        // closed, or a message left: no reconnecting
  var flooded = false;
  var retries = 0;
  var lastTyping = 0;
  var typingTimer = null;
  var agentName = "";
  var identified = false;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  function setStatus(message) { status.textContent = message; }

  function showError(message) {
    error.textContent = message;
    error.hidden = !message;
  }

  function time(iso) {
    var moment = new Date(iso);
    if (isNaN(moment.getTime())) { return ""; }
    return moment.toLocaleTimeString(texts.language === "ar" ? "ar-MA" : "fr-MA",
                                     { hour: "2-digit", minute: "2-digit" });
  }

  function addMessage(frame) {
    if (frame.id && log.querySelector('[data-id="' + Number(frame.id) + '"]')) { return; }
    var item = document.createElement("li");
    var from = ["visitor", "agent", "system"].indexOf(frame.from) >= 0 ? frame.from : "system";
    item.className = "chat-message chat-from-" + from;
    if (frame.id) { item.dataset.id = String(Number(frame.id)); }
    var who = document.createElement("span");
    who.className = "chat-who";
    who.textContent = from === "visitor" ? texts.you
      : from === "agent" ? (frame.agent || agentName || texts.adviser) : texts.system;
    var when = document.createElement("time");
    when.className = "chat-when";
    when.dateTime = frame.at || "";
    when.textContent = time(frame.at);
    var body = document.createElement("p");
    body.className = "chat-text";
    body.dir = "auto";  // a French message reads left to right on the Arabic page
    body.textContent = frame.text;
    item.append(who, " ", when, body);
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
    hideTyping();
  }

  function hideTyping() {
    typing.hidden = true;
    if (typingTimer) { clearTimeout(typingTimer); typingTimer = null; }
  }

  function showTyping() {
    typing.textContent = fill(texts.typing, { name: agentName || texts.adviser });
    typing.hidden = false;
    if (typingTimer) { clearTimeout(typingTimer); }
    typingTimer = setTimeout(hideTyping, 4000);
  }

  function setEnded() {
    ended = true;
    sessionStorage.removeItem(TOKEN_KEY);
    compose.hidden = true;
    offline.hidden = true;
    identify.hidden = true;
    endButton.hidden = true;
    newButton.hidden = false;
    hideTyping();
  }

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  var handlers = {
    welcome: function (frame) {
      sessionStorage.setItem(TOKEN_KEY, frame.conversation);
      retries = 0;
      if (!frame.resumed) { log.replaceChildren(); }
      setStatus(texts.welcome);  // (the frames that follow tell the line, the adviser)
    },
    history: function (frame) {
      log.replaceChildren();
      (frame.messages || []).forEach(addMessage);
    },
    message: addMessage,
    queued: function (frame) { setStatus(fill(texts.queued, { n: frame.position })); },
    joined: function (frame) {
      agentName = frame.agent || "";
      setStatus(fill(texts.joined, { name: agentName || texts.adviser }));
      offline.hidden = true;
    },
    typing: showTyping,
    identified: function (frame) {
      identified = true;
      identify.open = false;
      identify.hidden = true;
      byId("chat-leave-phone-field").hidden = true;
      setStatus(fill(texts.identified, { name: frame.name || "" }));
    },
    code_sent: function (frame) {
      var sent = byId("chat-code-sent");
      sent.textContent = frame.detail || "";
      sent.hidden = false;
      byId("chat-code-form").hidden = false;
      byId("chat-code").focus();
    },
    offline: function (frame) {
      var closedHours = frame.reason === "closed_hours";
      byId("chat-offline-reason").textContent = closedHours
        ? texts.offlineClosedHours : texts.offlineNobody;
      offline.hidden = false;
      if (closedHours) { compose.hidden = true; }  // nobody will answer: no waiting
    },
    message_left: function (frame) {
      addMessage({ from: "visitor", text: byId("chat-leave-text").value.trim(),
                   at: new Date().toISOString() });
      setStatus(fill(texts.messageLeft, { ref: frame.reference }));
      setEnded();
    },
    closed: function (frame) {
      setStatus(frame.reference ? fill(texts.closedReference, { ref: frame.reference })
        : texts.closed);
      setEnded();
    },
    survey: function () { survey.hidden = false; },
    thanks: function () {
      survey.hidden = true;
      setStatus(texts.thanks);
    },
    error: function (frame) {
      if (frame.code === "flood") { flooded = true; }
      showError(frame.detail || "");
    },
  };

  function connect() {
    var token = sessionStorage.getItem(TOKEN_KEY);
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var url = scheme + location.host + "/ws/chat/?lang=" + encodeURIComponent(texts.language);
    if (token) { url += "&resume=" + encodeURIComponent(token); }
    socket = new WebSocket(url);
    socket.addEventListener("message", function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      var handler = frame && handlers[frame.type];
      if (handler) { handler(frame); }
    });
    socket.addEventListener("close", function (event) {
      socket = null;
      if (flooded || event.code === 4429) {
        setStatus(texts.flooded);
        compose.hidden = true;
        return;
      }
      if (ended || event.code === 4503) { return; }
      setStatus(texts.reconnecting);
      retries += 1;
      setTimeout(connect, Math.min(1000 * retries, 10000));
    });
  }

  compose.addEventListener("submit", function (event) {
    event.preventDefault();
    var message = text.value.trim();
    if (!message) { return; }
    if (send({ type: "message", text: message })) {
      text.value = "";
      showError("");
    }
  });
  text.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      compose.requestSubmit();
    }
  });
  text.addEventListener("input", function () {
    var now = Date.now();
    if (now - lastTyping >= TYPING_EVERY && text.value) {
      lastTyping = now;
      send({ type: "typing" });
    }
  });
  byId("chat-identify-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var identifier = byId("chat-identifier").value.trim();
    if (identifier) { send({ type: "identify", identifier: identifier }); }
  });
  byId("chat-code-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var code = byId("chat-code").value.trim();
    if (code) { send({ type: "code", code: code }); }
  });
  byId("chat-leave-form").addEventListener("submit", function (event) {
    event.preventDefault();
    send({ type: "leave_message", text: byId("chat-leave-text").value.trim(),
           phone: byId("chat-leave-phone").value.trim() });
  });
  survey.addEventListener("click", function (event) {
    var button = event.target.closest("[data-score]");
    if (button) { send({ type: "satisfaction", score: Number(button.dataset.score) }); }
  });
  endButton.addEventListener("click", function () { send({ type: "close" }); });
  newButton.addEventListener("click", function () {
    sessionStorage.removeItem(TOKEN_KEY);
    location.reload();
  });

  setStatus(texts.connecting);
  connect();
}());
