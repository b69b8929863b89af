// The interactive map of sites: Leaflet (vendored in static/vendor/leaflet/) with clustered
// circle markers coloured by the most threatened Red List category of each site. It takes
// the static SVG map's place on screen; print and browsers without JavaScript keep the SVG.
// The site index's filters (filters.js) show a subset through the "aze:filter" event.
(function () {
  "use strict";
  var figure = document.getElementById("site-map");
  if (!figure || !window.L || !L.markerClusterGroup || !window.fetch) return;
  var COLORS = { EX: "#000000", EW: "#542344", CR: "#d81e05", EN: "#fc7f3f", VU: "#f9e814",
                 NT: "#cce226", LC: "#60c659", DD: "#d1d1c6", NE: "#ffffff" };
  var base = figure.getAttribute("data-base") || "/";
  var country = figure.getAttribute("data-country");
  var ready = false;
  var show = function () {};

  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  document.addEventListener("aze:filter", function (event) {
    if (ready) show(event.detail.slugs);
  });

  fetch(figure.getAttribute("data-map"))
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
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
    map.setView([15, 0], 1);
    map.on("focus click", function () { map.scrollWheelZoom.enable(); });
    map.on("blur mouseout", function () { map.scrollWheelZoom.disable(); });
    var text = figure.getAttribute("data-attribution");
    var link = figure.getAttribute("data-attribution-url");
    var credit = text ? (link ? '<a href="' + esc(link) + '">' + esc(text) + "</a>" : esc(text)) : "";
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    L.tileLayer(figure.getAttribute("data-tiles"), { maxZoom: maxZoom, attribution: credit })
      .addTo(map);

    function popup(r) {
      var status = r[F.status];
      var places = r[F.iso3].map(function (c) { return data.countries[c] || c; }).join(", ");
      var n = r[F.species];
      return '<p class="popup-title"><a href="' + esc(base + "sites/" + r[F.slug] + "/") + '">' +
        esc(r[F.name]) + "</a></p><p>" + esc(places) + "</p>" +
        '<p><span class="badge badge-' + status.toLowerCase() + '">' + esc(status) + "</span> " +
        esc(data.red_list[status] || status) + "</p>" +
        "<p>" + n + " trigger species" + (r[F.protection] ? " · " +
        esc(data.protection[r[F.protection]]) : "") + "</p>";
    }

    var markers = rows.map(function (r) {
      var marker = L.circleMarker([r[F.lat], r[F.lon]], {
        radius: 7, weight: 1.5, color: "#ffffff", fillColor: COLORS[r[F.status]] || "#777777",
        fillOpacity: 0.95, className: "site-marker"
      });
      marker.slug = r[F.slug];
      marker.bindPopup(function () { return popup(r); });
      return marker;
    });
    var visible = markers;

    var cluster = L.markerClusterGroup({
      chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 45,
      iconCreateFunction: function (group) {
        var n = group.getChildCount();
        var size = n < 10 ? 34 : n < 100 ? 40 : n < 1000 ? 46 : 54;
        return L.divIcon({ html: "<span>" + n + '</span><b class="visually-hidden"> sites</b>',
                           className: "map-cluster", iconSize: L.point(size, size) });
      },
      chunkProgress: function (done, total) {
        if (done >= total) figure.setAttribute("data-markers", String(visible.length));
      }
    });
    map.addLayer(cluster);

    function fit() {
      var bounds = L.latLngBounds(visible.map(function (m) { return m.getLatLng(); }));
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 7, animate: false });
      else map.setView([15, 0], 1, { animate: false });
    }

    show = function (slugs) {
      visible = slugs ? markers.filter(function (m) { return slugs.has(m.slug); }) : markers;
      figure.removeAttribute("data-markers");
      cluster.clearLayers();
      fit();
      cluster.addLayers(visible);
    };
    ready = true;
    show(window.azeFilter || null);
  }
})();
