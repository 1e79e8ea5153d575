// The situation report's map: this week's reviewed incidents as points, hot-spot cells as squares.
(function () {
  "use strict";
  var el = document.getElementById("report-map");
  var dataEl = document.getElementById("report-data");
  if (!el || !dataEl || typeof L === "undefined") return;
  var figures = JSON.parse(dataEl.textContent);
  var map = L.map(el, { scrollWheelZoom: false });
  if (el.dataset.tileUrl) {
    L.tileLayer(el.dataset.tileUrl, { maxZoom: 19, attribution: el.dataset.tileAttribution || "" }).addTo(map);
  }
  var colours = { "new": "#a4161a", "persistent": "#b35c00", "ended": "#4a4a4a" };
  var labels = { "new": "Ny hot spot", "persistent": "Kvarstående hot spot", "ended": "Upphörd hot spot" };
  var layers = [];
  (figures.hotspots || []).forEach(function (cell) {
    layers.push(L.polygon(cell.polygon, { color: colours[cell["class"]], weight: 2, fillOpacity: 0.25 })
      .bindPopup(TryggDom.text(labels[cell["class"]] + ": z = " + cell.z + ", " + cell.count + " händelser")).addTo(map));
  });
  (figures.points || []).forEach(function (p) {
    layers.push(L.circleMarker([p.lat, p.lng], { radius: 5, color: "#0b4f8a", fillOpacity: 0.7 })
      .bindPopup(TryggDom.lines([p.category, p.at], false)).addTo(map));
  });
  if (layers.length) map.fitBounds(L.featureGroup(layers).getBounds().pad(0.1), { maxZoom: 16 });
  else map.setView([59.3775, 17.0316], 12);
})();
