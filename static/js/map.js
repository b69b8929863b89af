// The interactive map of sites: Leaflet (vendored in static/vendor/leaflet/) with clustered
// circle markers coloured by the most threatened Red List category of each site. It takes
// the static SVG map's place on screen; print and browsers without JavaScript keep the SVG.
// The site index's filters (filters.js) show a subset through the "aze:filter" event.
//
// Built for 20,000 sites: markers are made only when first shown and bound to no popup of
// their own (one popup serves them all); the cluster groups take them in bulk, in chunks
// short enough to keep frames smooth. Every site's markers form one cluster group, made
// once; a filter's subset goes into a second group, so clearing a filter puts the first
// group back without clustering 20,000 markers again.
//
// Its popups and clusters say what they say in the page's language: the page gives its
// messages and names (templates/base.html, #ui-text), English where it gives none; links
// lead to the pages of its language (the figure's data-base, /es/ on a page in Spanish).
(function () {
  "use strict";
  var figure = document.getElementById("site-map");
  if (!figure || !window.L || !L.markerClusterGroup || !window.fetch) return;
  var COLORS = { EX: "#000000", EW: "#542344", CR: "#d81e05", EN: "#fc7f3f", VU: "#f9e814",
                 NT: "#cce226", LC: "#60c659", DD: "#d1d1c6", NE: "#ffffff" };
  var base = figure.getAttribute("data-base") || "/";
  var country = figure.getAttribute("data-country");
  var PAD = 0.5;  // share of the map's size kept drawn on each side, for panning
  var ready = false;
  var show = function () {};
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
  var RED_LIST = ui.red_list || {};
  var PROTECTION = ui.protection || {};
  var COUNTRIES = ui.countries || {};

  // A message with plural forms in the page's language (`english` where it has none): the
  // form of the plural category of n, its %(n)s filled with n as the language writes it
  // (or as `shown`).
  function say(key, english, n, shown) {
    var category = plurals ? plurals.select(n) : n === 1 ? "one" : "other";
    var forms = ui.plural && (ui.plural[category] || ui.plural.other);
    var text = forms && typeof forms[key] === "string" ? forms[key] : english;
    var number = shown === undefined ? n.toLocaleString(lang) : shown;
    return text.replace(/%\(n\)s/g, function () { return number; });
  }

  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // The map data, fetched once for the page (filters.js asks for the same file).
  function load(url) {
    var cache = window.azeData || (window.azeData = {});
    return cache[url] || (cache[url] = fetch(url).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }));
  }

  document.addEventListener("aze:filter", function (event) {
    if (ready) show(event.detail.slugs);
  });

  load(figure.getAttribute("data-map"))
    .then(build)
    .catch(function (error) {  // the static map stays
      figure.setAttribute("data-map-error", String(error));
    });

  function build(data) {
    var F = {};
    data.fields.forEach(function (name, i) { F[name] = i; });
    var rows = country ? data.sites.filter(function (r) { return r[F.iso3].indexOf(country) >= 0; })
                       : data.sites;
    var maxZoom = parseInt(figure.getAttribute("data-max-zoom"), 10) || 19;
    var live = document.createElement("div");
    live.className = "map-live";
    figure.querySelector(".map-frame").appendChild(live);
    figure.classList.add("is-live");

    var map = L.map(live, { minZoom: 1, maxZoom: maxZoom, worldCopyJump: true,
                            scrollWheelZoom: false });
    // Zoomed out, the world is at least about as wide as the map (at most a quarter of the
    // globe shows twice, at its edges): never a second copy of a whole continent.
    function limitZoom() {
      var z = Math.ceil(Math.log(map.getSize().x * 0.8 / 256) / Math.LN2);
      map.setMinZoom(Math.min(Math.max(1, z), maxZoom));
    }
    limitZoom();
    map.on("resize", limitZoom);
    map.setView([15, 0], 1);
    figure.leafletMap = map;  // for tests and measurements
    map.on("focus click", function () { map.scrollWheelZoom.enable(); });
    map.on("blur mouseout", function () { map.scrollWheelZoom.disable(); });
    var text = figure.getAttribute("data-attribution");
    var link = figure.getAttribute("data-attribution-url");
    var credit = text ? (link ? '<a href="' + esc(link) + '">' + esc(text) + "</a>" : esc(text)) : "";
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    var tiles = figure.getAttribute("data-tiles");
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: maxZoom, attribution: credit }).addTo(map);
    } else {
      outlines(map);
    }

    function statusOf(r) { return r[F.statuses][0] || "NE"; }

    // Sites on both sides of the antimeridian (Fiji, Kiribati) are shown side by side: a
    // longitude is taken on the turn of the globe that puts the sites in the shortest
    // stretch of longitude (179.9° W is 180.1° E beside Fiji's other sites).
    var lons = rows.map(function (r) { return r[F.lon]; }).sort(function (a, b) { return a - b; });
    var west = -Infinity;  // the stretch's west end, where it crosses the antimeridian
    var east = 0;
    var turn = 0;  // -360: the stretch's middle is past 180°, so it is shown west of -180°
    var gap = lons.length ? lons[0] + 360 - lons[lons.length - 1] : 0;  // round the back
    for (var k = 1; k < lons.length; k++) {
      if (lons[k] - lons[k - 1] > gap) {
        gap = lons[k] - lons[k - 1];
        west = lons[k];
        east = lons[k - 1] + 360;
      }
    }
    if (west > -Infinity && (west + east) / 2 > 180) turn = -360;
    function lonOf(r) {
      var lon = r[F.lon];
      return (lon < west ? lon + 360 : lon) + turn;
    }

    // No tile server: the land and borders the build wrote (data/world-outlines.json), in a
    // pane under the markers, so the map reads as a map with nothing from another origin.
    function outlines(map) {
      figure.classList.add("no-tiles");
      map.createPane("outlines").style.zIndex = 250;
      load(figure.getAttribute("data-outlines")).then(function (world) {
        L.polygon(wrapped(world.land), { pane: "outlines", interactive: false, color: "#a9a28b",
                                         weight: 0.6, fillColor: "#e6e1d3", fillOpacity: 1 }).addTo(map);
        L.polyline(wrapped(world.borders), { pane: "outlines", interactive: false,
                                             color: "#fbfaf6", weight: 0.8 }).addTo(map);
        map.attributionControl.addAttribution(esc(world.credit));
      }).catch(function (error) { figure.setAttribute("data-outlines-error", String(error)); });
    }

    // The lines once each, as the build wrote them, and again a turn of the globe east and
    // west, so the land continues past ±180° as tiles would (a ring round a pole, drawn
    // three turns wide already, once).
    function wrapped(lines) {
      var out = lines.slice();
      [-360, 360].forEach(function (shift) {
        lines.forEach(function (line) {
          var lo = Infinity, hi = -Infinity;
          line.forEach(function (p) { lo = Math.min(lo, p[1]); hi = Math.max(hi, p[1]); });
          if (hi - lo < 360) out.push(line.map(function (p) { return [p[0], p[1] + shift]; }));
        });
      });
      return out;
    }

    function isDraft(r) {
      return F.draft !== undefined && r[F.draft] === 1;
    }

    function popup(r) {
      var status = statusOf(r);
      var places = r[F.iso3].map(function (c) {
        return COUNTRIES[c] || data.countries[c] || c;
      }).join((ui.text && ui.text.comma) || ", ");  // as the page's language lists them
      var p = r[F.protection];
      return '<p class="popup-title"><a href="' + esc(base + "sites/" + r[F.slug] + "/") + '">' +
        esc(r[F.name]) + "</a></p><p>" + esc(places) + "</p>" +
        '<p><span class="badge badge-' + status.toLowerCase() + '">' + esc(status) + "</span> " +
        esc(RED_LIST[status] || data.red_list[status] || status) + "</p>" +
        "<p>" + esc(say("species", "%(n)s trigger species", r[F.species])) + (p ? " · " +
        esc(PROTECTION[p] || data.protection[p]) : "") + "</p>" +
        (isDraft(r) ? '<p><span class="unpublished-mark">' +
          esc((ui.text && ui.text.draft) || "Draft: not published") + "</span></p>" : "") +
        (F.unconfirmed !== undefined && r[F.unconfirmed] === 1 ? '<p><span class="unconfirmed-mark">' +
          esc((ui.text && ui.text.unconfirmed) || "AZE status not confirmed") + "</span></p>" : "");
    }

    // A marker is made when first shown; a group owns its markers, so each group has its own.
    function maker() {
      var made = new Array(rows.length);
      return function (i) {
        var marker = made[i];
        if (!marker) {
          var r = rows[i];
          var draft = isDraft(r);  // `serve --drafts`: shown, hollow, never published
          marker = made[i] = L.circleMarker([r[F.lat], lonOf(r)], {
            radius: 7, weight: draft ? 3 : 1.5, color: draft ? COLORS[statusOf(r)] || "#777777" : "#ffffff",
            fillColor: draft ? "#ffffff" : COLORS[statusOf(r)] || "#777777",
            fillOpacity: 0.95, className: draft ? "site-marker site-marker-draft" : "site-marker"
          });
          marker.row = r;
          marker.on("add", reachable);
        }
        return marker;
      };
    }

    var shared = L.popup();

    function open(marker) {
      shared.setLatLng(marker.getLatLng()).setContent(popup(marker.row)).openOn(map);
    }

    // A site's dot can be reached with Tab and opened with Enter, as a cluster can; its
    // path is made when the marker is first shown, and kept when it is shown again.
    function reachable(event) {
      var marker = event.target;
      var dot = marker.getElement();
      if (!dot || dot.hasAttribute("tabindex")) return;
      dot.setAttribute("tabindex", "0");
      dot.setAttribute("role", "button");
      dot.setAttribute("aria-label", marker.row[F.name]);
      dot.addEventListener("keydown", function (e) {
        if (e.key !== "Enter" && e.key !== " ") return;
        e.preventDefault();
        open(marker);
        var link = shared.getElement() && shared.getElement().querySelector(".popup-title a");
        if (link) link.focus();
      });
    }
    var pending;  // the latest subset asked for while a group was still taking its markers
    var busy = false;
    var shown = null;

    function settle(g) {
      busy = false;
      figure.setAttribute("data-markers", String(g.count));
      if (pending !== undefined) {
        var next = pending;
        pending = undefined;
        show(next);
      }
    }

    function group() {
      var g = L.markerClusterGroup({
        chunkedLoading: true, chunkInterval: 30, chunkDelay: 5,
        showCoverageOnHover: false, maxClusterRadius: rows.length > 5000 ? 60 : 45,
        iconCreateFunction: function (cluster) {
          var n = cluster.getChildCount();
          var size = n < 10 ? 34 : n < 100 ? 40 : n < 1000 ? 46 : 54;
          var html = say("cluster", '<span>%(n)s</span><b class="visually-hidden"> sites</b>',
                         n, String(n));  // the digits alone: the icon is small
          return L.divIcon({ html: html, className: "map-cluster", iconSize: L.point(size, size) });
        },
        chunkProgress: function (done, total) {
          if (g.loading && done >= total) {
            g.loading = false;
            settle(g);
          }
        }
      });
      // Clusters and markers are kept in the page a little beyond the visible map, not
      // the three-screens-wide square markercluster keeps by default: 20,000 sites make
      // over a thousand clusters there at middle zooms, each a DOM element remade at
      // every zoom.
      g._getExpandedVisibleBounds = function () {
        return this._checkBoundsMaxLat(this._map.getBounds().pad(PAD));
      };
      g.markerOf = maker();
      g.count = 0;
      g.on("click", function (event) { open(event.layer); });
      return g;
    }

    function fit(bounds) {
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 7, animate: false });
      else map.setView([15, 0], 1, { animate: false });
    }

    // Show group g, giving it `markers` first (on the map: in bulk, in chunks; adding them
    // off the map would check each against all those queued before it).
    function put(g, bounds, markers) {
      map.closePopup();
      if (shown && shown !== g) map.removeLayer(shown);
      figure.removeAttribute("data-markers");
      shown = g;
      busy = true;
      fit(bounds);
      map.addLayer(g);
      if (!markers) return settle(g);  // already clustered: back as it was
      g.count = markers.length;
      g.loading = true;
      g.addLayers(markers, true);
    }

    var everything = null;  // every site's group, made on first use
    var subset = group();

    show = function (slugs) {
      if (busy) {  // a group is still clustering: only the last request counts
        pending = slugs;
        return;
      }
      if (!slugs) {
        if (shown && shown === everything) return settle(everything);
        if (shown === subset) map.removeLayer(subset);
        subset.clearLayers();
        if (everything) return put(everything, everything.bounds, null);
        everything = group();
        everything.bounds = L.latLngBounds(rows.map(function (r) { return [r[F.lat], lonOf(r)]; }));
        return put(everything, everything.bounds, rows.map(function (r, i) {
          return everything.markerOf(i);
        }));
      }
      var picked = [];
      var points = [];
      for (var i = 0; i < rows.length; i++) {
        if (slugs.has(rows[i][F.slug])) {
          picked.push(subset.markerOf(i));
          points.push([rows[i][F.lat], lonOf(rows[i])]);
        }
      }
      if (shown) map.removeLayer(shown);
      shown = null;
      subset.clearLayers();
      put(subset, L.latLngBounds(points), picked);
    };
    ready = true;
    if (!window.azeFilterWaiting) show(window.azeFilter || null);  // else filters.js will say
  }
})();
