// A small, still map per review card (.mini-map with data-lat/data-lng): the report's point in red and
// the municipality's named places (<script id="places-data">) for bearings when no tiles are served.
// Maps are drawn only when their card scrolls into view, so a long queue stays light.
(function () {
  "use strict";
  if (typeof L === "undefined") return;
  var dataEl = document.getElementById("places-data");
  var places = dataEl ? JSON.parse(dataEl.textContent) : [];
  var still = {
    zoomControl: false, dragging: false, scrollWheelZoom: false, doubleClickZoom: false,
    boxZoom: false, keyboard: false, touchZoom: false, tap: false,
  };

  function draw(el) {
    var point = [+el.dataset.lat, +el.dataset.lng];
    var map = L.map(el, still).setView(point, 15);
    if (el.dataset.tileUrl) {
      L.tileLayer(el.dataset.tileUrl, { maxZoom: 19, attribution: el.dataset.tileAttribution || "" }).addTo(map);
    } else {
      map.attributionControl.remove();
    }
    // Only places inside the small map: one beyond its edge would be an empty marker with a label out of sight.
    var bounds = map.getBounds();
    places.forEach(function (p) {
      if (!bounds.contains([p.lat, p.lng])) return;
      L.circleMarker([p.lat, p.lng], { radius: 4, color: TryggDom.colour("--muted"), weight: 1, fillOpacity: 0.6 })
        .bindTooltip(TryggDom.text(p.name), { permanent: true, direction: "right", className: "mini-map-label" })
        .addTo(map);
    });
    L.circleMarker(point, { radius: 8, color: TryggDom.colour("--error"), weight: 3, fillOpacity: 0.5, className: "mini-map-point" })
      .addTo(map);
  }

  var maps = document.querySelectorAll(".mini-map");
  if (!("IntersectionObserver" in window)) {
    maps.forEach(draw);
    return;
  }
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      observer.unobserve(entry.target);
      draw(entry.target);
    });
  }, { rootMargin: "200px" });
  maps.forEach(function (el) { observer.observe(el); });
})();
