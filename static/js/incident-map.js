// The staff incident map: the filtered, reviewed incidents (<script id="incident-points">), clustered.
(function () {
  "use strict";
  var el = document.getElementById("incident-map");
  var dataEl = document.getElementById("incident-points");
  if (!el || !dataEl || typeof L === "undefined") return;
  var map = TryggDom.map(el, { scrollWheelZoom: false, maxZoom: 19 });
  var points = TryggMapPoints.show(TryggMapPoints.layer(), JSON.parse(dataEl.textContent), "").addTo(map);
  if (points.getLayers().length) map.fitBounds(points.getBounds().pad(0.2), { maxZoom: 16 });
  else TryggDom.home(map, 12);
})();
