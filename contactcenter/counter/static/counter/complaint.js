/* The counter's complaint form, keyboard first (counter/complaint_form.html).
   The person: results come as the agent types; ↓ ↑ choose, Enter picks (the first result
   is chosen already: a CIN typed, Enter), Esc changes the person. The category: a
   type-ahead over its French and Arabic names, accents and case aside, offering only the
   categories that fit the person picked. Ctrl+Enter records the complaint from anywhere.
   Without this script the form still works: Search and Pick post it back. */
(function () {
  "use strict";
  var form = document.getElementById("counter-complaint");
  if (!form) { return; }
  var q = form.querySelector("[name=q]");
  var people = document.getElementById("people");
  var customer = form.querySelector("[name=customer]");
  var searchBox = form.querySelector(".person-search");
  var picked = document.getElementById("person-picked");
  var slot = picked.querySelector(".person-picked-slot");
  var change = picked.querySelector("[data-change-person]");
  var newFields = document.getElementById("person-new-fields");
  var newIdentifier = form.querySelector("[name=new_identifier]");
  var newName = form.querySelector("[name=new_name]");
  var select = form.querySelector("select[name=category]");
  var description = form.querySelector("[name=description]");
  var submitButton = form.querySelector(".counter-submit");
  var SEARCH_DELAY = 200;
  var timer = null;
  var asked = 0;
  var answered = 0;
  var pickWhenLoaded = false;
  var audiences = null; // the audiences fitting the person picked; null: any

  /* As contactcenter.customers.text.fold: lower case, no accents, no harakat. */
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f\u064b-\u065f\u0670]/g, "")
      .replace(/[\u0623\u0625\u0622\u0671]/g, "\u0627").replace(/\u0649/g, "\u064a")
      .replace(/\u0629/g, "\u0647").replace(/\u0640/g, "")
      .toLowerCase().replace(/\s+/g, " ").trim();
  }

  // --- A list of options driven from a text input (the ARIA combobox pattern) ---------------
  function optionsOf(list) {
    return Array.prototype.filter.call(list.querySelectorAll("[role=option]"),
      function (option) { return !option.hidden; });
  }
  function activeOf(list) {
    return list.querySelector("[role=option][aria-selected=true]");
  }
  function setActive(input, list, option) {
    var current = activeOf(list);
    if (current) { current.setAttribute("aria-selected", "false"); }
    if (option) {
      option.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", option.id);
      if (option.scrollIntoView) { option.scrollIntoView({block: "nearest"}); }
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }
  function move(input, list, step) {
    var all = optionsOf(list);
    if (!all.length) { return; }
    var index = all.indexOf(activeOf(list));
    index = index < 0 ? (step > 0 ? 0 : all.length - 1) : (index + step + all.length) % all.length;
    setActive(input, list, all[index]);
  }

  // --- The person -------------------------------------------------------------------------------
  function showPeople(html) {
    people.innerHTML = html; // the server's template: escaped text, no script
    var all = optionsOf(people);
    q.setAttribute("aria-expanded", all.length ? "true" : "false");
    setActive(q, people, all[0] || null);
    if (pickWhenLoaded && all.length === 1) { pick(all[0]); }
    pickWhenLoaded = false;
  }

  function searchNow() {
    clearTimeout(timer);
    timer = null;
    var text = q.value.trim();
    var number = ++asked;
    if (text.length < 2) { answered = number; showPeople(""); return; }
    fetch(form.dataset.peopleUrl + "?q=" + encodeURIComponent(text),
          {credentials: "same-origin", headers: {"X-Requested-With": "fetch"}})
      .then(function (response) {
        if (!response.ok) { throw new Error("search " + response.status); }
        return response.text();
      })
      .then(function (html) {
        if (number !== asked) { return; } // a later search is on its way
        answered = number;
        showPeople(html);
      })
      .catch(function () { answered = number; pickWhenLoaded = false; });
  }

  function pick(option) {
    var pk = option.dataset.pk;
    customer.value = pk;
    audiences = (option.dataset.audiences || "").split(" ").filter(Boolean);
    if (!audiences.length) { audiences = null; } // not known yet: every category
    var summary = option.querySelector(".person-summary");
    slot.textContent = "";
    if (summary) { slot.appendChild(summary.cloneNode(true)); }
    people.textContent = "";
    q.setAttribute("aria-expanded", "false");
    q.removeAttribute("aria-activedescendant");
    searchBox.hidden = true;
    picked.hidden = false;
    change.hidden = false;
    filterCategories();
    if (pk === "new") {
      newFields.hidden = false;
      if (!newIdentifier.value) { newIdentifier.value = option.dataset.identifier || ""; }
      if (!newName.value) { newName.value = option.dataset.name || ""; }
      (newIdentifier.value ? newName : newIdentifier).focus();
    } else {
      newFields.hidden = true;
      categoryInput.focus();
    }
  }

  function unpick() {
    customer.value = "";
    audiences = null;
    picked.hidden = true;
    newFields.hidden = true;
    searchBox.hidden = false;
    filterCategories();
    q.focus();
    q.select();
    if (q.value.trim()) { searchNow(); }
  }

  q.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(searchNow, SEARCH_DELAY);
  });
  q.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      move(q, people, event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      var active = activeOf(people);
      if (active && timer === null && answered === asked) {
        pick(active);
      } else {
        pickWhenLoaded = true;
        searchNow();
      }
    } else if (event.key === "Escape") {
      q.value = "";
      showPeople("");
    }
  });
  people.addEventListener("mousedown", function (event) { event.preventDefault(); });
  people.addEventListener("click", function (event) {
    var option = event.target.closest("[role=option]");
    if (option) {
      event.preventDefault();
      pick(option);
    }
  });
  change.addEventListener("click", unpick);
  [newIdentifier, newName].forEach(function (input) {
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        unpick();
      } else if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) {
        event.preventDefault(); // Enter goes on to the next field, it does not submit
        (input === newIdentifier ? newName : categoryInput).focus();
      }
    });
  });

  // --- The category: a type-ahead in place of the select -----------------------------------
  var categoryInput = document.createElement("input");
  categoryInput.type = "text";
  categoryInput.id = "category-search";
  categoryInput.className = "category-search";
  categoryInput.autocomplete = "off";
  categoryInput.spellcheck = false;
  categoryInput.dir = "auto";
  categoryInput.setAttribute("role", "combobox");
  categoryInput.setAttribute("aria-autocomplete", "list");
  categoryInput.setAttribute("aria-controls", "category-options");
  categoryInput.setAttribute("aria-expanded", "false");
  if (select.getAttribute("aria-invalid")) { categoryInput.setAttribute("aria-invalid", "true"); }
  var categoryList = document.createElement("ul");
  categoryList.id = "category-options";
  categoryList.className = "category-options";
  categoryList.setAttribute("role", "listbox");
  categoryList.hidden = true;
  var items = [];
  Array.prototype.forEach.call(select.options, function (option) {
    if (!option.value) { return; }
    var item = document.createElement("li");
    item.id = "category-" + option.value;
    item.setAttribute("role", "option");
    item.setAttribute("aria-selected", "false");
    item.dataset.value = option.value;
    item.dataset.audience = option.dataset.audience;
    item.dataset.search = option.dataset.search || fold(option.text);
    var label = document.createElement("span");
    label.className = "category-label";
    label.textContent = option.text;
    item.appendChild(label);
    if (option.dataset.other) {
      var other = document.createElement("span");
      other.className = "category-other";
      other.dir = "auto";
      other.textContent = option.dataset.other;
      item.appendChild(other);
    }
    if (option.parentNode.label) {
      var group = document.createElement("span");
      group.className = "category-audience";
      group.textContent = option.parentNode.label;
      item.appendChild(group);
    }
    items.push(item);
    categoryList.appendChild(item);
  });
  select.hidden = true;
  select.tabIndex = -1;
  var selectLabel = form.querySelector("label[for='" + select.id + "']");
  if (selectLabel) { selectLabel.htmlFor = categoryInput.id; }
  var categoryHint = form.querySelector(".category-hint");
  if (categoryHint) {
    categoryInput.placeholder = categoryHint.dataset.placeholder || "";
    categoryHint.hidden = false;
    categoryHint.id = "category-hint";
    categoryInput.setAttribute("aria-describedby", "category-hint");
  }
  select.parentNode.insertBefore(categoryInput, select);
  select.parentNode.insertBefore(categoryList, categoryHint || select.nextSibling);

  function chosenLabel() {
    var option = select.options[select.selectedIndex];
    return option && option.value ? option.text : "";
  }
  function fits(item) {
    return audiences === null || audiences.indexOf(item.dataset.audience) >= 0;
  }
  function filterCategories() {
    if (select.value) {
      var chosen = items.filter(function (item) { return item.dataset.value === select.value; })[0];
      if (chosen && !fits(chosen)) { select.value = ""; categoryInput.value = ""; }
    }
    var words = fold(categoryInput.value === chosenLabel() ? "" : categoryInput.value)
      .split(" ").filter(Boolean);
    items.forEach(function (item) {
      item.hidden = !(fits(item) && words.every(function (word) {
        return item.dataset.search.indexOf(word) >= 0;
      }));
    });
    var visible = optionsOf(categoryList);
    var current = activeOf(categoryList);
    setActive(categoryInput, categoryList,
              current && !current.hidden ? current : (visible[0] || null));
  }
  function openCategories() {
    filterCategories();
    categoryList.hidden = false;
    categoryInput.setAttribute("aria-expanded", "true");
  }
  function closeCategories() {
    categoryList.hidden = true;
    categoryInput.setAttribute("aria-expanded", "false");
  }
  function choose(item) {
    select.value = item.dataset.value;
    categoryInput.value = chosenLabel();
    categoryInput.removeAttribute("aria-invalid");
    closeCategories();
    description.focus();
  }

  categoryInput.value = chosenLabel();
  categoryInput.addEventListener("focus", openCategories);
  categoryInput.addEventListener("blur", closeCategories);
  categoryInput.addEventListener("input", function () {
    if (categoryInput.value !== chosenLabel()) { select.value = ""; }
    setActive(categoryInput, categoryList, null);
    openCategories();
  });
  categoryInput.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (categoryList.hidden) { openCategories(); }
      move(categoryInput, categoryList, event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      var active = activeOf(categoryList);
      if (!categoryList.hidden && active) {
        choose(active);
      } else if (select.value) {
        description.focus();
      }
    } else if (event.key === "Escape") {
      event.preventDefault();
      if (!categoryList.hidden) { closeCategories(); } else { unpick(); }
    }
  });
  categoryList.addEventListener("mousedown", function (event) { event.preventDefault(); });
  categoryList.addEventListener("click", function (event) {
    var item = event.target.closest("[role=option]");
    if (item) { choose(item); }
  });

  // --- Ctrl+Enter records; one submission at a time --------------------------------------------
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (form.requestSubmit) { form.requestSubmit(submitButton); } else { form.submit(); }
    }
  });
  form.addEventListener("submit", function (event) {
    if (event.submitter && event.submitter !== submitButton) { return; }
    if (form.dataset.sending) { event.preventDefault(); return; }
    form.dataset.sending = "1";
    submitButton.setAttribute("aria-disabled", "true");
  });

  // --- Where the cursor starts -------------------------------------------------------------------
  if (customer.value) {
    audiences = (slot.dataset.audiences || "").split(" ").filter(Boolean);
    if (!audiences.length) { audiences = null; }
    change.hidden = false;
    filterCategories();
    categoryInput.value = chosenLabel();
  }
  var firstError = form.querySelector(".errorlist");
  var target = null;
  if (firstError) {
    var holder = firstError.closest(".field") || firstError.closest("fieldset");
    target = holder.querySelector("input:not([type=hidden]):not([hidden]), textarea, select");
    if (target === select) { target = categoryInput; }
    if (!target || target.closest("[hidden]")) { target = searchBox.hidden ? categoryInput : q; }
  } else if (customer.value) {
    target = customer.value === "new" ? newIdentifier : categoryInput;
  }
  if (target) { target.focus(); }
}());
