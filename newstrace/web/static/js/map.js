// Map of places: Natural Earth country outlines (bundled TopoJSON) drawn by Leaflet without any
// tile server, and one circle per place; events, mentions and datelines are styled apart.
"use strict";

(() => {
  const {el, clear, api, articleLink, metaLine, showError} = NT;
  const STYLE = {
    event: {color: "#b3261e", fillColor: "#e0453a", fillOpacity: 0.75, weight: 1},
    mention: {color: "#1f5fa8", fillColor: "#ffffff", fillOpacity: 0.4, weight: 2},
    dateline: {color: "#444444", fillColor: "#999999", fillOpacity: 0.7, weight: 1, dashArray: "2 2"},
  };
  const status = document.getElementById("map-status");
  const panel = document.getElementById("place-panel");
  // Why 60: below this many places every marker stays visible on its own (a reader sees them
  // all at a glance); above it, markers that overlap at the current zoom merge into a cluster
  // with a count (leaflet.markercluster), which zooms in on click.
  const CLUSTER_MIN = 60;
  // Why 12: names on the map for the places most written about; more labels overlap each other.
  const LABELS = 12;
  const mapEl = document.getElementById("map");
  const map = L.map("map", {worldCopyJump: true, minZoom: 1, maxZoom: 10, attributionControl: true}).setView([30, 10], 2);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth");
  const plain = L.layerGroup().addTo(map);
  const clustered = L.markerClusterGroup({maxClusterRadius: 40, showCoverageOnHover: false, chunkedLoading: true});
  map.addLayer(clustered);
  let markers = plain;
  const zoomed = () => { mapEl.dataset.zoom = String(map.getZoom()); };
  map.on("zoomend", zoomed);
  zoomed();

  // A ring that crosses the antimeridian jumps from +180 to -180 between two points, and a flat
  // renderer draws that jump as a band across the whole world. Shift the points after each jump
  // by 360 degrees so the ring continues past 180 (Leaflet draws longitudes beyond it); a ring
  // that still spans more than half the world (a pole-encircling one) is left out.
  function unwrapRing(ring) {
    const out = [];
    let shift = 0;
    for (let i = 0; i < ring.length; i++) {
      if (i > 0) {
        const d = ring[i][0] - ring[i - 1][0];
        if (d > 180) shift -= 360; else if (d < -180) shift += 360;
      }
      out.push([ring[i][0] + shift, ring[i][1]]);
    }
    const lons = out.map((p) => p[0]);
    return Math.max(...lons) - Math.min(...lons) > 180 ? null : out;
  }

  function unwrapGeometry(g) {
    const polys = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : null;
    if (!polys) return g;
    const kept = polys.map((poly) => poly.map(unwrapRing)).filter((poly) => poly[0] !== null)
      .map((poly) => poly.filter((r) => r !== null));
    return {type: "MultiPolygon", coordinates: kept};
  }

  async function outlines() {
    const res = await fetch("/static/vendor/world-atlas/countries-110m.json");
    const topo = await res.json();
    const land = topojson.feature(topo, topo.objects.countries);
    // Antarctica's outline runs to the pole, which Web Mercator cannot draw: leave it out.
    land.features = land.features.filter((f) => f.id !== "010")
      .map((f) => Object.assign({}, f, {geometry: unwrapGeometry(f.geometry)}));
    L.geoJSON(land, {interactive: false, style: {color: "#8a8f98", weight: 0.6, fillColor: "#eef0e8", fillOpacity: 1}}).addTo(map);
    plain.eachLayer((m) => m.bringToFront());
  }

  function radius(n) { return Math.min(22, 4 + 3 * Math.sqrt(n)); }

  // Each load() gets a number; an answer that arrives after a newer load() started is dropped,
  // so two quick filter changes cannot draw both answers' markers on top of each other.
  // #map[data-state] is "loading" until the latest load() has drawn its markers, then "ready".
  let latest = 0;

  async function showPlace(props) {
    clear(panel);
    panel.appendChild(el("h3", {}, props.name));
    panel.appendChild(el("p", {class: "muted small"}, [props.country, props.feature,
      `${props.articles} article${props.articles === 1 ? "" : "s"}`,
      `${props.events} as event place, ${props.mentions} as mention` + (props.datelines ? `, ${props.datelines} as dateline` : "")]
      .filter(Boolean).join(" · ")));
    const list = el("ol", {});
    panel.appendChild(list);
    try {
      const data = await api("/api/places/" + encodeURIComponent(props.name) + "/articles", {limit: 20});
      for (const it of data.items) {
        list.appendChild(el("li", {}, articleLink(it), el("div", {class: "muted small"}, metaLine(it) + (it.role ? " · " + it.role : ""))));
      }
    } catch (e) { showError(panel, e); }
  }

  function popup(props) {
    return el("div", {class: "popup"}, el("strong", {}, props.name), el("br"),
      `${props.articles} article${props.articles === 1 ? "" : "s"} · ${props.role_main}`);
  }

  async function load() {
    const seq = ++latest;
    mapEl.dataset.state = "loading";
    const roles = ["event", "mention", "dateline"].filter((r) => document.getElementById("m-" + r).checked);
    status.textContent = "Loading…";
    try {
      const data = await api("/api/places", {since: document.getElementById("m-since").value,
        until: document.getElementById("m-until").value});
      if (seq !== latest) return;
      plain.clearLayers();
      clustered.clearLayers();
      const features = data.features.filter((f) => roles.includes(f.properties.role_main));
      markers = features.length > CLUSTER_MIN ? clustered : plain;
      const layers = [];
      for (const f of features) {
        const p = f.properties;
        const [lon, lat] = f.geometry.coordinates;
        const m = L.circleMarker([lat, lon], Object.assign({radius: radius(p.articles), className: "place-marker role-" + p.role_main}, STYLE[p.role_main] || STYLE.mention));
        m.bindPopup(popup(p));
        m.placeName = p.name;
        m.placeArticles = p.articles;
        m.on("click", () => showPlace(p));
        layers.push(m);
      }
      if (markers === clustered) clustered.addLayers(layers); else layers.forEach((m) => plain.addLayer(m));
      drawn = layers;
      if (!fitted && layers.length) {  // first answer: show where the places are, not the whole world
        fitted = true;
        map.fitBounds(L.latLngBounds(layers.map((m) => m.getLatLng())).pad(0.3), {maxZoom: 6});
      }
      relabel();
      const shown = layers.length;
      status.textContent = `${shown} place${shown === 1 ? "" : "s"} shown` + (markers === clustered ? " (overlapping ones clustered: click a cluster to zoom in)" : "") +
        (data.unresolved ? ` · ${data.unresolved} unresolved mentions not mapped` : "");
      list(features);
      mapEl.dataset.markers = String(shown);
      mapEl.dataset.clustered = markers === clustered ? "1" : "0";
      mapEl.dataset.state = "ready";
    } catch (e) {
      if (seq !== latest) return;
      status.textContent = "";
      showError(panel, e);
      mapEl.dataset.state = "ready";
    }
  }

  // Names on the map: the places most written about, greedily, skipping any whose label would sit
  // on top of one already placed (at this zoom); the rest are named on hover. Labels are DOM nodes
  // (Leaflet would parse a string as HTML).
  const CHAR_PX = 7, LABEL_PX = 16;  // a label's box, estimated: 11px text
  let drawn = [];
  let fitted = false;
  const labels = L.layerGroup().addTo(map);
  function relabel() {
    const placed = [];  // boxes [x0, y0, x1, y1] of the labels and markers already on the map
    const overlaps = (b) => placed.some((q) => b[0] < q[2] && q[0] < b[2] && b[1] < q[3] && q[1] < b[3]);
    let named = 0;
    labels.clearLayers();
    for (const m of drawn.slice().sort((a, b) => b.placeArticles - a.placeArticles)) {
      const visible = markers !== clustered || clustered.getVisibleParent(m) === m;
      const at = map.latLngToContainerPoint(m.getLatLng());
      const r = m.getRadius();
      const box = [at.x + r + 2, at.y - LABEL_PX / 2, at.x + r + 8 + CHAR_PX * String(m.placeName).length, at.y + LABEL_PX / 2];
      if (visible && named < LABELS && !overlaps(box)) {
        labels.addLayer(L.tooltip({permanent: true, interactive: false, direction: "right", offset: [r, 0], className: "place-label"})
          .setLatLng(m.getLatLng()).setContent(el("span", {}, m.placeName)));
        placed.push(box);
        named += 1;
      }
      if (visible) placed.push([at.x - r, at.y - r, at.x + r, at.y + r]);
    }
  }
  map.on("zoomend", relabel);
  clustered.on("animationend", relabel);

  // The places as a list of buttons too: the map's markers cannot be reached with the keyboard.
  function list(features) {
    const box = clear(document.getElementById("place-list"));
    const top = features.slice().sort((a, b) => b.properties.articles - a.properties.articles).slice(0, 100);
    for (const f of top) {
      const p = f.properties;
      box.appendChild(el("li", {}, el("span", {class: "dot dot-" + String(p.role_main).replace(/[^a-z]/g, "")}), " ",
        el("button", {type: "button", class: "link place-button", onclick: () => {
          const [lon, lat] = f.geometry.coordinates;
          map.setView([lat, lon], Math.max(map.getZoom(), 6));
          showPlace(p);
        }}, p.name), el("span", {class: "muted small"}, ` ${p.articles}`)));
    }
  }

  document.getElementById("map-form").addEventListener("submit", (ev) => { ev.preventDefault(); load(); });
  for (const r of ["event", "mention", "dateline"]) document.getElementById("m-" + r).addEventListener("change", load);
  outlines().catch((e) => showError(panel, e)).finally(load);
})();
