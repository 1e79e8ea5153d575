// Builds DOM nodes from text: user-typed text always reaches the page as text, never as HTML.
// Used by the maps for Leaflet tooltips and popups, which render a string as HTML but take a node as it is;
// the maps also take their colours from here.
(function () {
  "use strict";
  window.TryggDom = {
    // lines: an array of strings; the first is shown in bold when bold is true.
    lines: function (lines, bold) {
      var box = document.createElement("div");
      lines.forEach(function (line, i) {
        if (i > 0) box.appendChild(document.createElement("br"));
        var node = document.createElement(bold && i === 0 ? "strong" : "span");
        node.textContent = String(line);
        box.appendChild(node);
      });
      return box;
    },
    text: function (value) {
      var node = document.createElement("span");
      node.textContent = String(value);
      return node;
    },
    // A Leaflet map in el with the given options, on the background tiles of its data-tile-url when the
    // site has them (without, the maps draw on a plain background: closed networks).
    map: function (el, options) {
      var map = L.map(el, options);
      if (el.dataset.tileUrl) {
        L.tileLayer(el.dataset.tileUrl, { maxZoom: 19, attribution: el.dataset.tileAttribution || "" }).addTo(map);
      }
      return map;
    },
    // Opens the map where the page says the municipality is (<script id="map-view">: centre and bounds,
    // from its places on the server), no closer than maxZoom: for a map with nothing of its own to show.
    home: function (map, maxZoom) {
      var el = document.getElementById("map-view");
      var view = el ? JSON.parse(el.textContent) : null;
      if (!view || !view.bounds) { map.fitWorld(); return map; }
      return map.setView(view.centre, Math.min(map.getBoundsZoom(view.bounds), maxZoom));
    },
    // A colour token of the design system (trygg.css :root), so the maps and their legends never drift apart.
    colour: function (token) {
      return getComputedStyle(document.documentElement).getPropertyValue(token).trim();
    }
  };
})();
