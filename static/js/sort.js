// Sortable tables: click a column header button to sort; the order is announced
// through aria-sort. Without JavaScript the table stays in its published order.
(function () {
  "use strict";
  var ORDER = { EX: 0, EW: 1, CR: 2, EN: 3, VU: 4, NT: 5, LC: 6, DD: 7, NE: 8 };
  function value(cell, kind) {
    var v = cell.getAttribute("data-value") || cell.textContent.trim();
    return kind === "status" ? (ORDER[v] !== undefined ? ORDER[v] : 99) : v.toLocaleLowerCase();
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var headers = table.querySelectorAll("thead th");
    headers.forEach(function (th, index) {
      var button = th.querySelector("button");
      if (!button) return;
      button.addEventListener("click", function () {
        var kind = button.getAttribute("data-sort");
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = value(a.cells[index], kind), y = value(b.cells[index], kind);
          var c = x < y ? -1 : x > y ? 1 : 0;
          return ascending ? c : -c;
        });
        rows.forEach(function (row) { body.appendChild(row); });
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      });
    });
  });
})();
