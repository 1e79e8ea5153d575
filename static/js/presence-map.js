// Draws the places in <script id="presence-data"> (name, lat, lng; lines, gaps, suggestions: lists of
// text) on a Leaflet map in #map: a place with a suggestion large in the accent colour, a place with gaps
// only smaller in dark grey, any other place small in grey (size tells them apart as well as colour). Every text reaches the page as text (TryggDom), never as HTML.
(function () {
  "use strict";
  var el = document.getElementById("map");
  var dataEl = document.getElementById("presence-data");
  if (!el || !dataEl || typeof L === "undefined") return;
  var places = JSON.parse(dataEl.textContent);
  var map = TryggDom.map(el, { scrollWheelZoom: false });
  var layers = [];
  places.forEach(function (p) {
    var suggested = p.suggestions.length > 0;
    var colour = TryggDom.colour(suggested ? "--accent" : p.gaps.length ? "--muted" : "--field-border");
    var lines = [p.name].concat(p.lines);
    if (p.gaps.length) lines = lines.concat([el.dataset.gapsLabel + ":"], p.gaps);
    if (suggested) lines = lines.concat([el.dataset.suggestionsLabel + ":"], p.suggestions);
    var marker = L.circleMarker([p.lat, p.lng], { radius: suggested ? 11 : p.gaps.length ? 8 : 5, color: colour, fillOpacity: 0.8 });
    marker.bindTooltip(TryggDom.text(p.name)).bindPopup(TryggDom.lines(lines, true));
    layers.push(marker.addTo(map));
  });
  if (layers.length) {
    map.fitBounds(L.featureGroup(layers).getBounds().pad(0.2), { maxZoom: 15 });
  } else {
    TryggDom.home(map, 12);
  }
})();
