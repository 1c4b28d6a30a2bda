// Search page: full-text search with facets; the URL holds the state so results can be shared.
"use strict";

(() => {
  const {el, clear, api, marked, articleLink, metaLine, showError, pager} = NT;
  const PAGE = 20;
  const FILTERS = ["outlet", "since", "until", "language", "entity", "place"];
  const form = document.getElementById("search-form");
  const results = document.getElementById("results");
  const summary = document.getElementById("result-summary");
  let shown = "";

  function state() {
    const p = NT.params();
    const s = {q: p.get("q") || "", offset: Math.max(0, parseInt(p.get("offset") || "0", 10) || 0)};
    for (const f of FILTERS) s[f] = p.get(f) || "";
    return s;
  }

  function go(s, push) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(s)) if (v && !(k === "offset" && v === 0)) p.set(k, v);
    const url = "/" + (p.toString() ? "?" + p.toString() : "");
    if (push) history.pushState(null, "", url);
    run(s);
  }

  function fillForm(s) {
    document.getElementById("q").value = s.q;
    for (const f of FILTERS) document.getElementById("f-" + f).value = s[f];
  }

  function chips(s) {
    const box = clear(document.getElementById("active-filters"));
    for (const f of FILTERS) {
      if (!s[f]) continue;
      box.appendChild(el("button", {type: "button", class: "chip", title: "remove this filter",
        onclick: () => { const n = Object.assign({}, s, {offset: 0}); n[f] = ""; fillForm(n); go(n, true); }},
      f + ": " + s[f] + " ✕"));
    }
  }

  function renderHit(hit) {
    const li = el("li", {class: "hit", "data-doc-id": hit.doc_id});
    li.appendChild(el("h3", {}, articleLink(hit, hit.title ? hit.title_highlights : null)));
    li.appendChild(el("p", {class: "muted small"}, metaLine(hit)));
    if (hit.snippet) li.appendChild(el("p", {class: "snippet"}, marked(hit.snippet, hit.highlights)));
    return li;
  }

  function facetList(id, items, onPick) {
    const ul = clear(document.getElementById(id));
    for (const it of items || []) {
      ul.appendChild(el("li", {}, el("button", {type: "button", class: "facet", onclick: () => onPick(it.value)},
        el("span", {}, it.value), el("span", {class: "count"}, String(it.count)))));
    }
    if (!items || !items.length) ul.appendChild(el("li", {class: "muted small"}, "none"));
  }

  function monthRange(month) {
    const [y, m] = month.split("-").map((x) => parseInt(x, 10));
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return [month + "-01", month + "-" + String(last).padStart(2, "0")];
  }

  async function loadFacets(s) {
    const note = document.getElementById("facet-note");
    try {
      const f = await api("/api/facets", {q: s.q, outlet: s.outlet, since: s.since, until: s.until,
        language: s.language});
      const pick = (key) => (value) => { const n = Object.assign({}, s, {offset: 0}); n[key] = value; fillForm(n); go(n, true); };
      facetList("facet-outlets", f.outlets, pick("outlet"));
      facetList("facet-months", f.months, (month) => {
        const [a, b] = monthRange(month);
        const n = Object.assign({}, s, {offset: 0, since: a, until: b}); fillForm(n); go(n, true);
      });
      facetList("facet-people", f.people, pick("entity"));
      facetList("facet-places", f.places, pick("place"));
      note.textContent = f.sampled ? "Facets count the best " + f.sample_size + " of " + f.total.toLocaleString() + " matches." : "";
      if (shown) summary.textContent = "Articles " + shown + " of " + f.total.toLocaleString() + (s.q ? " matching “" + s.q + "”" : "");
    } catch (e) {
      note.textContent = "";
    }
  }

  async function run(s) {
    fillForm(s);
    chips(s);
    clear(results);
    shown = "";
    summary.textContent = "Searching…";
    const common = {outlet: s.outlet, since: s.since, until: s.until, language: s.language,
      limit: PAGE, offset: s.offset};
    try {
      // /api/search is the store's ranked full-text search; entity/place filters need the listing.
      const useSearch = s.q && !s.entity && !s.place;
      const data = useSearch
        ? await api("/api/search", Object.assign({q: s.q}, common))
        : await api("/api/articles", Object.assign({q: s.q, entity: s.entity, place: s.place}, common));
      const items = data.hits || data.items || [];
      items.forEach((h) => results.appendChild(renderHit(h)));
      // /api/search answers without a total (counting every match costs time on a large store);
      // the facets request counts them and fills it in.
      const total = useSearch ? null : data.total;
      const more = useSearch ? data.has_more : s.offset + items.length < total;
      const range = items.length ? `${s.offset + 1}–${s.offset + items.length}` : "";
      shown = total === null ? range : "";
      summary.textContent = items.length ? "Articles " + range + (total !== null ? " of " + total.toLocaleString() : "") :
        (s.offset ? "No more articles." : "No articles match.");
      pager(document.getElementById("prev"), document.getElementById("next"), s.offset, PAGE,
        more ? s.offset + PAGE + 1 : s.offset + items.length, (off) => go(Object.assign({}, s, {offset: off}), true));
    } catch (e) {
      summary.textContent = "";
      showError(results, e);
    }
    loadFacets(s);
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const s = {q: document.getElementById("q").value.trim(), offset: 0};
    for (const f of FILTERS) s[f] = document.getElementById("f-" + f).value.trim();
    go(s, true);
  });
  window.addEventListener("popstate", () => run(state()));
  run(state());
})();
