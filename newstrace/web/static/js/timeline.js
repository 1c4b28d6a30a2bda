// Timeline: articles per publication day and dated events per day, as SVG bar charts.
"use strict";

(() => {
  const {el, clear, api, articleLink, metaLine, showError} = NT;
  const SVG = "http://www.w3.org/2000/svg";
  const status = document.getElementById("tl-status");

  function svg(tag, attrs) {
    const n = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) n.setAttribute(k, String(v));
    return n;
  }

  const dayMs = 86400000;
  const toDay = (s) => Date.parse(s.slice(0, 10) + "T00:00:00Z");

  // Bars for [{date, count}] on a shared day axis [lo, hi]; click opens that day.
  function chart(box, rows, lo, hi, kind) {
    clear(box);
    if (!rows.length) { box.appendChild(el("p", {class: "muted small"}, "nothing dated in this range")); return; }
    const W = Math.max(box.clientWidth || 800, 300), H = 140, pad = 24;
    const days = Math.max(1, Math.round((hi - lo) / dayMs) + 1);
    const bw = Math.max(1, (W - 2 * pad) / days);
    const max = Math.max(...rows.map((r) => r.count));
    const root = svg("svg", {width: W, height: H + 20, class: "bars bars-" + kind, role: "img"});
    for (const r of rows) {
      const x = pad + Math.round((toDay(r.date) - lo) / dayMs) * bw;
      const h = Math.max(2, Math.round((H - 10) * r.count / max));
      const rect = svg("rect", {x, y: H - h, width: Math.max(1, bw - 1), height: h, class: "bar", "data-date": r.date});
      const title = svg("title");
      title.textContent = `${r.date}: ${r.count}`;
      rect.appendChild(title);
      rect.addEventListener("click", () => openDay(r.date));
      root.appendChild(rect);
    }
    const first = svg("text", {x: pad, y: H + 16, class: "axis"});
    first.textContent = new Date(lo).toISOString().slice(0, 10);
    const last = svg("text", {x: W - pad, y: H + 16, class: "axis", "text-anchor": "end"});
    last.textContent = new Date(hi).toISOString().slice(0, 10);
    const top = svg("text", {x: 2, y: 12, class: "axis"});
    top.textContent = String(max);
    root.append(first, last, top);
    box.appendChild(root);
  }

  async function openDay(date) {
    document.getElementById("tl-day-title").textContent = date;
    try {
      const data = await api("/api/timeline/" + encodeURIComponent(date));
      for (const [id, items] of [["tl-day-published", data.published], ["tl-day-refs", data.referring]]) {
        const ol = clear(document.getElementById(id));
        for (const it of items) {
          ol.appendChild(el("li", {}, articleLink(it), el("div", {class: "muted small"},
            metaLine(it) + (it.expression ? " · “" + it.expression + "”" : ""))));
        }
        if (!items.length) ol.appendChild(el("li", {class: "muted small"}, "none"));
      }
    } catch (e) { showError(document.getElementById("tl-day-published"), e); }
  }

  async function load() {
    status.textContent = "Loading…";
    try {
      const data = await api("/api/timeline", {since: document.getElementById("t-since").value,
        until: document.getElementById("t-until").value});
      const days = data.articles.concat(data.events).map((r) => toDay(r.date)).filter((x) => !isNaN(x));
      const lo = Math.min(...days), hi = Math.max(...days);
      chart(document.getElementById("tl-articles"), data.articles, lo, hi, "articles");
      chart(document.getElementById("tl-events"), data.events, lo, hi, "events");
      status.textContent = `${data.articles.reduce((s, r) => s + r.count, 0)} dated articles · ` +
        `${data.events.reduce((s, r) => s + r.count, 0)} dated event references` +
        (data.undated ? ` · ${data.undated} articles without a date` : "");
    } catch (e) {
      status.textContent = "";
      showError(document.getElementById("tl-articles"), e);
    }
  }

  document.getElementById("tl-form").addEventListener("submit", (ev) => { ev.preventDefault(); load(); });
  load();
})();
