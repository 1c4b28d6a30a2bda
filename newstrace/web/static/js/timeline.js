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
    const earlier = rows.filter((r) => toDay(r.date) < lo).reduce((n, r) => n + r.count, 0);
    const later = rows.filter((r) => toDay(r.date) > hi).reduce((n, r) => n + r.count, 0);
    rows = rows.filter((r) => { const d = toDay(r.date); return d >= lo && d <= hi; });
    if (!rows.length) { box.appendChild(el("p", {class: "muted small"}, "nothing dated inside the axis (see the dates outside it above)")); return; }
    const max = Math.max(...rows.map((r) => r.count));
    const root = svg("svg", {width: W, height: H + 20, class: "bars bars-" + kind, role: "group", "aria-label": kind + " per day"});
    for (const r of rows) {
      const x = pad + Math.round((toDay(r.date) - lo) / dayMs) * bw;
      const h = Math.max(2, Math.round((H - 10) * r.count / max));
      // Focusable and opened with Enter or Space too: the chart works from the keyboard.
      const rect = svg("rect", {x, y: H - h, width: Math.max(1, bw - 1), height: h, class: "bar", "data-date": r.date,
        tabindex: 0, role: "button", "aria-label": `${r.date}: ${r.count}`});
      const title = svg("title");
      title.textContent = `${r.date}: ${r.count}`;
      rect.appendChild(title);
      rect.addEventListener("click", () => openDay(r.date));
      rect.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); openDay(r.date); } });
      root.appendChild(rect);
    }
    const first = svg("text", {x: pad, y: H + 16, class: "axis"});
    first.textContent = new Date(lo).toISOString().slice(0, 10);
    const last = svg("text", {x: W - pad, y: H + 16, class: "axis", "text-anchor": "end"});
    last.textContent = new Date(hi).toISOString().slice(0, 10);
    const top = svg("text", {x: 2, y: 12, class: "axis"});
    top.textContent = String(max);
    root.append(first, last, top);
    // Outliers marked at the axis ends (each is listed, and opens its day, above the charts).
    if (earlier) {
      const t = svg("text", {x: pad, y: 12, class: "axis outlier-mark"});
      t.textContent = `◀ ${earlier} earlier`;
      root.append(t);
    }
    if (later) {
      const t = svg("text", {x: W - pad, y: 12, class: "axis outlier-mark", "text-anchor": "end"});
      t.textContent = `${later} later ▶`;
      root.append(t);
    }
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

  // Why 0.96: the axis spans the shortest run of days holding 96 % of the dated items (the 2nd to
  // 98th percentile when the bulk is one block), so one stray date (a 1920 anniversary, a parse
  // slip) cannot stretch it over a century and leave every bar one pixel wide.
  const BULK = 0.96;
  // Why 30 days (or a quarter of the bulk's span): a date that close to the bulk belongs to it.
  const NEAR_DAYS = 30;

  // -> [lo, hi] in ms for rows [{date, count}]: the bulk of the weight, widened to near neighbours.
  function bulkRange(rows) {
    const pts = rows.map((r) => [toDay(r.date), r.count]).filter(([d]) => !isNaN(d)).sort((a, b) => a[0] - b[0]);
    if (!pts.length) return null;
    const total = pts.reduce((s, p) => s + p[1], 0);
    const need = Math.max(1, Math.floor(BULK * total));
    let best = [0, pts.length - 1], j = 0, sum = 0;
    for (let i = 0; i < pts.length; i++) {  // two pointers: shortest window [i, j] holding `need`
      while (j < pts.length && sum < need) { sum += pts[j][1]; j += 1; }
      if (sum < need) break;
      if (pts[j - 1][0] - pts[i][0] < pts[best[1]][0] - pts[best[0]][0]) best = [i, j - 1];
      sum -= pts[i][1];
    }
    let [a, b] = best;
    const near = () => Math.max(NEAR_DAYS * dayMs, 0.25 * (pts[b][0] - pts[a][0]));
    while (a > 0 && pts[a][0] - pts[a - 1][0] <= near()) a -= 1;
    while (b < pts.length - 1 && pts[b + 1][0] - pts[b][0] <= near()) b += 1;
    return [pts[a][0], pts[b][0]];
  }

  function outliers(rows, lo, hi) {
    const box = clear(document.getElementById("tl-outliers"));
    const out = rows.filter((r) => { const d = toDay(r.date); return !isNaN(d) && (d < lo || d > hi); })
      .sort((a, b) => a.date.localeCompare(b.date));
    if (!out.length) return;
    box.append(el("strong", {}, `Outside the axis (${out.length} date${out.length === 1 ? "" : "s"}): `));
    for (const r of out.slice(0, 50)) {
      box.append(el("button", {type: "button", class: "outlier", "data-date": r.date, onclick: () => openDay(r.date)},
        `${toDay(r.date) < lo ? "◀" : "▶"} ${r.date} (${r.count} ${r.kind}${r.count === 1 ? "" : "s"})`), " ");
    }
    if (out.length > 50) box.append(el("span", {class: "muted"}, `and ${out.length - 50} more`));
  }

  async function load() {
    status.textContent = "Loading…";
    try {
      const data = await api("/api/timeline", {since: document.getElementById("t-since").value,
        until: document.getElementById("t-until").value});
      const tagged = data.articles.map((r) => ({...r, kind: "article"})).concat(data.events.map((r) => ({...r, kind: "event reference"})));
      const days = tagged.map((r) => toDay(r.date)).filter((x) => !isNaN(x));
      let lo = Math.min(...days), hi = Math.max(...days);
      const everything = document.getElementById("t-all").checked;
      const bulk = everything ? null : bulkRange(tagged);
      if (bulk) [lo, hi] = bulk;
      const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
      document.getElementById("tl-axis-note").textContent = days.length
        ? `Axis: ${iso(lo)} to ${iso(hi)}` + (everything ? " (every date)" : " (the bulk of the dates; any outside it are listed above the charts)") : "";
      outliers(everything ? [] : tagged, lo, hi);
      chart(document.getElementById("tl-articles"), data.articles, lo, hi, "articles");
      chart(document.getElementById("tl-events"), data.events, lo, hi, "events");
      status.textContent = `${data.articles.reduce((s, r) => s + r.count, 0)} dated articles · ` +
        `${data.events.reduce((s, r) => s + r.count, 0)} dated event references` +
        (data.undated ? ` · ${data.undated} articles without a date` : "");
      document.querySelector(".timeline").dataset.state = "ready";
    } catch (e) {
      status.textContent = "";
      showError(document.getElementById("tl-articles"), e);
    }
  }

  document.getElementById("t-all").addEventListener("change", load);
  document.getElementById("tl-form").addEventListener("submit", (ev) => { ev.preventDefault(); load(); });
  load();
})();
