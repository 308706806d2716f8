/* The work queue: it refreshes itself on each live notice to the agent (the `desk:notice`
   event desk.js dispatches on document.body) and every minute, at the address it shows
   (filters, order and page kept), but not while the agent is choosing rows for a bulk
   action or is working in the table; and "select all on this page". No build step. */
(function () {
  "use strict";

  var REFRESH_MS = 60000;

  function busy() {
    var table = document.getElementById("queue-table");
    var bulk = document.getElementById("queue-bulk");
    var active = document.activeElement;
    if (table && table.querySelector("input[type=checkbox]:checked")) {
      return true;
    }
    return Boolean(active && active !== document.body
                   && ((table && table.contains(active)) || (bulk && bulk.contains(active))));
  }

  function refresh() {
    var trigger = document.getElementById("queue-refresh");
    if (!trigger || document.hidden || busy() || !window.htmx) {
      return;
    }
    window.htmx.trigger(trigger, "queue:refresh");
  }

  document.body.addEventListener("desk:notice", refresh);
  window.setInterval(refresh, REFRESH_MS);
  // Back to a tab left in the background: what changed meanwhile, at once.
  document.addEventListener("visibilitychange", refresh);

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.id !== "queue-select-all") {
      return;
    }
    document.querySelectorAll('#queue-table input[name="ticket"]').forEach(function (item) {
      item.checked = box.checked;
    });
  });

  // Back to the queue as it is shown now (the filters change the address without a load).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.id === "queue-bulk" && form.elements.next) {
      form.elements.next.value = window.location.pathname + window.location.search;
    }
  });
})();
