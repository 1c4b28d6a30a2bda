// Events merged across articles (/events: table, map, timeline) and one event (/event/ID: its
// reports with their evidence, its conflicts). Every text from the API goes in as text nodes.
"use strict";

(() => {
  const {el, clear, api, articleHref, showError, pager} = NT;
  const PAGE = 50;
  const SVG = "http://www.w3.org/2000/svg";
  const eventHref = (id) => "/event/" + encodeURIComponent(id);
  const when = (e) => (e.day_start === e.day_end ? e.day_start : `${e.day_start || "?"} – ${e.day_end || "?"}`) || "undated";
  const where = (e) => { const p = e.place || {}; return [p.name, p.admin1 !== p.name ? p.admin1 : null, p.country].filter(Boolean).join(", "); };
  const who = (xs) => (xs || []).map((a) => (a.name || "") + (a.side ? ` [${a.side}]` : "")).join(", ");

  function baseMap(id) {
    const map = L.map(id, {worldCopyJump: true, minZoom: 1, maxZoom: 10}).setView([48.5, 32], 5);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Natural Earth");
    fetch("/static/vendor/world-atlas/countries-110m.json").then((r) => r.json()).then((topo) => {
      const land = topojson.feature(topo, topo.objects.countries);
      land.features = land.features.filter((f) => f.id !== "010");
      L.geoJSON(land, {interactive: false, style: {color: "#8a8f98", weight: 0.6, fillColor: "#eef0e8", fillOpacity: 1}}).addTo(map);
      // the outlines arrive after the markers: keep the markers on top
      map.eachLayer((l) => { if (l instanceof L.CircleMarker) l.bringToFront(); });
    }).catch(() => {});
    return map;
  }

  function svg(tag, attrs) {
    const n = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) n.setAttribute(k, String(v));
    return n;
  }

  // Events per day (their first day) as bars.
  function timeline(box, items) {
    clear(box);
    const counts = {};
    for (const e of items) if (e.day_start) counts[e.day_start] = (counts[e.day_start] || 0) + 1;
    const days = Object.keys(counts).sort();
    if (!days.length) { box.appendChild(el("p", {class: "muted small"}, "no dated events")); return; }
    const dayMs = 86400000, toDay = (s) => Date.parse(s + "T00:00:00Z");
    const lo = toDay(days[0]), hi = toDay(days[days.length - 1]);
    const W = Math.max(box.clientWidth || 800, 300), H = 100, pad = 24;
    const n = Math.round((hi - lo) / dayMs) + 1, bw = Math.min(40, Math.max(1, (W - 2 * pad) / n));
    const max = Math.max(...Object.values(counts));
    const root = svg("svg", {width: W, height: H + 20, class: "bars", role: "img"});
    for (const d of days) {
      const h = Math.max(2, Math.round((H - 10) * counts[d] / max));
      const rect = svg("rect", {x: pad + Math.round((toDay(d) - lo) / dayMs) * bw, y: H - h, width: Math.max(1, bw - 1), height: h, class: "bar"});
      const t = svg("title"); t.textContent = `${d}: ${counts[d]}`; rect.appendChild(t);
      root.appendChild(rect);
    }
    const a = svg("text", {x: pad, y: H + 16, class: "axis"}); a.textContent = days[0];
    const b = svg("text", {x: W - pad, y: H + 16, class: "axis", "text-anchor": "end"}); b.textContent = days[days.length - 1];
    root.append(a, b);
    box.appendChild(root);
  }

  function panel(e) {
    const box = clear(document.getElementById("ev-panel"));
    box.appendChild(el("h3", {}, el("a", {href: eventHref(e.event_id)}, e.type_name || e.type || e.event_id)));
    box.appendChild(el("p", {class: "muted small"}, [when(e), where(e), `${e.independent_sources} independent source(s)`].join(" · ")));
    for (const c of e.conflicts || []) box.appendChild(el("p", {class: "small"}, "conflict: " + c.kind));
  }

  async function list(offset) {
    const status = document.getElementById("ev-status");
    const rows = clear(document.getElementById("ev-rows"));
    const map = list.map || (list.map = baseMap("map"));
    const layer = list.layer || (list.layer = L.layerGroup().addTo(map));
    const q = {type: val("ev-type"), place: val("ev-place"), actor: val("ev-actor"), since: val("ev-since"),
               until: val("ev-until"), min_sources: val("ev-min") || 1};
    const qs = new URLSearchParams(Object.entries(q).filter(([, v]) => v !== "" && v !== null));
    document.getElementById("ev-csv").setAttribute("href", "/api/events?format=csv&" + qs);
    document.getElementById("ev-geojson").setAttribute("href", "/api/events?format=geojson&" + qs);
    document.getElementById("ev-table").dataset.state = "loading";
    status.textContent = "loading…";
    try {
      const data = await api("/api/events", Object.assign({limit: PAGE, offset}, q));
      layer.clearLayers();
      for (const e of data.items) {
        const first = e.first_report || {};
        const lead = (e.reports || []).find((r) => r.event_id === first.event_id) || (e.reports || [])[0];
        rows.appendChild(el("tr", {class: "event-row", "data-event": e.event_id},
          el("td", {}, when(e)),
          el("td", {}, el("a", {href: eventHref(e.event_id)}, e.type_name || e.type || "")),
          el("td", {}, where(e)),
          el("td", {}, who(e.actors)),
          el("td", {}, `${e.independent_sources} (${e.articles} articles)`),
          el("td", {}, (e.conflict_kinds || []).join(", ") || "–"),
          el("td", {class: "small"}, lead ? `${first.outlet || ""}: “${lead.evidence.text}”` : "")));
        const p = e.place || {};
        if (p.lat !== null && p.lat !== undefined && p.lon !== null && p.lon !== undefined) {
          const m = L.circleMarker([p.lat, p.lon], {radius: 5 + 2 * Math.sqrt(e.independent_sources || 1),
            color: (e.conflicts || []).length ? "#b3261e" : "#1f5fa8", weight: 2, fillOpacity: 0.5});
          m.on("click", () => panel(e));
          m.addTo(layer);
        }
      }
      if (!data.items.length) rows.appendChild(el("tr", {}, el("td", {colspan: 7, class: "muted"}, "No events: none merged yet, or none match.")));
      timeline(document.getElementById("ev-timeline"), data.items);
      status.textContent = `${data.total} event${data.total === 1 ? "" : "s"}`;
      pager(document.getElementById("prev"), document.getElementById("next"), offset, PAGE, data.total, list);
      document.getElementById("ev-table").dataset.state = "ready";
    } catch (err) { showError(status, err); document.getElementById("ev-table").dataset.state = "error"; }
  }

  function val(id) { const n = document.getElementById(id); return n ? n.value.trim() : ""; }

  async function one(id) {
    const meta = document.getElementById("e-meta");
    try {
      const e = await api("/api/events/" + encodeURIComponent(id));
      document.title = (e.type_name || e.event_id) + " · newstrace";
      document.getElementById("e-title").textContent = `${e.type_name || e.type}: ${where(e) || "place unknown"}, ${when(e)}`;
      const first = e.first_report || {};
      meta.textContent = [`${e.independent_sources} independent source${e.independent_sources === 1 ? "" : "s"}`,
        `${e.articles} article${e.articles === 1 ? "" : "s"}`, (e.outlets || []).join(", "),
        first.outlet ? `first report: ${first.outlet} ${first.published || ""}` : null].filter(Boolean).join(" · ");
      document.getElementById("e-actors").textContent = [e.actors && e.actors.length ? "Actors: " + who(e.actors) : null,
        e.targets && e.targets.length ? "Targets: " + who(e.targets) : null].filter(Boolean).join(" · ");
      document.getElementById("e-figures").textContent = Object.entries(e.figures || {})
        .map(([k, fs]) => `${k}: ${fs.map((f) => f.text).join("; ")}`).join(" · ");
      const ul = clear(document.getElementById("e-conflicts"));
      for (const c of e.conflicts || []) {
        const li = el("li", {class: "conflict conflict-" + String(c.kind).replace(/[^a-z]/g, "")},
          el("strong", {}, c.kind + (c.field && c.field !== c.kind ? ` (${c.field})` : "")),
          c.kind === "denial" ? ` — denied by ${c.denied_by || "a party"}` : "");
        const inner = el("ul", {});
        for (const v of c.values) {
          inner.appendChild(el("li", {}, el("span", {class: "badge"}, String(v.value)), " ",
            v.reports.map((r) => el("span", {}, el("a", {href: NT.spanHref(r.doc_id, r.evidence.start, r.evidence.end)}, r.outlet || r.doc_id), " “", r.evidence.text, "” "))));
        }
        li.appendChild(inner);
        ul.appendChild(li);
      }
      if (!(e.conflicts || []).length) ul.appendChild(el("li", {class: "muted"}, "none: the reports agree"));
      const body = clear(document.getElementById("e-reports"));
      for (const r of e.reports || []) {
        body.appendChild(el("tr", {class: "report"},
          el("td", {}, (r.published || "").slice(0, 10)),
          el("td", {}, r.outlet || ""),
          el("td", {}, r.status + (r.denied_by ? ` (by ${r.denied_by})` : "")),
          el("td", {}, el("a", {href: NT.spanHref(r.doc_id, r.start, r.end), class: "evidence-link"}, "“" + r.text + "”"), r.reported_by && r.reported_by.length ? el("div", {class: "muted small"}, "on the word of " + r.reported_by.join(" ← ")) : null),
          el("td", {}, el("a", {href: articleHref(r.doc_id)}, r.title || r.doc_id))));
      }
      const p = e.place || {};
      if (p.lat !== null && p.lat !== undefined) {
        const map = baseMap("map");
        map.setView([p.lat, p.lon], 6);
        L.circleMarker([p.lat, p.lon], {radius: 8, color: "#b3261e"}).addTo(map);
      }
      document.getElementById("e-reports").dataset.state = "ready";
    } catch (err) { showError(meta, err); }
  }

  if (document.body.dataset.page === "event") one(NT.pathId("/event/"));
  else {
    document.getElementById("ev-form").addEventListener("submit", (ev) => { ev.preventDefault(); list(0); });
    list(0);
  }
})();
