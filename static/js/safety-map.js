// The public safety map: one circle per district (its centre), sized by its published reports, with the
// suppressed counts per category in the popup.
(function () {
  "use strict";
  var el = document.getElementById("safety-map");
  var dataEl = document.getElementById("safety-data");
  if (!el || !dataEl || typeof L === "undefined") return;
  var districts = JSON.parse(dataEl.textContent);
  var map = TryggDom.map(el, { scrollWheelZoom: false });
  // The circle's area follows the district's published reports: only counts shown in the table (5 or more)
  // are added up, so a circle never reveals a suppressed "<5"; with such cells the label says "at least" (data-text-at-least, translated by the page).
  function published(d) {
    var total = 0, suppressed = false;
    Object.keys(d.counts).forEach(function (c) {
      if (typeof d.counts[c] === "number") total += d.counts[c]; else suppressed = true;
    });
    var count = total || (suppressed ? "<5" : "0");
    return { total: total, label: suppressed && total ? el.dataset.textAtLeast.replace("{n}", count) : String(count) };
  }
  var largest = Math.max.apply(null, districts.map(function (d) { return published(d).total; }).concat([1]));
  var layers = districts.map(function (d) {
    var shown = published(d);
    var rows = Object.keys(d.counts).map(function (c) { return c + ": " + d.counts[c]; });
    var radius = 8 + 22 * Math.sqrt(shown.total / largest);
    return L.circleMarker([d.lat, d.lng], { radius: radius, color: TryggDom.colour("--accent"), fillOpacity: 0.35 })
      .bindTooltip(TryggDom.text(d.name + ": " + shown.label), { permanent: true, direction: "top" })
      .bindPopup(TryggDom.lines([d.name].concat(rows), true)).addTo(map);
  });
  if (layers.length) map.fitBounds(L.featureGroup(layers).getBounds().pad(0.3), { maxZoom: 13 });
  else map.setView([59.3775, 17.0316], 10);
})();
