/* The phone simulator (telephony/simulator.py): plays a customer's phone against the real
   webhooks. Each request is first signed by the server (the carrier's X-Twilio-Signature for
   that exact URL and form), then posted as the carrier would post it. SMS answers are read
   from the TwiML <Message>; calls follow the TwiML verbs: <Say> shown, <Gather> answered
   with the keypad, <Redirect> followed, <Enqueue> waits, <Hangup> ends. No build step. */
(function () {
  "use strict";

  var root = document.getElementById("simulator");
  if (!root) {
    return;
  }
  var data = root.dataset;
  var numberInput = document.getElementById("sim-number");
  var pick = document.getElementById("sim-pick");
  var outbox = document.getElementById("sim-outbox");
  var smsForm = document.getElementById("sim-sms-form");
  var smsBody = document.getElementById("sim-body");
  var smsLog = document.getElementById("sim-sms-log");
  var callButton = document.getElementById("sim-call");
  var hangupButton = document.getElementById("sim-hangup");
  var timeoutButton = document.getElementById("sim-timeout");
  var callState = document.getElementById("sim-call-state");
  var callLog = document.getElementById("sim-call-log");
  var typed = document.getElementById("sim-typed");
  var keys = Array.prototype.slice.call(root.querySelectorAll("[data-key]"));
  // Twilio's <Say language> for each of the site's languages.
  var SPOKEN = { "fr-FR": "fr", "arb": "ar" };

  var call = null; // {sid, from, startedAt, gather: {action, numDigits, finishOnKey}|null}

  // --- The number ------------------------------------------------------------------------

  pick.addEventListener("change", function () {
    numberInput.value = pick.value;
    numberChanged();
  });
  numberInput.addEventListener("change", numberChanged);

  function numberChanged() {
    smsLog.textContent = "";
    if (window.htmx) {
      window.htmx.trigger(outbox, "numberchange");
    }
  }

  /* The carrier sends E.164: "06 61 23 45 67" and "00212661234567" become "+212661234567". */
  function e164(raw) {
    var number = raw.replace(/[\s.\-()]/g, "");
    if (number.indexOf("00") === 0) {
      return "+" + number.slice(2);
    }
    if (/^0\d{9}$/.test(number)) {
      return "+212" + number.slice(1);
    }
    return number;
  }

  function randomSid(prefix) {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return prefix + Array.prototype.map.call(bytes, function (byte) {
      return ("0" + byte.toString(16)).slice(-2);
    }).join("");
  }

  // --- Signed requests -------------------------------------------------------------------

  /* POST `params` to the webhook `url` (a path, with its query) signed as the carrier signs;
     resolves to {status, text}. */
  function postSigned(url, params) {
    var target = new URL(url, window.location.href);
    var path = target.pathname + target.search;
    return fetch(data.signUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": data.csrfToken },
      body: new URLSearchParams({ path: path, params: JSON.stringify(params) })
    }).then(function (response) {
      if (!response.ok) {
        throw new Error(response.status + " " + response.statusText);
      }
      return response.json();
    }).then(function (signed) {
      return fetch(path, {
        method: "POST",
        credentials: "omit",
        headers: { "X-Twilio-Signature": signed.signature },
        body: new URLSearchParams(params)
      });
    }).then(function (response) {
      return response.text().then(function (text) {
        return { status: response.status, text: text };
      });
    });
  }

  function parseTwiml(text) {
    var doc = new DOMParser().parseFromString(text, "text/xml");
    var response = doc.documentElement;
    if (!response || response.nodeName !== "Response") {
      throw new Error(text.slice(0, 200));
    }
    return response;
  }

  function ourNumberParams(params) {
    if (data.ourNumber) {
      params.To = data.ourNumber;
    }
    return params;
  }

  // --- SMS -------------------------------------------------------------------------------

  smsForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var body = smsBody.value;
    var from = e164(numberInput.value);
    if (!from) {
      numberInput.focus();
      return;
    }
    var sid = randomSid("SM");
    var params = ourNumberParams({
      ToCountry: "MA", FromCountry: "MA", SmsMessageSid: sid, SmsSid: sid, MessageSid: sid,
      SmsStatus: "received", NumMedia: "0", NumSegments: "1", Body: body, From: from,
      ApiVersion: "2010-04-01"
    });
    smsLog.appendChild(bubble(body, "sim-out"));
    smsBody.value = "";
    postSigned(data.smsUrl, params).then(function (answer) {
      if (answer.status !== 200) {
        smsLog.appendChild(note(data.textFailed + " " + answer.status, "sim-error"));
        return;
      }
      var replies = parseTwiml(answer.text).getElementsByTagName("Message");
      if (!replies.length) {
        smsLog.appendChild(note(data.textNoReply, "sim-note"));
      }
      Array.prototype.forEach.call(replies, function (reply) {
        smsLog.appendChild(bubble(reply.textContent, "sim-in"));
      });
    }).catch(function (error) {
      smsLog.appendChild(note(data.textFailed + " " + error.message, "sim-error"));
    }).then(function () {
      smsLog.scrollTop = smsLog.scrollHeight;
    });
  });

  function bubble(text, kind) {
    var item = document.createElement("li");
    item.className = "sim-bubble " + kind;
    var head = document.createElement("p");
    head.className = "entry-head";
    var time = document.createElement("time");
    var now = new Date();
    time.dateTime = now.toISOString();
    // At the server's UTC offset, like the times of the SMS received: browsers' time zone
    // data may differ from the server's (Morocco changes its offset every Ramadan).
    var local = new Date(now.getTime() + Number(data.utcOffset || 0) * 60000);
    time.textContent = local.toLocaleTimeString(document.documentElement.lang,
                                                { timeZone: "UTC" });
    head.appendChild(time);
    var body = document.createElement("p");
    body.dir = "auto";
    body.textContent = text;
    item.appendChild(head);
    item.appendChild(body);
    return item;
  }

  function note(text, kind, lang) {
    var item = document.createElement("li");
    item.className = kind;
    item.dir = "auto";
    if (lang) {
      item.lang = lang;
    }
    item.textContent = text;
    return item;
  }

  // --- Calls -----------------------------------------------------------------------------

  callButton.addEventListener("click", function () {
    var from = e164(numberInput.value);
    if (!from || call) {
      return;
    }
    callLog.textContent = "";
    call = { sid: randomSid("CA"), from: from, startedAt: Date.now(), gather: null };
    callButton.disabled = true;
    hangupButton.disabled = false;
    setState(data.textCalling);
    step(data.voiceUrl, callParams("ringing"));
  });

  hangupButton.addEventListener("click", function () {
    endCall();
  });

  timeoutButton.addEventListener("click", function () {
    if (call && call.gather) {
      sendDigits("");
    }
  });

  keys.forEach(function (button) {
    button.addEventListener("click", function () {
      press(button.dataset.key);
    });
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (!call || !call.gather || event.ctrlKey || event.metaKey || event.altKey
        || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) {
      return;
    }
    if (/^[0-9*#]$/.test(event.key)) {
      event.preventDefault();
      press(event.key);
    }
  });

  function callParams(status, extra) {
    var params = ourNumberParams({
      CallSid: call.sid, CallStatus: status, Direction: "inbound", From: call.from,
      Caller: call.from, FromCountry: "MA", ToCountry: "MA", ApiVersion: "2010-04-01"
    });
    if (params.To) {
      params.Called = params.To;
    }
    return Object.assign(params, extra || {});
  }

  function step(url, params) {
    var sid = call.sid;
    postSigned(url, params).then(function (answer) {
      if (!call || call.sid !== sid) {
        return;
      }
      if (answer.status !== 200) {
        throw new Error(String(answer.status));
      }
      follow(parseTwiml(answer.text));
    }).catch(function (error) {
      callLog.appendChild(note(data.textFailed + " " + error.message, "sim-error"));
      endCall();
    });
  }

  /* Carry out the verbs of one TwiML answer, as the carrier would. */
  function follow(response) {
    var verbs = response.children;
    for (var index = 0; index < verbs.length; index += 1) {
      var verb = verbs[index];
      switch (verb.nodeName) {
        case "Say":
          say(verb);
          break;
        case "Gather":
          Array.prototype.forEach.call(verb.getElementsByTagName("Say"), say);
          listen(verb);
          return;
        case "Redirect":
          step(verb.textContent.trim(), callParams("in-progress"));
          return;
        case "Enqueue":
          setState(data.textWaiting);
          callLog.appendChild(note(data.textWaiting + " (" + verb.textContent.trim() + ")",
                                   "sim-note"));
          return;
        case "Hangup":
          endCall();
          return;
        default:
          callLog.appendChild(note("<" + verb.nodeName + ">", "sim-note"));
      }
    }
    endCall(); // the carrier hangs up when the answer runs out of verbs
  }

  function say(verb) {
    callLog.appendChild(note(verb.textContent, "sim-say", SPOKEN[verb.getAttribute("language")]));
    callLog.scrollTop = callLog.scrollHeight;
  }

  function listen(gather) {
    call.gather = {
      action: gather.getAttribute("action") || data.voiceUrl,
      numDigits: Number(gather.getAttribute("numDigits") || 0),
      finishOnKey: gather.hasAttribute("finishOnKey") ? gather.getAttribute("finishOnKey") : "#",
      digits: ""
    };
    typed.textContent = "";
    setKeypad(true);
    setState(data.textListening);
  }

  function press(key) {
    var gather = call && call.gather;
    if (!gather) {
      return;
    }
    if (gather.finishOnKey && key === gather.finishOnKey) {
      sendDigits(gather.digits);
      return;
    }
    gather.digits += key;
    typed.textContent = gather.digits;
    if (gather.numDigits && gather.digits.length >= gather.numDigits) {
      sendDigits(gather.digits);
    }
  }

  function sendDigits(digits) {
    var action = call.gather.action;
    call.gather = null;
    setKeypad(false);
    callLog.appendChild(note(digits ? data.textPressed + " " + digits : data.textNothingPressed,
                             "sim-pressed"));
    step(action, callParams("in-progress", { Digits: digits }));
  }

  /* The call is over: the carrier reports it to the status webhook. */
  function endCall() {
    if (!call) {
      return;
    }
    var ended = call;
    ended.gather = null;
    postSigned(data.statusUrl, callParams("completed", {
      CallDuration: String(Math.round((Date.now() - ended.startedAt) / 1000))
    })).catch(function () { /* a lost report changes nothing on the phone */ });
    call = null;
    setKeypad(false);
    typed.textContent = "";
    callButton.disabled = false;
    hangupButton.disabled = true;
    setState(data.textEnded);
  }

  function setKeypad(enabled) {
    keys.forEach(function (button) { button.disabled = !enabled; });
    timeoutButton.disabled = !enabled;
  }

  function setState(text) {
    callState.textContent = text;
  }
})();
