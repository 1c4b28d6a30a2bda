// Stories list (/stories) and one story (/story/ID): originals versus copies and rewrites.
"use strict";

(() => {
  const {el, clear, api, articleHref, showError, pager} = NT;
  const PAGE = 20;

  async function list(offset) {
    const box = clear(document.getElementById("stories"));
    try {
      const data = await api("/api/stories", {limit: PAGE, offset});
      for (const s of data.items) {
        box.appendChild(el("li", {class: "hit"},
          el("h3", {}, el("a", {href: "/story/" + encodeURIComponent(s.story_id)}, s.label || s.story_id)),
          el("p", {class: "muted small"}, [s.first_published && s.last_published ? `${s.first_published.slice(0, 10)} – ${s.last_published.slice(0, 10)}` : null,
            `${s.articles} article${s.articles === 1 ? "" : "s"}`, `${s.independent_sources} independent`,
            (s.outlets || []).join(", ")].filter(Boolean).join(" · "))));
      }
      if (!data.items.length) box.appendChild(el("li", {class: "muted"}, "No stories yet: story clustering has not run on this store."));
      pager(document.getElementById("prev"), document.getElementById("next"), offset, PAGE, data.total, list);
    } catch (e) { showError(box, e); }
  }

  // Why 25: the links of one report are one request; a story page asks for at most this many
  // (the originals first published), so a story of hundreds of copies stays one screenful of work.
  const MAX_LINKED = 25;
  const FIELD = {figure: "figures", actor: "actors", blamed: "actors", target: "targets", date: "day",
    place: "place", status: "status", type: "type"};
  const dateKey = (x) => (x.published ? String(x.published) : "\uffff");
  const day = (x) => (x && x.published ? String(x.published).slice(0, 10) : "undated");

  function frameValue(v) {
    if (v === null || v === undefined || v === "") return "not stated";
    if (Array.isArray(v)) return v.length ? v.map((x) => (x && typeof x === "object") ? [x.kind, x.value].filter((y) => y !== null && y !== undefined).join(" ") : String(x)).join(", ") : "not stated";
    return String(v);
  }

  function memberRow(a, depth) {
    return el("tr", {class: "role-" + String(a.role || "").replace(/[^a-z]/g, "") + (depth ? " folded" : ""), "data-doc-id": a.doc_id},
      el("td", {}, day(a)),
      el("td", {}, a.outlet || "unknown outlet"),
      el("td", {}, depth ? "↳ " : "", el("a", {href: articleHref(a.doc_id)}, a.title || a.doc_id)),
      el("td", {}, el("span", {class: "badge"}, a.role || "")),
      el("td", {}, a.of ? el("a", {href: articleHref(a.of)}, a.of_title || a.of) : ""));
  }

  function conflictItem(m, lk, byId) {
    const other = byId.get(lk.other_doc_id) || {doc_id: lk.other_doc_id, title: lk.title, outlet: lk.outlet, published: lk.published};
    const ev = (lk.evidence || []).filter((e) => e && typeof e === "object").slice(0, 2);
    return el("li", {class: "report stance-disputes", "data-doc-id": m.doc_id},
      el("div", {class: "report-head"}, el("span", {class: "badge stance"}, "disputes"), " ",
        el("strong", {}, m.outlet || "unknown outlet"), " · ", el("span", {class: "muted"}, day(m)), " · ",
        el("a", {href: articleHref(m.doc_id)}, m.title || m.doc_id), " — against ",
        el("strong", {}, other.outlet || "unknown outlet"), " · ", el("a", {href: articleHref(other.doc_id)}, other.title || other.doc_id)),
      ev.map((e) => {
        const key = FIELD[e.conflict] || e.conflict;
        const vals = e.values || {};
        const here = Number.isInteger(e.start) ? [m.doc_id, e.start, e.end] :
          (Number.isInteger(e.other_start) ? [other.doc_id, e.other_start, e.other_end] : null);
        return [
          here ? el("blockquote", {class: "evidence"}, el("a", {href: NT.spanHref(...here), class: "evidence-link"},
            e.text || `the sentence in ${here[0] === m.doc_id ? (m.outlet || "this report") : (other.outlet || "the other report")} (characters ${here[1]}–${here[2]})`)) : null,
          e.conflict ? el("p", {class: "why small"}, el("strong", {}, "conflict: " + e.conflict),
            vals.claim && vals.other ? ` — ${m.outlet || "this report"}: ${frameValue(vals.claim[key])}; ${other.outlet || "the other"}: ${frameValue(vals.other[key])}` : "") : null];
      }));
  }

  async function conflicts(members) {
    const box = clear(document.getElementById("s-conflicts"));
    const byId = new Map(members.map((m) => [m.doc_id, m]));
    const originals = members.filter((m) => m.role !== "copy").sort((a, b) => dateKey(a).localeCompare(dateKey(b))).slice(0, MAX_LINKED);
    const seen = new Set();
    const answers = await Promise.all(originals.map((m) => api("/api/articles/" + encodeURIComponent(m.doc_id) + "/links").catch(() => null)));
    // A pair is told from the later report's side (it disputes what was reported first), listed
    // first report first.
    const found = [];
    for (let i = originals.length - 1; i >= 0; i--) {
      const m = originals[i];
      for (const lk of ((answers[i] || {}).links || [])) {
        if (lk.kind !== "disagree" || !byId.has(lk.other_doc_id) || byId.get(lk.other_doc_id).role === "copy") continue;
        const pair = [m.doc_id, lk.other_doc_id].sort().join(" ");
        if (seen.has(pair)) continue;
        seen.add(pair);
        found.push([m, lk]);
      }
    }
    found.sort((a, b) => dateKey(a[0]).localeCompare(dateKey(b[0])));
    for (const [m, lk] of found) box.appendChild(conflictItem(m, lk, byId));
    if (!box.childNodes.length) box.appendChild(el("li", {class: "muted small"}, "no disputing reports linked in this story"));
    if (members.filter((m) => m.role !== "copy").length > MAX_LINKED) {
      box.appendChild(el("li", {class: "muted small"}, `links read for the first ${MAX_LINKED} original reports only`));
    }
    box.dataset.state = "ready";
  }

  async function one(storyId) {
    const body = document.getElementById("s-articles");
    try {
      const s = await api("/api/stories/" + encodeURIComponent(storyId));
      document.title = (s.label || s.story_id) + " · newstrace";
      document.getElementById("s-title").textContent = s.label || s.story_id;
      document.getElementById("s-meta").textContent = [`${s.members.length} articles`,
        `${s.independent_sources} independent source${s.independent_sources === 1 ? "" : "s"}`,
        s.first_published && "first published " + s.first_published].filter(Boolean).join(" · ");
      clear(document.getElementById("s-report")).append(NT.reportLinks("story", s.story_id));
      // First report first; a copy goes right under the report it copies.
      const sorted = s.members.slice().sort((a, b) => dateKey(a).localeCompare(dateKey(b)));
      const ids = new Set(sorted.map((m) => m.doc_id));
      const under = new Map();
      for (const m of sorted) {
        if (m.of && m.of !== m.doc_id && ids.has(m.of)) {
          if (!under.has(m.of)) under.set(m.of, []);
          under.get(m.of).push(m);
        }
      }
      const shown = new Set();
      const emit = (a, depth) => {
        if (shown.has(a.doc_id)) return;
        shown.add(a.doc_id);
        body.appendChild(memberRow(a, depth));
        for (const c of under.get(a.doc_id) || []) emit(c, depth + 1);
      };
      for (const a of sorted) if (!(a.of && a.of !== a.doc_id && ids.has(a.of))) emit(a, 0);
      for (const a of sorted) emit(a, 0);  // copies whose chain of origins loops: listed all the same
      body.dataset.state = "ready";
      await conflicts(s.members);
    } catch (e) { showError(document.getElementById("s-meta"), e); }
  }

  if (document.body.dataset.page === "story") one(NT.pathId("/story/"));
  else list(0);
})();
