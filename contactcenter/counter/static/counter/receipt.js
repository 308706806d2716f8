/* The counter receipt's print buttons (counter/receipt_sheet.html): each swaps in its
   paper's stylesheet (A5 or A4: the @page size), waits for it, then opens the print
   dialog. */
(function () {
  "use strict";
  var sheet = document.getElementById("receipt-paper");
  if (!sheet) { return; }

  function printOn(paper) {
    var href = sheet.dataset[paper];
    if (!href || sheet.getAttribute("href") === href) {
      window.print();
      return;
    }
    sheet.addEventListener("load", function printed() {
      sheet.removeEventListener("load", printed);
      window.print();
    });
    sheet.setAttribute("href", href);
  }

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { printOn(button.dataset.print); });
  });
}());
