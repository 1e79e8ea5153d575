// Draws the places in <script id="places-data"> on a Leaflet map in #map.
// Tiles are optional: without MAP_TILE_URL the places are drawn on a plain background.
(function () {
  "use strict";
  var el = document.getElementById("map");
  var dataEl = document.getElementById("places-data");
  if (!el || !dataEl || typeof L === "undefined") return;
  var places = JSON.parse(dataEl.textContent);
  var map = TryggDom.map(el, { scrollWheelZoom: false });
  var layers = [];
  places.forEach(function (p) {
    if (p.area) {
      layers.push(L.geoJSON(p.area, { style: { color: TryggDom.colour("--accent"), weight: 2 } }).bindPopup(TryggDom.text(p.name)).addTo(map));
    }
    var marker = L.circleMarker([p.lat, p.lng], { radius: 7, color: TryggDom.colour("--accent"), fillOpacity: 0.8 });
    marker.bindTooltip(TryggDom.text(p.name)).bindPopup(TryggDom.lines([p.name, p.district], true));
    layers.push(marker.addTo(map));
  });
  if (layers.length) {
    map.fitBounds(L.featureGroup(layers).getBounds().pad(0.2), { maxZoom: 15 });
  } else {
    TryggDom.home(map, 12);
  }
  // A form with latitude/longitude inputs: a click on the map sets the point. The inputs are looked
  // up when needed, since a form may render them after the map.
  var inputs = function () { return [document.getElementById("id_latitude"), document.getElementById("id_longitude")]; };
  var pin = null;
  var setPin = function (latlng) {
    if (pin) pin.setLatLng(latlng); else pin = L.marker(latlng).addTo(map);
  };
  document.addEventListener("DOMContentLoaded", function () {
    var field = inputs();
    if (field[0] && field[1] && field[0].value && field[1].value) {
      setPin([+field[0].value, +field[1].value]);
      map.setView([+field[0].value, +field[1].value], 15);
    }
  });
  var choose = function (latlng) {
    var field = inputs();
    if (!field[0] || !field[1]) return false;
    field[0].value = latlng.lat.toFixed(6);
    field[1].value = latlng.lng.toFixed(6);
    setPin(latlng);
    return true;
  };
  map.on("click", function (e) { choose(e.latlng); });
  // "Använd min position": the phone's position as the point; the messages come translated from the page.
  var locate = document.querySelector("[data-locate]");
  var status = document.getElementById("locate-status");
  if (locate && navigator.geolocation) {
    locate.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        var latlng = L.latLng(position.coords.latitude, position.coords.longitude);
        if (choose(latlng)) map.setView(latlng, 16);
        if (status) status.textContent = locate.dataset.found;
      }, function () {
        if (status) status.textContent = locate.dataset.failed;
      }, { enableHighAccuracy: true, timeout: 10000 });
    });
  } else if (locate) {
    locate.hidden = true;
  }
})();
