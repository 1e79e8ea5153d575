// Incident points for the staff maps, shared by the situation report and the incident map: one circle per
// incident, clustered where they lie close (Leaflet.markercluster), popups from text nodes (dom-text.js).
(function () {
  "use strict";
  window.TryggMapPoints = {
    // An empty layer to fill with show(); clustered when the plugin is loaded.
    layer: function () {
      return typeof L.markerClusterGroup === "function"
        ? L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 })
        : L.featureGroup();
    },
    // Replaces the layer's points with those of main category `main` (all when empty).
    show: function (layer, points, main) {
      layer.clearLayers();
      points.forEach(function (p) {
        if (main && p.main !== main) return;
        var lines = [p.category, p.at];
        if (p.place) lines.push(p.place);
        layer.addLayer(L.circleMarker([p.lat, p.lng], { radius: 5, color: TryggDom.colour("--accent"), fillOpacity: 0.7 })
          .bindPopup(TryggDom.lines(lines, false)));
      });
      return layer;
    },
  };
})();
