/* The desk's keyboard shortcuts, for signed-in agents (templates/desk/partials/_shortcuts.html
   holds their help and the addresses they lead to):
     n or j  the next complaint assigned to me, the most urgent (/desk/next/)
     r, i    the reply or note box of the complaint on screen
     /       the page's search box, else the customer search
     g q     back to my complaints
     ?       this help (a modal dialog; Escape closes it)
   Nothing fires while the agent types in a field or holds Ctrl, Alt or Meta. */
(function () {
  "use strict";

  var help = document.getElementById("shortcuts-help");
  if (!help) {
    return;
  }
  var pendingG = false;
  var pendingTimer = null;

  function typing(target) {
    if (!target || !target.closest) {
      return false;
    }
    return Boolean(target.isContentEditable ||
      target.closest("input, textarea, select, [contenteditable=''], [contenteditable=true]"));
  }

  function currentReference() {
    var live = document.getElementById("live");
    var reference = document.querySelector(".ticket-header .ref");
    return live && reference ? reference.textContent.trim() : "";
  }

  function focusBox(id) {
    var box = document.getElementById(id);
    if (!box) {
      return false;
    }
    var details = box.closest("details");
    if (details) {
      details.open = true;
    }
    box.scrollIntoView({block: "center"});
    box.focus();
    return true;
  }

  function search() {
    var box = document.querySelector("main input[type=search], main input[name=q]");
    if (box) {
      box.focus();
      box.select();
      return;
    }
    window.location.assign(help.dataset.searchUrl + "#search");
  }

  function next() {
    var url = help.dataset.nextUrl;
    var reference = currentReference();
    window.location.assign(reference ? url + "?after=" + encodeURIComponent(reference) : url);
  }

  function openHelp() {
    if (help.open) {
      return;
    }
    if (typeof help.showModal === "function") {
      help.showModal();
    } else {
      help.setAttribute("open", "");
    }
    var close = help.querySelector("[data-close]");
    if (close) {
      close.focus();
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey ||
        typing(event.target) || help.open) {
      return;
    }
    var key = event.key;
    if (pendingG) {
      pendingG = false;
      window.clearTimeout(pendingTimer);
      if (key === "q") {
        event.preventDefault();
        window.location.assign(help.dataset.queueUrl);
      }
      return;
    }
    switch (key) {
    case "?":
      event.preventDefault();
      openHelp();
      break;
    case "n":
    case "j":
      event.preventDefault();
      next();
      break;
    case "r":
      if (focusBox("id_reply_text")) {
        event.preventDefault();
      }
      break;
    case "i":
      if (focusBox("id_note_text")) {
        event.preventDefault();
      }
      break;
    case "/":
      event.preventDefault();
      search();
      break;
    case "g":
      pendingG = true;
      pendingTimer = window.setTimeout(function () { pendingG = false; }, 1500);
      break;
    default:
      break;
    }
  });

  // The customer search opened by "/" from a page without a search box: its box at once.
  if (window.location.hash === "#search") {
    var box = document.querySelector("main input[name=q]");
    if (box) {
      box.focus();
    }
  }
}());
