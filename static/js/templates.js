/* Reply and decision templates on the complaint page. The server fills each template's
   placeholders from the complaint (knowledge/templating.py) and embeds the texts as JSON
   (json_script) named by the form's data-templates attribute:
   - the resolution form: choosing an outcome puts its template in the explanation when the
     box is empty or still holds an untouched template (an agent's own words stay);
   - the reply composer: a template picked and inserted goes where the cursor is.
   The first placeholder left (such as {amount}) is then selected, to be typed over; the
   server refuses a text still holding one. Loaded by each form that has templates: the
   listeners are set once, on the document, so htmx fragments need nothing more. */
(function () {
  "use strict";

  if (window.deskTemplates) {
    return;
  }
  var PLACEHOLDER = /\{[A-Za-z_][A-Za-z0-9_]*\}/;

  function textsOf(form) {
    var source = form && document.getElementById(form.dataset.templates);
    if (!source) {
      return null;
    }
    try {
      return JSON.parse(source.textContent);
    } catch (error) {
      return null;
    }
  }

  function values(texts) {
    return Object.keys(texts).map(function (key) { return texts[key]; });
  }

  /* Select the first placeholder left, so that typing replaces it. */
  function selectPlaceholder(box) {
    var match = PLACEHOLDER.exec(box.value);
    box.focus();
    if (match) {
      box.setSelectionRange(match.index, match.index + match[0].length);
    }
  }

  function put(box, text) {
    box.value = text;
    box.dispatchEvent(new Event("input", {bubbles: true}));  // the SMS meter follows
  }

  function onOutcome(select) {
    var form = select.form;
    var texts = textsOf(form);
    var box = form && form.querySelector("textarea[name=explanation]");
    if (!texts || !box) {
      return;
    }
    var current = box.value.trim();
    var untouched = !current || values(texts).some(function (text) {
      return text.trim() === current;
    });
    if (!untouched) {
      return;
    }
    put(box, texts[select.value] || "");
    if (box.value) {
      selectPlaceholder(box);
    }
  }

  function onInsert(button) {
    var form = button.form;
    var texts = textsOf(form);
    var choice = form && form.querySelector("[data-role=template-choice]");
    var box = form && form.querySelector("textarea");
    if (!texts || !choice || !box || !texts[choice.value]) {
      return;
    }
    var text = texts[choice.value];
    var start = box.selectionStart || 0;
    var end = box.selectionEnd || 0;
    if (!box.value.trim()) {
      put(box, text);
    } else {
      put(box, box.value.slice(0, start) + text + box.value.slice(end));
    }
    selectPlaceholder(box);
  }

  function reveal(root) {
    root.querySelectorAll("form[data-templates] [data-template-picker]").forEach(
      function (element) { element.hidden = false; });
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("form[data-templates] select[name=outcome]")) {
      onOutcome(target);
    }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-role=template-insert]");
    if (button) {
      event.preventDefault();
      onInsert(button);
    }
  });
  document.addEventListener("htmx:afterSettle", function () { reveal(document); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { reveal(document); });
  } else {
    reveal(document);
  }
  window.deskTemplates = {selectPlaceholder: selectPlaceholder};
}());
