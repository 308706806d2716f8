/* The complaint page's actions that cannot simply be undone (close, cancel, merge) need
   their "I confirm" box ticked, checked by the server. As a nicety, pressing the button with
   the box left empty asks in a dialog instead of coming back with the error. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("form[data-confirm] button[type=submit]");
    if (!button) {
      return;
    }
    var form = button.form;
    var box = form.querySelector("input[type=checkbox][name=confirm]");
    if (!box || box.checked) {
      return;
    }
    if (window.confirm(form.dataset.confirm)) {
      box.checked = true;
    } else {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);
}());
