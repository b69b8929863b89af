// Filters of the site index: country, region, taxonomic group, Red List category and
// protection. They update the table, the count, the static map's dots and the interactive
// map's markers (the "aze:filter" event) together, and live in the address (?country=BRA),
// so a filtered view can be shared. Without JavaScript the form stays hidden and the
// table (or, for a big catalogue, its pages) shows every site.
//
// Two ways, as the page was built:
// - the whole table (up to a thousand sites or so): rows are hidden and shown by the
//   data-* attributes the server wrote on each;
// - one page of a paged index (table[data-paged]): the filters run on the map data of
//   every site (the form's data-source, the file map.js reads too) and the matching rows
//   are written into a table body of their own, a batch at a time ("Show more"). Clearing
//   the filters puts the server's rows back as they were: they are kept, never rebuilt.
//
// What it writes is in the page's language: the page gives its messages and names
// (templates/base.html, #ui-text), numbers are written as the page's language writes them;
// English where the page gives none.
(function () {
  "use strict";
  var form = document.getElementById("site-filters");
  function off() {  // no filters here: give back the room the style sheet kept for them
    if (form) { form.hidden = true; form.classList.add("unavailable"); }
  }
  var table = document.getElementById("site-table");
  if (!form || !table || !window.URLSearchParams) return off();
  var paged = table.hasAttribute("data-paged");
  var source = form.getAttribute("data-source");
  if (paged && !(source && window.fetch && window.Set && window.CustomEvent)) return off();
  var FIELDS = ["country", "region", "group", "status", "protection"];
  var BATCH = parseInt(form.getAttribute("data-batch"), 10) || 500;  // rows per "Show more"
  var order = window.azeOrder;  // order.js, loaded before: the order sort.js sorts by too
  var SVGNS = "http://www.w3.org/2000/svg";
  var body = table.tBodies[0];  // the server's rows
  var rows = Array.prototype.slice.call(body.rows);
  // `serve --drafts` lists drafts, marked; the counts are of published sites only
  var isDraft = function (row) { return !!row.querySelector(".unpublished-mark"); };
  var published = rows.filter(function (row) { return !isDraft(row); }).length;
  var count = document.getElementById("filter-count");
  var countHTML = count.innerHTML;
  var total = parseInt(count.getAttribute("data-total"), 10) || rows.length;
  var empty = document.getElementById("filter-empty");
  var more = document.getElementById("filter-more");
  var moreButton = more && more.querySelector("button");
  var pager = document.getElementById("site-pager");
  var figure = document.getElementById("site-map");
  var svg = document.querySelector(".map-static");
  var pageDots = svg && svg.querySelector(".map-dots");  // the server's dots, kept
  var note = figure && figure.querySelector(".map-note");
  var base = form.getAttribute("data-base") || "/";
  var dots = {};
  if (!paged) {
    document.querySelectorAll(".map-static circle[data-slug]").forEach(function (dot) {
      dots[dot.getAttribute("data-slug")] = dot;
    });
  }
  var ui = {};
  try {
    ui = JSON.parse(document.getElementById("ui-text").textContent) || {};
  } catch (e) { /* no messages: English */ }
  var lang = document.documentElement.lang || "en";
  var plurals = null;
  try {
    (0).toLocaleString(lang);
    if (window.Intl && Intl.PluralRules) plurals = new Intl.PluralRules(lang);
  } catch (e) {
    lang = "en";
  }
  var format = function (n) { return n.toLocaleString(lang); };
  var RED_LIST = ui.red_list || {};
  var PROTECTION = ui.protection || {};
  var COUNTRIES = ui.countries || {};

  // A message in the page's language (`english` where it has none), its %(name)s filled
  // from `values`; with `n`, the form of the plural category of n in the language.
  function say(key, english, values, n) {
    var forms = ui.text;
    if (n !== undefined) {
      var category = plurals ? plurals.select(n) : n === 1 ? "one" : "other";
      forms = ui.plural && (ui.plural[category] || ui.plural.other);
    }
    var text = forms && typeof forms[key] === "string" ? forms[key] : english;
    return text.replace(/%\((\w+)\)s/g, function (all, name) {
      return values && name in values ? values[name] : all;
    });
  }

  function countryName(code) { return COUNTRIES[code] || data.countries[code] || code; }

  function protectionName(code) {
    return code ? PROTECTION[code] || data.protection[code] || code : say("unknown", "Unknown");
  }

  function state() {
    var found = {};
    FIELDS.forEach(function (name) {
      var value = form.elements[name] && form.elements[name].value;
      if (value) found[name] = value;
    });
    return found;
  }

  function remember(wanted) {
    var params = new URLSearchParams(window.location.search);
    FIELDS.forEach(function (name) {
      if (wanted[name]) params.set(name, wanted[name]); else params.delete(name);
    });
    var query = params.toString();
    history.replaceState(history.state, "",
                         window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  }

  function announce(slugs) {
    window.azeFilter = slugs;
    document.dispatchEvent(new CustomEvent("aze:filter", { detail: { slugs: slugs } }));
  }

  // -- the whole table: hide and show its rows ---------------------------------------------

  function matchesRow(row, wanted) {
    for (var name in wanted) {
      var values = (row.getAttribute("data-" + name) || "").split(" ");
      if (values.indexOf(wanted[name]) < 0) return false;
    }
    return true;
  }

  function applyRows(wanted, active) {
    var slugs = active ? new Set() : null;
    var shown = 0, matched = 0;
    rows.forEach(function (row) {
      var ok = !active || matchesRow(row, wanted);
      var slug = row.getAttribute("data-slug");
      row.hidden = !ok;
      if (dots[slug]) dots[slug].style.display = ok ? "" : "none";
      if (ok) {
        matched += 1;
        shown += isDraft(row) ? 0 : 1;
        if (slugs) slugs.add(slug);
      }
    });
    count.textContent = active
      ? say("showing", "Showing %(shown)s of %(total)s sites",
            { shown: format(shown), total: format(published) }, published)
      : say("sites", "%(n)s sites", { n: format(published) }, published);
    empty.hidden = matched > 0;
    announce(slugs);
  }

  // -- a paged index: filter the map data of every site --------------------------------------

  var data = null;
  var F = {};
  var matched = [];  // the records that pass the filters, in the table's order
  var listed = 0;  // how many of them have a row
  var own = null;  // the table body of matching rows
  var drawn = true;  // the static map shows what the filters do

  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function matchesRecord(r, wanted) {
    for (var name in wanted) {
      var v = wanted[name];
      var ok = name === "country" ? r[F.iso3].indexOf(v) >= 0
        : name === "region" ? r[F.iso3].some(function (c) { return data.regions[c] === v; })
        : name === "group" ? r[F.groups].indexOf(v) >= 0
        : name === "status" ? r[F.statuses].indexOf(v) >= 0
        : name === "protection" ? (r[F.protection] || "unknown") === v : false;
      if (!ok) return false;
    }
    return true;
  }

  function badge(code) {
    var name = esc(RED_LIST[code] || data.red_list[code] || code);
    return '<span class="badge badge-' + code.toLowerCase() + '" title="' + name +
      '" data-pagefind-ignore><abbr title="' + name + '">' + code + "</abbr>" +
      '<span class="visually-hidden"> (' + name + ")</span></span>";
  }

  // The markup of the server's rows (templates/_macros.html site_table), but the trigger
  // species, which the map data does not carry: their number, linking to the site's list.
  function rowHTML(r) {
    var url = esc(base + "sites/" + r[F.slug] + "/");
    var name = esc(r[F.name]);
    var n = r[F.species];
    var places = r[F.iso3].map(function (c) {
      return '<a href="' + esc(base + "countries/" + c.toLowerCase() + "/") + '">' +
        esc(countryName(c)) + "</a>";
    }).join(esc((ui.text && ui.text.comma) || ", "));  // as the server writes the list
    var unconfirmed = F.unconfirmed !== undefined && r[F.unconfirmed] === 1 ?
      ' <span class="unconfirmed-mark">' +
      esc((ui.text && ui.text.unconfirmed) || "AZE status not confirmed") + "</span>" : "";
    return '<tr data-slug="' + esc(r[F.slug]) + '"><th scope="row" data-value="' + name +
      '"><a href="' + url + '">' + name + "</a>" + unconfirmed + "</th><td>" + places + "</td>" +
      '<td><a href="' + url + '#species-title">' +
      esc(say("species", "%(n)s trigger species", { n: format(n) }, n)) + "</a></td>" +
      '<td data-value="' + (r[F.statuses][0] || "") + '">' + r[F.statuses].map(badge).join(" ") +
      "</td><td>" + esc(protectionName(r[F.protection])) + "</td></tr>";
  }

  // The order of the table's sorted column (sort.js), for the rows not written yet.
  function sortBy(index, kind, ascending) {
    if (index === 0 && ascending) {  // the server's order, the map data's too
      matched.sort(function (a, b) { return a.i - b.i; });
      return;
    }
    var key = [
      function (r) { return r[F.name]; },
      function (r) { return r[F.iso3].map(countryName).join(", "); },
      function (r) { return r[F.species]; },
      function (r) { return order.status(r[F.statuses][0]); },
      function (r) { return protectionName(r[F.protection]); }
    ][index] || function (r) { return r.i; };
    var keys = new Map();
    matched.forEach(function (m) { keys.set(m, key(m.r)); });
    matched.sort(function (a, b) {
      var same = order.compare(keys.get(a), keys.get(b));
      var c = same || a.i - b.i;
      return ascending || !same ? c : -c;
    });
  }

  function currentSort() {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    for (var i = 0; i < headers.length; i++) {
      var how = headers[i].getAttribute("aria-sort");
      if (how) return [i, how === "ascending"];
    }
    return [0, true];
  }

  function list(upTo) {
    var html = "";
    for (; listed < Math.min(upTo, matched.length); listed++) html += rowHTML(matched[listed].r);
    return html;
  }

  function showMore(focus) {
    var first = listed;
    own.insertAdjacentHTML("beforeend", list(listed + BATCH));
    if (focus && own.rows[first]) own.rows[first].querySelector("a").focus();
    var left = matched.length - listed;
    more.hidden = left <= 0;
    if (left > 0) {
      moreButton.textContent = left <= BATCH
        ? say("last", "Show the last %(n)s sites", { n: format(left) }, left)
        : say("more", "Show %(batch)s more (%(left)s not listed yet)",
              { batch: format(BATCH), left: format(left) }, left);
    }
  }

  function render() {
    own = document.createElement("tbody");
    listed = 0;
    showMore(false);
    table.replaceChild(own, table.tBodies[0]);
  }

  // The static map (print, or a map that could not load) gets its dots when it is seen.
  function drawDots() {
    if (drawn || !pageDots) return;
    drawn = true;
    var group = document.createElementNS(SVGNS, "g");
    group.setAttribute("class", "map-dots");
    var r = Math.max(1, Math.round(svg.viewBox.baseVal.width * 0.0045));
    group.innerHTML = matched.map(function (m) {
      var s = m.r[F.statuses][0] || "NE";
      return '<circle class="m-' + s.toLowerCase() + '" cx="' + Math.round(m.r[F.lon] * 100) +
        '" cy="' + Math.round(-m.r[F.lat] * 100) + '" r="' + r + '" data-slug="' +
        esc(m.r[F.slug]) + '"/>';
    }).join("");
    svg.replaceChild(group, svg.querySelector(".map-dots"));
  }

  function restore() {
    if (own) {
      table.replaceChild(body, own);
      own = null;
      table.dispatchEvent(new CustomEvent("aze:rows"));  // sort.js: in the column's order
    }
    if (svg && svg.querySelector(".map-dots") !== pageDots) {
      svg.replaceChild(pageDots, svg.querySelector(".map-dots"));
    }
    drawn = true;
    matched = [];
    if (pager) pager.hidden = false;
    if (note) note.hidden = false;
    more.hidden = true;
    table.removeAttribute("aria-busy");
    count.innerHTML = countHTML;
    empty.hidden = true;
  }

  function applyData(wanted, active) {
    if (!active) {
      restore();
      announce(null);
      return;
    }
    if (!data) {  // applied when the data comes
      window.azeFilterWaiting = true;
      table.setAttribute("aria-busy", "true");
      count.textContent = say("filtering", "Filtering…");
      return;
    }
    window.azeFilterWaiting = false;
    table.removeAttribute("aria-busy");
    matched = [];
    var slugs = new Set();
    data.sites.forEach(function (r, i) {
      if (matchesRecord(r, wanted)) {
        matched.push({ r: r, i: i });
        slugs.add(r[F.slug]);
      }
    });
    var how = currentSort();
    if (how[0] !== 0 || !how[1]) sortBy(how[0], null, how[1]);
    render();
    if (pager) pager.hidden = true;
    if (note) note.hidden = true;
    count.textContent = say("showing", "Showing %(shown)s of %(total)s sites",
                            { shown: format(matched.length), total: format(total) }, total);
    empty.hidden = matched.length > 0;
    drawn = false;
    if (figure && !figure.classList.contains("is-live")) drawDots();
    announce(slugs);
  }

  function apply(keep) {
    var wanted = state();
    var active = Object.keys(wanted).length > 0;
    if (keep) remember(wanted);
    if (paged) applyData(wanted, active); else applyRows(wanted, active);
  }

  var params = new URLSearchParams(window.location.search);
  FIELDS.forEach(function (name) {
    var value = params.get(name);
    var select = form.elements[name];
    if (value && select && Array.prototype.some.call(select.options, function (o) {
      return o.value === value;
    })) select.value = value;
  });

  if (paged) {
    var cache = window.azeData || (window.azeData = {});
    var loading = cache[source] || (cache[source] = fetch(source).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }));
    loading.then(function (got) {
      data = got;
      data.fields.forEach(function (name, i) { F[name] = i; });
      if (window.azeFilterWaiting) apply(false);
    }).catch(function () {  // no filters without the data: the pages stay as they are
      window.azeFilterWaiting = false;
      restore();
      off();
      announce(null);
    });
    moreButton.addEventListener("click", function () { showMore(true); });
    window.addEventListener("beforeprint", drawDots);
    table.addEventListener("aze:sort", function (event) {
      if (!own) return;  // the server's rows: sort.js sorts them
      event.preventDefault();
      sortBy(event.detail.index, event.detail.kind, event.detail.ascending);
      var shown = listed;
      own.innerHTML = "";
      listed = 0;
      own.insertAdjacentHTML("beforeend", list(shown));
    });
  }
  form.hidden = false;
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply(false);
})();
