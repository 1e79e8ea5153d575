// The situation report's map: the density surface, hot and cold cells, and this week's reviewed incidents.
// Colours match the legend under the map (.swatch-* in trygg.css). Every label is a text node (dom-text.js).
(function () {
  "use strict";
  var el = document.getElementById("report-map");
  var dataEl = document.getElementById("report-data");
  if (!el || !dataEl || typeof L === "undefined") return;
  var figures = JSON.parse(dataEl.textContent);
  var map = TryggDom.map(el, { scrollWheelZoom: false, maxZoom: 19 });
  var colours = {
    "new": TryggDom.colour("--map-new"), "persistent": TryggDom.colour("--map-persistent"),
    "ended": TryggDom.colour("--map-ended"), "cold": TryggDom.colour("--map-cold")
  };
  // Words come translated from the page (data-text-* on the map element), never from this file.
  var text = el.dataset;
  var labels = { "new": text.textNew, "persistent": text.textPersistent, "ended": text.textEnded, "cold": text.textCold };
  var number = function (x) { return (+x).toLocaleString(document.documentElement.lang || "sv"); };
  var densityColours = [0, 1, 2, 3].map(function (level) { return TryggDom.colour("--density-" + level); });

  var density = L.layerGroup();
  ((figures.density && figures.density.cells) || []).forEach(function (cell) {
    L.polygon(cell.polygon, { stroke: false, fillColor: densityColours[cell.level], fillOpacity: 0.55, interactive: false })
      .addTo(density);
  });
  var spots = L.featureGroup();
  (figures.hotspots || []).forEach(function (cell) {
    L.polygon(cell.polygon, {
      color: colours[cell["class"]], weight: 2, fillOpacity: 0.25, dashArray: cell["class"] === "cold" ? "4 3" : null
    }).bindPopup(TryggDom.lines([
      labels[cell["class"]] + (cell.place ? ", " + cell.place : ""),
      text.textCounts.replace("{now}", cell.count).replace("{before}", cell.count_before)
        .replace("{p}", number(cell.p)).replace("{q}", number(cell.q))
    ], false)).addTo(spots);
  });
  // The week's points (map-points.js), filtered by category.
  var points = TryggMapPoints.layer();
  function showPoints(main) { TryggMapPoints.show(points, figures.points || [], main); }
  showPoints("");
  var filter = document.getElementById("report-map-category");
  if (filter) filter.addEventListener("change", function () { showPoints(filter.value); });
  density.addTo(map);
  spots.addTo(map);
  points.addTo(map);
  var layers = {};
  layers[text.textDensity] = density;
  layers[text.textSpots] = spots;
  layers[text.textPoints] = points;
  L.control.layers(null, layers, { collapsed: false })
    .addTo(map);
  // Zoom to the content: the hot spots and the week's points (a clustered point outside the view is not drawn).
  var bounds = L.latLngBounds([]);
  if (spots.getLayers().length) bounds.extend(spots.getBounds());
  if (points.getLayers().length) bounds.extend(points.getBounds());
  if (bounds.isValid()) map.fitBounds(bounds.pad(0.2), { maxZoom: 16 });
  else TryggDom.home(map, 12);
})();
