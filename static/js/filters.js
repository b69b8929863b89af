// Filters of the site index: country, region, taxonomic group, Red List category and
// protection. They hide table rows (by the data-* attributes of each row), the static map's
// dots and the interactive map's markers together, and live in the address (?country=BRA),
// so a filtered view can be shared. Without JavaScript the form stays hidden and the whole
// table shows.
(function () {
  "use strict";
  var form = document.getElementById("site-filters");
  var table = document.getElementById("site-table");
  if (!form || !table || !window.URLSearchParams) return;
  var FIELDS = ["country", "region", "group", "status", "protection"];
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var count = document.getElementById("filter-count");
  var empty = document.getElementById("filter-empty");
  var dots = {};
  document.querySelectorAll(".map-static circle[data-slug]").forEach(function (dot) {
    dots[dot.getAttribute("data-slug")] = dot;
  });
  var format = function (n) { return n.toLocaleString("en"); };

  function state() {
    var found = {};
    FIELDS.forEach(function (name) {
      var value = form.elements[name] && form.elements[name].value;
      if (value) found[name] = value;
    });
    return found;
  }

  function matches(row, wanted) {
    for (var name in wanted) {
      var values = (row.getAttribute("data-" + name) || "").split(" ");
      if (values.indexOf(wanted[name]) < 0) return false;
    }
    return true;
  }

  function apply(remember) {
    var wanted = state();
    var active = Object.keys(wanted).length > 0;
    var slugs = active ? new Set() : null;
    var shown = 0;
    rows.forEach(function (row) {
      var ok = !active || matches(row, wanted);
      var slug = row.getAttribute("data-slug");
      row.hidden = !ok;
      if (dots[slug]) dots[slug].style.display = ok ? "" : "none";
      if (ok) {
        shown += 1;
        if (slugs) slugs.add(slug);
      }
    });
    count.textContent = active ? "Showing " + format(shown) + " of " + format(rows.length) + " sites"
                               : format(rows.length) + " sites";
    empty.hidden = shown > 0;
    if (remember) {
      var params = new URLSearchParams(window.location.search);
      FIELDS.forEach(function (name) {
        if (wanted[name]) params.set(name, wanted[name]); else params.delete(name);
      });
      var query = params.toString();
      history.replaceState(history.state, "",
                           window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }
    window.azeFilter = slugs;
    document.dispatchEvent(new CustomEvent("aze:filter", { detail: { slugs: slugs } }));
  }

  var params = new URLSearchParams(window.location.search);
  FIELDS.forEach(function (name) {
    var value = params.get(name);
    var select = form.elements[name];
    if (value && select && Array.prototype.some.call(select.options, function (o) {
      return o.value === value;
    })) select.value = value;
  });
  form.hidden = false;
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply(false);
})();
