// The public safety map: one marker per district (its centre), with the suppressed counts per category.
(function () {
  "use strict";
  var el = document.getElementById("safety-map");
  var dataEl = document.getElementById("safety-data");
  if (!el || !dataEl || typeof L === "undefined") return;
  var districts = JSON.parse(dataEl.textContent);
  var map = L.map(el, { scrollWheelZoom: false });
  if (el.dataset.tileUrl) {
    L.tileLayer(el.dataset.tileUrl, { maxZoom: 19, attribution: el.dataset.tileAttribution || "" }).addTo(map);
  }
  var layers = districts.map(function (d) {
    var rows = Object.keys(d.counts).map(function (c) { return c + ": " + d.counts[c]; });
    return L.circleMarker([d.lat, d.lng], { radius: 14, color: "#0b4f8a", fillOpacity: 0.35 })
      .bindTooltip(TryggDom.text(d.name), { permanent: true, direction: "top" })
      .bindPopup(TryggDom.lines([d.name].concat(rows), true)).addTo(map);
  });
  if (layers.length) map.fitBounds(L.featureGroup(layers).getBounds().pad(0.3), { maxZoom: 13 });
  else map.setView([59.3775, 17.0316], 10);
})();
