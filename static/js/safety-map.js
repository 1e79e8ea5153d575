// The public safety map: one circle per district (its centre), labelled with the total the server gives
// it and sized by the published number the server gives with it; the popup lists the suppressed counts per
// category. Every number comes from the server, already suppressed: nothing here adds counts up, so the
// map can never show a figure the server did not publish.
(function () {
  "use strict";
  var el = document.getElementById("safety-map");
  var dataEl = document.getElementById("safety-data");
  if (!el || !dataEl || typeof L === "undefined") return;
  var districts = JSON.parse(dataEl.textContent);
  var map = TryggDom.map(el, { scrollWheelZoom: false });
  var largest = Math.max.apply(null, districts.map(function (d) { return d.size; }).concat([1]));
  var layers = districts.map(function (d) {
    var rows = Object.keys(d.counts).map(function (c) { return c + ": " + d.counts[c]; });
    var radius = 8 + 22 * Math.sqrt(d.size / largest);
    return L.circleMarker([d.lat, d.lng], { radius: radius, color: TryggDom.colour("--accent"), fillOpacity: 0.35 })
      .bindTooltip(TryggDom.text(d.name + ": " + d.total), { permanent: true, direction: "top" })
      .bindPopup(TryggDom.lines([d.name].concat(rows), true)).addTo(map);
  });
  if (layers.length) map.fitBounds(L.featureGroup(layers).getBounds().pad(0.3), { maxZoom: 13 });
  else TryggDom.home(map, 10);
})();
