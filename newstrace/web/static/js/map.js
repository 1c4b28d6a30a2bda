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
  const map = L.map("map", {worldCopyJump: true, minZoom: 1, maxZoom: 10, attributionControl: true}).setView([30, 10], 2);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth");
  const markers = L.layerGroup().addTo(map);

  async function outlines() {
    const res = await fetch("/static/vendor/world-atlas/countries-110m.json");
    const topo = await res.json();
    const land = topojson.feature(topo, topo.objects.countries);
    // Antarctica's outline runs to the pole, which Web Mercator cannot draw: leave it out.
    land.features = land.features.filter((f) => f.id !== "010");
    L.geoJSON(land, {interactive: false, style: {color: "#8a8f98", weight: 0.6, fillColor: "#eef0e8", fillOpacity: 1}}).addTo(map);
    markers.eachLayer((m) => m.bringToFront());
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
    const mapEl = document.getElementById("map");
    mapEl.dataset.state = "loading";
    const roles = ["event", "mention", "dateline"].filter((r) => document.getElementById("m-" + r).checked);
    status.textContent = "Loading…";
    try {
      const data = await api("/api/places", {since: document.getElementById("m-since").value,
        until: document.getElementById("m-until").value});
      if (seq !== latest) return;
      markers.clearLayers();
      let shown = 0;
      for (const f of data.features) {
        const p = f.properties;
        if (!roles.includes(p.role_main)) continue;
        const [lon, lat] = f.geometry.coordinates;
        const m = L.circleMarker([lat, lon], Object.assign({radius: radius(p.articles), className: "place-marker role-" + p.role_main}, STYLE[p.role_main] || STYLE.mention));
        // Popups get a DOM node, never an HTML string (Leaflet would parse a string as HTML).
        m.bindPopup(popup(p));
        m.on("click", () => showPlace(p));
        markers.addLayer(m);
        shown += 1;
      }
      status.textContent = `${shown} place${shown === 1 ? "" : "s"} shown` + (data.unresolved ? ` · ${data.unresolved} unresolved mentions not mapped` : "");
      mapEl.dataset.markers = String(shown);
      mapEl.dataset.state = "ready";
    } catch (e) {
      if (seq !== latest) return;
      status.textContent = "";
      showError(panel, e);
      mapEl.dataset.state = "ready";
    }
  }

  document.getElementById("map-form").addEventListener("submit", (ev) => { ev.preventDefault(); load(); });
  for (const r of ["event", "mention", "dateline"]) document.getElementById("m-" + r).addEventListener("change", load);
  outlines().catch((e) => showError(panel, e)).finally(load);
})();
