// Drawing an area on a map into a GeoJSON textarea (<textarea data-draw>): each click adds a corner,
// "Slutför området" closes the polygon and writes it to the textarea, "Rensa" empties it. The textarea stays
// visible and editable: pasting GeoJSON is the way without a pointer. Labels come translated from the page
// (#draw-settings data-text-*), place names for bearings from <script id="places-data">.
(function () {
  "use strict";
  var settings = document.getElementById("draw-settings");
  if (!settings || typeof L === "undefined") return;
  var dataEl = document.getElementById("places-data");
  var places = dataEl ? JSON.parse(dataEl.textContent) : [];
  var text = settings.dataset;

  function rounded(latlng) { return [+latlng.lng.toFixed(6), +latlng.lat.toFixed(6)]; }

  function parse(value) {
    try {
      var area = JSON.parse(value);
      if (area && area.type === "Polygon" && Array.isArray(area.coordinates)) return area;
    } catch (e) { /* not (yet) GeoJSON: nothing to draw */ }
    return null;
  }

  function setUp(field) {
    var box = document.createElement("div");
    box.className = "map draw-map";
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", field.dataset.mapLabel || "");
    var actions = document.createElement("p");
    actions.className = "actions";
    var done = document.createElement("button");
    done.type = "button";
    done.className = "secondary";
    done.textContent = text.textDone;
    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "secondary";
    clear.textContent = text.textClear;
    var status = document.createElement("span");
    status.setAttribute("role", "status");
    actions.append(done, clear, status);
    field.parentNode.insertBefore(box, field);
    field.parentNode.insertBefore(actions, field);

    var map = L.map(box, { scrollWheelZoom: false });
    if (text.tileUrl) L.tileLayer(text.tileUrl, { maxZoom: 19, attribution: text.tileAttribution || "" }).addTo(map);
    var context = places.map(function (p) {
      return L.circleMarker([p.lat, p.lng], { radius: 4, color: TryggDom.colour("--muted"), weight: 1 })
        .bindTooltip(TryggDom.text(p.name)).addTo(map);
    });
    var corners = [];
    var shape = L.polygon([], { color: TryggDom.colour("--accent"), weight: 2 }).addTo(map);
    var line = L.polyline([], { color: TryggDom.colour("--accent"), dashArray: "4 4" }).addTo(map);

    function show(area) {
      corners = [];
      line.setLatLngs([]);
      shape.setLatLngs(area ? area.coordinates[0].slice(0, -1).map(function (c) { return [c[1], c[0]]; }) : []);
    }
    show(parse(field.value));
    if (shape.getLatLngs()[0] && shape.getLatLngs()[0].length) map.fitBounds(shape.getBounds().pad(0.5), { maxZoom: 17 });
    else if (context.length) map.fitBounds(L.featureGroup(context).getBounds().pad(0.2), { maxZoom: 15 });
    else TryggDom.home(map, 13);

    map.on("click", function (e) {
      corners.push(e.latlng);
      line.setLatLngs(corners);
      status.textContent = text.textCorners.replace("{n}", corners.length);
    });
    done.addEventListener("click", function () {
      if (corners.length < 3) { status.textContent = text.textTooFew; return; }
      var ring = corners.map(rounded);
      ring.push(ring[0]);
      field.value = JSON.stringify({ type: "Polygon", coordinates: [ring] });
      show(parse(field.value));
      status.textContent = text.textSaved;
    });
    clear.addEventListener("click", function () {
      field.value = "";
      show(null);
      status.textContent = "";
    });
    field.addEventListener("change", function () { show(parse(field.value)); });
  }

  document.querySelectorAll("textarea[data-draw]").forEach(setUp);
})();
