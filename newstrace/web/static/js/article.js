// Article page: the clean text with every annotation highlighted from its offsets.
// The text is cut at annotation boundaries into text nodes inside <span>s; classes say which
// layers cover a piece. No article string is ever parsed as HTML.
"use strict";

(() => {
  const {el, clear, api, articleHref, externalLink, showError} = NT;
  const docId = NT.pathId("/article/");
  const LAYERS = [
    ["entity", "Entities"], ["quote", "Quotes"], ["speaker", "Speakers"], ["cue", "Speech cues"],
    ["hedge", "Hedges"], ["denial", "Denials"], ["unverified", "Unverified"], ["amount", "Amounts"],
    ["place", "Places"], ["time", "Dates"], ["claim", "Claims"], ["fragment", "Scare quotes"],
    ["shared", "Shared with copies"],
  ];
  // Layers on when the page opens (a reader's first questions: who said what, which claims,
  // where); the legend switches the others on. Kept for the tab in sessionStorage.
  const DEFAULT_ON = new Set(["quote", "speaker", "claim", "place", "target"]);
  const LAYER_KEY = "newstrace-layers";
  let article = null;
  let anns = [];
  // Speech (said or written) by default; the toggle adds beliefs, stances, actions and evidence.
  // JSON stored before attribution kinds has no `attribution`: all of it was read as speech.
  let allAttributions = false;
  let allClaims = false;
  const isShown = (q) => allAttributions || !q.attribution || q.attribution === "speech";

  const safeClass = (s) => String(s || "").replace(/[^A-Za-z0-9_-]/g, "").slice(0, 40);

  function validSpan(s, n) {
    return s && Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.end <= n && s.end > s.start;
  }

  // Every annotation as {start, end, layer, classes, label, ref}: the single list the renderer sweeps.
  function collect(a) {
    const n = a.text.length;
    const out = [];
    const add = (span, layer, extra, label, ref) => {
      if (validSpan(span, n)) out.push({start: span.start, end: span.end, layer, classes: [layer].concat(extra || []), label, ref});
    };
    (a.entities || []).forEach((e) => add(e, "entity", ["ent-" + safeClass(e.label)], e.label + ": " + e.canonical, e));
    (a.quotes || []).forEach((q, i) => {
      if (!isShown(q)) return;
      add(q.content, "quote", ["q" + i, q.is_direct ? "direct" : "indirect"], "quote " + (i + 1), q);
      add(q.speaker, "speaker", ["q" + i], "speaker of quote " + (i + 1), q);
      add(q.cue, "cue", [], "speech cue of quote " + (i + 1), q);
    });
    (a.claims || []).forEach((c, i) => {
      add(c, "claim", ["status-" + safeClass(c.status)], "claim (" + c.status + ")", c);
      (c.cues || []).forEach((cue) => add(cue, safeClass(cue.kind) || "hedge", [], cue.kind + " cue", c));
    });
    (a.amounts || []).forEach((m) => add(m, "amount", [], "amount", m));
    (a.places || []).forEach((p) => add(p, "place", ["role-" + safeClass(p.role)], "place (" + p.role + ")", p));
    (a.times || []).forEach((t) => add(t, "time", [], "date", t));
    (a.fragments || []).forEach((f) => add(f, "fragment", [], f.kind + " quote", f));
    // Passages a copy or rewrite shares with this article (link evidence: offsets on this side).
    (a.links || []).filter((l) => l.kind === "copy" || l.kind === "rewrite").forEach((l) =>
      (l.evidence || []).forEach((e) => add(e, "shared", [], "passage shared with a " + l.kind, l)));
    const t = target();
    if (t) add(t, "target", [], "the passage you followed a link to", t);
    return out;
  }

  // #s=START-END (links from claim, story and event pages): the span to scroll to and highlight.
  function target() {
    const m = /^#s=(\d{1,9})-(\d{1,9})$/.exec(location.hash);
    return m ? {start: parseInt(m[1], 10), end: parseInt(m[2], 10)} : null;
  }

  function showTarget() {
    const node = document.querySelector("#a-text span.target");
    if (!node) return;
    node.setAttribute("tabindex", "-1");
    node.id = "target-start";
    node.scrollIntoView({block: "center"});
    node.focus({preventScroll: true});
  }

  function shownLayers() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(LAYER_KEY) || "null");
      if (Array.isArray(saved)) return new Set(saved.concat(["target"]));
    } catch (e) { /* a bad value: the defaults */ }
    return new Set(DEFAULT_ON);
  }

  // Sweep one paragraph [ps, pe): boundaries from every annotation, one node per piece.
  function renderParagraph(text, ps, pe, list, kind) {
    const p = el("p", {class: "para para-" + safeClass(kind), "data-start": ps});
    const inside = list.filter((a) => a.start < pe && a.end > ps);
    const cuts = new Set([ps, pe]);
    for (const a of inside) { cuts.add(Math.max(ps, a.start)); cuts.add(Math.min(pe, a.end)); }
    const points = Array.from(cuts).sort((x, y) => x - y);
    const starts = new Map();
    for (const a of inside) {
      const s = Math.max(ps, a.start);
      if (!starts.has(s)) starts.set(s, []);
      starts.get(s).push(a);
    }
    let active = [];
    for (let i = 0; i < points.length - 1; i++) {
      const s = points[i], e = points[i + 1];
      active = active.filter((a) => a.end > s).concat(starts.get(s) || []);
      const piece = text.slice(s, e);
      if (!active.length) { p.appendChild(document.createTextNode(piece)); continue; }
      const span = document.createElement("span");
      const classes = new Set(["ann"]);
      for (const a of active) for (const c of a.classes) classes.add(c);
      span.className = Array.from(classes).join(" ");
      span.textContent = piece;
      span.dataset.start = String(s);
      span._anns = active.slice();
      p.appendChild(span);
    }
    return p;
  }

  function renderText(a) {
    const box = clear(document.getElementById("a-text"));
    let paras = (a.paragraphs || []).filter((p) => validSpan(p, a.text.length));
    if (!paras.length && a.text) paras = [{start: 0, end: a.text.length, kind: "body"}];
    const sorted = anns.slice().sort((x, y) => x.start - y.start);
    const frag = document.createDocumentFragment();
    for (const p of paras) frag.appendChild(renderParagraph(a.text, p.start, p.end, sorted, p.kind));
    box.appendChild(frag);
  }

  function legend() {
    const box = clear(document.getElementById("legend"));
    const present = new Set(anns.map((x) => x.layer));
    const page = document.getElementById("article");
    const shown = shownLayers();
    const fieldset = el("fieldset", {class: "legend-set"}, el("legend", {}, "Highlight layers (ticked ones are shown)"));
    for (const [layer, name] of LAYERS) {
      page.classList.toggle("hide-" + layer, !shown.has(layer));
      if (!present.has(layer)) continue;
      const count = anns.filter((x) => x.layer === layer).length;
      const attrs = {type: "checkbox", "data-layer": layer, id: "layer-" + layer};
      if (shown.has(layer)) attrs.checked = "checked";
      const input = el("input", attrs);
      input.addEventListener("change", () => {
        page.classList.toggle("hide-" + layer, !input.checked);
        const now = Array.from(document.querySelectorAll("#legend input[data-layer]")).filter((i) => i.checked).map((i) => i.dataset.layer);
        sessionStorage.setItem(LAYER_KEY, JSON.stringify(now));
      });
      fieldset.appendChild(el("label", {class: "layer-toggle", for: "layer-" + layer}, input, " ",
        el("span", {class: "swatch ann " + layer}, name), " " + count));
    }
    if (!present.size) fieldset.appendChild(el("span", {class: "muted"}, "No annotations on this article yet."));
    else {
      fieldset.appendChild(el("button", {type: "button", class: "link small", id: "layers-all", onclick: () => setAll(true)}, "all"));
      fieldset.appendChild(el("button", {type: "button", class: "link small", id: "layers-default", onclick: () => {
        sessionStorage.removeItem(LAYER_KEY); legend();
      }}, "defaults"));
    }
    box.appendChild(fieldset);
  }

  function setAll(on) {
    for (const i of document.querySelectorAll("#legend input[data-layer]")) {
      i.checked = on;
      i.dispatchEvent(new Event("change"));
    }
  }

  function spanText(s) { return validSpan(s, article.text.length) ? article.text.slice(s.start, s.end) : ""; }

  function flash(start) {
    const node = document.querySelector(`#a-text span[data-start="${start}"]`) ||
      Array.from(document.querySelectorAll("#a-text span.ann")).find((n) => {
        const s = parseInt(n.dataset.start, 10);
        return s <= start && s + n.textContent.length > start;
      });
    if (!node) return;
    node.scrollIntoView({block: "center"});
    node.classList.add("flash");
    setTimeout(() => node.classList.remove("flash"), 1500);
  }

  function jump(span, label) {
    return el("button", {type: "button", class: "link", onclick: () => flash(span.start)}, label);
  }

  function entityLink(name) {
    return el("a", {href: "/?entity=" + encodeURIComponent(name)}, name);
  }

  function details(list) {
    const body = clear(document.getElementById("details-body"));
    document.getElementById("details").hidden = false;
    for (const a of list) {
      const item = el("div", {class: "detail"}, el("strong", {}, a.label), " ", el("q", {}, spanText(a)));
      const r = a.ref;
      if (a.layer === "quote" || a.layer === "speaker" || a.layer === "cue") {
        item.appendChild(el("div", {}, "Speaker: ", r.speaker_entity ? entityLink(r.speaker_entity) : (r.speaker_description || "unresolved"),
          r.speaker ? [" ", jump(r.speaker, "(mention)")] : null));
      } else if (a.layer === "place") {
        item.appendChild(el("div", {class: "small"}, [r.name, r.country, r.resolved ? `${r.lat}, ${r.lon}` : "unresolved"].filter(Boolean).join(" · ")));
      } else if (a.layer === "amount") {
        item.appendChild(el("div", {class: "small"}, amountText(r)));
      } else if (a.layer === "shared") {
        item.appendChild(el("div", {class: "small"}, "with ", el("a", {href: articleHref(r.other_doc_id)}, r.other_doc_id),
          typeof r.score === "number" ? " · score " + r.score.toFixed(2) : ""));
      } else if (a.layer === "time") {
        item.appendChild(el("div", {class: "small"}, r.value || r.reason || "unresolved"));
      }
      body.appendChild(item);
    }
  }

  function amountText(m) {
    const v = m.value !== null && m.value !== undefined ? m.value : [m.low, m.high].filter((x) => x !== null && x !== undefined).join("–");
    return [m.qualifier, v, m.unit, m.counted && "(" + m.counted + ")", m.attributed_to && "according to " + m.attributed_to]
      .filter((x) => x !== null && x !== undefined && x !== "").join(" ");
  }

  // Long articles carry hundreds of annotations per list: show the first LIST_STEP, more on demand.
  const LIST_STEP = 40;

  function listInto(id, items, render, empty) {
    const box = clear(document.getElementById(id));
    let shown = 0;
    const more = el("li", {class: "more"});
    const showMore = () => {
      more.remove();
      const frag = document.createDocumentFragment();
      for (const x of items.slice(shown, shown + LIST_STEP)) { const n = render(x, shown); if (n) frag.appendChild(n); shown += 1; }
      box.appendChild(frag);
      if (shown < items.length) {
        clear(more).appendChild(el("button", {type: "button", class: "link", onclick: showMore},
          `show ${Math.min(LIST_STEP, items.length - shown)} more of ${items.length - shown}`));
        box.appendChild(more);
      }
    };
    showMore();
    if (!box.childNodes.length) box.appendChild(el("li", {class: "muted small"}, empty || "none found"));
  }

  function sidebars(a) {
    listInto("a-quotes", (a.quotes || []).filter(isShown), (q) => el("li", {class: "quote-item"},
      jump(q.content, "“" + spanText(q.content).slice(0, 140) + (q.content.end - q.content.start > 140 ? "…" : "") + "”"),
      el("div", {class: "small"}, allAttributions && q.attribution ? q.attribution + " · " : null,
        q.is_direct ? "direct" : q.kind, " · speaker: ",
        q.speaker_entity ? entityLink(q.speaker_entity) : (q.speaker_description || "unresolved"),
        q.speaker ? [" ", jump(q.speaker, "↪ mention")] : null,
        (q.via || []).length ? " · via " + q.via.map((v) => v.name).join(" → ") : null)));
    const claims = allClaims ? (a.claims || []) :
      (a.claims || []).filter((c) => c.check_rank).sort((x, y) => x.check_rank - y.check_rank);
    listInto("a-claims", claims, (c) => el("li", {},
      c.check_rank ? el("span", {class: "badge"}, "#" + c.check_rank) : null, " ",
      el("span", {class: "badge status-" + safeClass(c.status)}, c.status), " ",
      jump(c, spanText(c).slice(0, 120)),
      typeof c.check_score === "number" ? el("div", {class: "small check-reasons"}, "check-worthiness " +
        c.check_score.toFixed(2) + ((c.check_reasons || []).length ? ": " + c.check_reasons.join("; ") : "")) : null,
      c.attributed_to ? el("div", {class: "small"}, "attributed to ", entityLink(c.attributed_to)) : null,
      (c.cues || []).length ? el("div", {class: "small"}, "cues: " + c.cues.map((x) => x.kind + " “" + spanText(x) + "”").join(", ")) : null,
      c.claim_id ? el("div", {class: "small"}, el("a", {href: "/claim/" + encodeURIComponent(c.claim_id)}, "claim page")) : null));
    listInto("a-amounts", a.amounts || [], (m) => el("li", {}, jump(m, spanText(m)), el("div", {class: "small"}, amountText(m))));
    const ents = new Map();
    for (const e of a.entities || []) {
      if (!["PERSON", "ORG", "NORP", "PLATFORM", "ACCOUNT"].includes(e.label)) continue;
      const k = e.label + "\u0000" + e.canonical;
      if (!ents.has(k)) ents.set(k, {e, n: 0});
      ents.get(k).n += 1;
    }
    listInto("a-entities", Array.from(ents.values()).sort((x, y) => y.n - x.n), ({e, n}) => el("li", {},
      entityLink(e.canonical), el("span", {class: "muted small"}, ` ${e.label} ×${n} `), jump(e, "↪")));
    listInto("a-places", a.places || [], (p) => el("li", {},
      el("span", {class: "dot dot-" + safeClass(p.role)}), " ", jump(p, spanText(p)),
      el("span", {class: "muted small"}, " " + [p.role, p.resolved ? p.name : "unresolved", p.country].filter(Boolean).join(" · ")),
      p.resolved ? [" ", el("a", {href: "/?place=" + encodeURIComponent(p.name), class: "small"}, "articles")] : null));
    listInto("a-times", a.times || [], (t) => el("li", {}, jump(t, spanText(t)),
      el("span", {class: "muted small"}, " → " + (t.value || t.reason || "unresolved"))));
    const removed = a.removed || [];
    document.getElementById("removed-count").textContent = String(removed.length);
    listInto("removed-list", removed, (r) => el("li", {},
      el("span", {class: "badge"}, r.reason), " ", el("span", {class: "removed-text"}, r.text),
      r.detail ? el("span", {class: "muted small"}, " (" + r.detail + ")") : null), "nothing was removed");
    const warn = clear(document.getElementById("a-warnings"));
    for (const w of a.warnings || []) warn.appendChild(el("li", {}, w));
  }

  async function links() {
    const box = document.getElementById("a-links");
    try {
      const data = await api("/api/articles/" + encodeURIComponent(docId) + "/links");
      listInto("a-links", data.links || [], (l) => el("li", {},
        el("span", {class: "badge"}, l.kind), " ",
        el("a", {href: articleHref(l.other_doc_id)}, l.title || l.other_doc_id),
        el("span", {class: "muted small"}, [l.outlet, l.published && String(l.published).slice(0, 10),
          typeof l.score === "number" ? "score " + l.score.toFixed(2) : null].filter(Boolean).join(" · "))),
      "no copies, rewrites or stance links");
      if (data.story) {
        box.appendChild(el("li", {}, el("span", {class: "badge"}, "story"), " ",
          el("a", {href: "/story/" + encodeURIComponent(data.story.story_id)}, data.story.label || data.story.story_id)));
      }
      if (data.previous_doc_id) {
        box.appendChild(el("li", {}, el("span", {class: "badge"}, "previous version"), " ",
          el("a", {href: articleHref(data.previous_doc_id)}, data.previous_doc_id)));
      }
    } catch (e) { showError(box, e); }
  }

  function header(a) {
    document.title = (a.title || a.doc_id) + " · newstrace";
    document.getElementById("a-title").textContent = a.title || "(untitled)";
    document.getElementById("a-meta").textContent = [a.source && a.source.outlet, a.published,
      a.published_from && "(date from " + a.published_from + ")", a.language, a.author && "by " + a.author,
      "version " + a.version].filter(Boolean).join(" · ");
    const src = clear(document.getElementById("a-source"));
    src.appendChild(document.createTextNode("doc " + a.doc_id + " · "));
    if (a.source && a.source.url) src.appendChild(externalLink(a.source.url));
    else if (a.source && a.source.path) src.appendChild(document.createTextNode(a.source.path));
  }

  async function main() {
    const box = document.getElementById("a-text");
    try {
      article = await api("/api/articles/" + encodeURIComponent(docId));
    } catch (e) {
      showError(box, e);
      return;
    }
    performance.mark("nt-fetched");
    anns = collect(article);
    header(article);
    legend();
    renderText(article);
    performance.mark("nt-text");
    sidebars(article);
    performance.mark("nt-sidebars");
    const redraw = () => { anns = collect(article); legend(); renderText(article); sidebars(article); };
    document.getElementById("a-quotes-all").addEventListener("change", (ev) => { allAttributions = ev.target.checked; redraw(); });
    document.getElementById("a-claims-all").addEventListener("change", (ev) => { allClaims = ev.target.checked; sidebars(article); });
    box.addEventListener("click", (ev) => {
      const span = ev.target.closest("span.ann");
      if (span && span._anns) details(span._anns);
    });
    // For tests and bench/web.py: when the highlighted text had been laid out and painted
    // (the frame after the DOM was built), in ms since navigation started.
    requestAnimationFrame(() => setTimeout(() => {
      document.body.dataset.renderedAt = String(Math.round(performance.now()));
      document.body.dataset.rendered = "1";
    }, 0));
    showTarget();
    window.addEventListener("hashchange", () => { anns = collect(article); renderText(article); showTarget(); });
    links();
  }

  main();
})();
