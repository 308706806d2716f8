/* The reply box of the complaint page: the length of the SMS as it will go (the fund's
   reply message around the agent's text), in characters and segments, and the language it
   goes in, told by the script the agent writes in (tickets.notification_texts decides the
   same on the server). The segment count mirrors contactcenter/sms_segments.py; the same
   cases test both (tests/desk/fixtures/sms_segment_cases.json). No build step. */
(function () {
  "use strict";

  var GSM7_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  var GSM7_EXTENSION = "\f^{}\\[~]|€";

  function isGsm(ch) {
    return GSM7_BASIC.indexOf(ch) !== -1 || GSM7_EXTENSION.indexOf(ch) !== -1;
  }

  /* {encoding, units, segments, perSegment}, as sms_segments.count_segments. */
  function countSegments(text) {
    var chars = Array.from(text);
    var gsm = chars.every(isGsm);
    var costs = chars.map(function (ch) {
      if (gsm) {
        return GSM7_EXTENSION.indexOf(ch) !== -1 ? 2 : 1;
      }
      return ch.codePointAt(0) > 0xFFFF ? 2 : 1;
    });
    var single = gsm ? 160 : 70;
    var perSegment = gsm ? 153 : 67;
    var units = costs.reduce(function (sum, cost) { return sum + cost; }, 0);
    var encoding = gsm ? "GSM-7" : "UCS-2";
    if (units <= single) {
      return {encoding: encoding, units: units, segments: units ? 1 : 0, perSegment: single};
    }
    var segments = 1;
    var used = 0;
    costs.forEach(function (cost) {
      if (used + cost > perSegment) {
        segments += 1;
        used = 0;
      }
      used += cost;
    });
    return {encoding: encoding, units: units, segments: segments, perSegment: perSegment};
  }

  function isArabicLetter(ch) {
    var code = ch.codePointAt(0);
    return /\p{L}/u.test(ch) && ((code >= 0x600 && code <= 0x6FF) ||
      (code >= 0x750 && code <= 0x77F) || (code >= 0x8A0 && code <= 0x8FF) ||
      (code >= 0xFB50 && code <= 0xFDFF) || (code >= 0xFE70 && code <= 0xFEFF));
  }

  /* "ar", "fr" or null, as notification_texts.written_language. */
  function writtenLanguage(text) {
    var arabic = 0;
    var latin = 0;
    Array.from(text).forEach(function (ch) {
      var code = ch.codePointAt(0);
      if (isArabicLetter(ch)) {
        arabic += 1;
      } else if (/\p{L}/u.test(ch) && (code < 0x80 || (code >= 0xC0 && code <= 0x24F))) {
        latin += 1;
      }
    });
    if (!arabic && !latin) {
      return null;
    }
    return arabic > latin ? "ar" : "fr";
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? values[name] : whole;
    });
  }

  function setUp(meter) {
    var form = meter.closest("form");
    var box = form && form.querySelector("textarea");
    if (!box || meter.dataset.ready) {
      return;
    }
    meter.dataset.ready = "1";
    var preferred = meter.dataset.preferred;
    var language = meter.querySelector("[data-role=language]");
    var mismatch = meter.querySelector("[data-role=mismatch]");
    var count = meter.querySelector("[data-role=count]");
    meter.id = box.id + "-meter";
    box.setAttribute("aria-describedby", [box.getAttribute("aria-describedby"), meter.id]
      .filter(Boolean).join(" "));

    function update() {
      var text = box.value.replace(/\s+/g, " ").trim();
      var written = writtenLanguage(text) || preferred;
      var goesIn = meter.dataset["before" + written.charAt(0).toUpperCase() + written.slice(1)]
        !== undefined ? written : preferred;
      var key = goesIn.charAt(0).toUpperCase() + goesIn.slice(1);
      language.textContent = meter.dataset["in" + key] || "";
      var warn = goesIn !== preferred;
      mismatch.hidden = !warn;
      mismatch.textContent = warn ? meter.dataset["mismatch" + key] : "";
      var whole = (meter.dataset["before" + key] || "") + text + (meter.dataset["after" + key] || "");
      whole = whole.replace(/\s+/g, " ").trim();
      var result = countSegments(whole);
      var budget = parseInt(meter.dataset["budget" + key] || "0", 10);
      var line = fill(meter.dataset.count, {
        units: result.units, segments: result.segments, budget: budget,
        alphabet: result.encoding === "GSM-7" ? meter.dataset.gsm : meter.dataset.ucs
      });
      if (budget && result.segments > budget) {
        line += " " + meter.dataset.tooLong;
        count.classList.add("reply-meter-over");
      } else {
        count.classList.remove("reply-meter-over");
      }
      count.textContent = line;
    }

    box.addEventListener("input", update);
    update();
  }

  window.smsSegments = {count: countSegments, writtenLanguage: writtenLanguage};

  function init(root) {
    root.querySelectorAll("[data-reply-meter]").forEach(setUp);
  }

  init(document);
  // The reply box comes back as an htmx fragment after a refusal.
  document.addEventListener("htmx:afterSettle", function () {
    init(document);
  });
}());
