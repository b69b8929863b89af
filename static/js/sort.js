// Sortable tables: click a column header button to sort; the order is announced
// through aria-sort. Without JavaScript the table stays in its published order.
//
// A click first asks the table ("aze:sort", cancelable, detail {index, kind, ascending}):
// the site index's filters (filters.js) cancel it when they write the rows themselves, to
// sort every matching site and not only the rows written so far. When the rows change
// under it ("aze:rows": the server's rows put back), the table is sorted again by the
// column that has aria-sort, unless its rows already are. The order is order.js's.
(function () {
  "use strict";
  var shared = window.azeOrder;  // order.js, loaded before
  if (!shared) return;  // the tables keep their published order
  var compare = shared.compare;
  function value(cell, kind) {
    var v = cell.getAttribute("data-value") || cell.textContent.trim();
    return kind === "status" ? shared.status(v) : v;
  }
  function current(headers) {
    for (var i = 0; i < headers.length; i++) {
      var how = headers[i].getAttribute("aria-sort");
      if (how) return i + " " + how;
    }
    return "";
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var headers = table.querySelectorAll("thead th");
    table.tBodies[0].sortedAs = current(headers);  // the published order

    function sortRows(index, kind, ascending) {
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var keys = rows.map(function (row) { return value(row.cells[index], kind); });
      var order = rows.map(function (row, i) { return i; });
      order.sort(function (a, b) {
        var same = compare(keys[a], keys[b]);
        var c = same || a - b;
        return ascending || !same ? c : -c;
      });
      var fragment = document.createDocumentFragment();
      order.forEach(function (i) { fragment.appendChild(rows[i]); });
      body.appendChild(fragment);
      body.sortedAs = index + " " + (ascending ? "ascending" : "descending");
    }

    headers.forEach(function (th, index) {
      var button = th.querySelector("button");
      if (!button) return;
      button.addEventListener("click", function () {
        var kind = button.getAttribute("data-sort");
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var asked = window.CustomEvent ? new CustomEvent("aze:sort", {
          cancelable: true, detail: { index: index, kind: kind, ascending: ascending }
        }) : null;
        if (asked && !table.dispatchEvent(asked)) return;  // sorted by whoever wrote the rows
        sortRows(index, kind, ascending);
      });
    });

    table.addEventListener("aze:rows", function () {
      var how = current(headers);
      if (!how || table.tBodies[0].sortedAs === how) return;
      var index = parseInt(how, 10);
      var button = headers[index].querySelector("button");
      sortRows(index, button && button.getAttribute("data-sort"), / ascending$/.test(how));
    });
  });
})();
