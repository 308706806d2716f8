/* The kiosk: the ticket screen prints itself on demand and, like the other screens, goes back
   to the reasons after a while without a touch, so the next visitor finds the kiosk ready.
   A reason is taken once: the buttons are disabled while the number is fetched. */
(function () {
  "use strict";

  var main = document.querySelector("[data-return-to]");
  if (main) {
    var seconds = parseInt(main.dataset.returnAfter || "45", 10);
    var timer = null;
    var arm = function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        window.location.assign(main.dataset.returnTo);
      }, seconds * 1000);
    };
    ["pointerdown", "keydown", "input"].forEach(function (name) {
      document.addEventListener(name, arm, true);
    });
    arm();
  }

  var print = document.querySelector("[data-print]");
  if (print) {
    print.addEventListener("click", function () {
      window.print();
    });
  }

  var form = document.querySelector("[data-kiosk-form]");
  if (form) {
    form.addEventListener("submit", function () {
      window.setTimeout(function () {
        form.querySelectorAll("button").forEach(function (button) {
          button.disabled = true;
        });
      }, 0);
    });
  }
}());
