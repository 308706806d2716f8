/* The web chat on the fund's own site: a button that opens /chat/ in a frame.

   Paste, before </body> of the fund's pages (the host is this contact centre's):
     <script src="https://CONTACT-CENTRE-HOST/static/chat/widget.js" defer></script>
   Optional attributes on that tag: data-lang="ar" (else the page's <html lang>), and
   data-label="..." for the button's text. The contact centre must list the fund's site in
   CHAT_EMBEDDING_ORIGINS, or browsers refuse to show the frame.

   No inline script or style is added to the host page: the elements are styled through
   their style properties, which a strict Content-Security-Policy allows. */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || document.getElementById("cnss-chat-widget")) { return; }
  var origin = new URL(script.src, location.href).origin;
  var pageLanguage = (document.documentElement.lang || "fr").slice(0, 2);
  var language = script.dataset.lang || (pageLanguage === "ar" ? "ar" : "fr");
  var rtl = language === "ar";
  var labels = { fr: "Discuter avec un conseiller", ar: "تحدث مع مستشار" };
  var closeLabels = { fr: "Fermer la discussion", ar: "إغلاق المحادثة" };

  function styled(element, styles) {
    Object.keys(styles).forEach(function (name) { element.style[name] = styles[name]; });
    return element;
  }

  var side = rtl ? "left" : "right";
  var button = styled(document.createElement("button"), {
    position: "fixed", bottom: "1rem", zIndex: "2147483000", padding: ".75rem 1.25rem",
    borderRadius: "999px", border: "0", background: "#0b5c8c", color: "#fff",
    font: "600 1rem system-ui, sans-serif", cursor: "pointer",
    boxShadow: "0 2px 8px rgba(0,0,0,.25)",
  });
  button.style[side] = "1rem";
  button.id = "cnss-chat-widget";
  button.type = "button";
  button.lang = language;
  button.dir = rtl ? "rtl" : "ltr";
  button.textContent = script.dataset.label || labels[language];
  button.setAttribute("aria-expanded", "false");

  var panel = styled(document.createElement("div"), {
    position: "fixed", bottom: "4.5rem", zIndex: "2147483000", display: "none",
    width: "min(24rem, calc(100vw - 2rem))", height: "min(38rem, calc(100vh - 6rem))",
    background: "#fff", borderRadius: "8px", overflow: "hidden",
    boxShadow: "0 4px 20px rgba(0,0,0,.3)",
  });
  panel.style[side] = "1rem";
  var close = styled(document.createElement("button"), {
    position: "absolute", top: ".25rem", zIndex: "1", border: "0", background: "transparent",
    font: "1.5rem system-ui, sans-serif", cursor: "pointer", color: "#08476d",
  });
  close.style[rtl ? "left" : "right"] = ".5rem";
  close.type = "button";
  close.textContent = "×";
  close.setAttribute("aria-label", closeLabels[language]);
  var frame = styled(document.createElement("iframe"), {
    width: "100%", height: "100%", border: "0",
  });
  frame.title = labels[language];

  function toggle(open) {
    if (open && !frame.src) {
      frame.src = origin + "/chat/?embed=1&lang=" + encodeURIComponent(language);
    }
    panel.style.display = open ? "block" : "none";
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  button.addEventListener("click", function () {
    toggle(panel.style.display === "none");
  });
  close.addEventListener("click", function () { toggle(false); button.focus(); });
  panel.append(close, frame);
  document.body.append(panel, button);
}());
