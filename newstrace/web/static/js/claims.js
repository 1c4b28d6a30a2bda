// Claims list (/claims) and one claim (/claim/ID): status, source, supporters and disputers.
"use strict";

(() => {
  const {el, clear, api, articleHref, articleLink, metaLine, showError, pager} = NT;
  const PAGE = 20;

  function badge(status) { return el("span", {class: "badge status-" + String(status).replace(/[^a-z]/g, "")}, status); }

  async function list(offset) {
    const box = clear(document.getElementById("claims"));
    const status = document.getElementById("c-status").value;
    const attr = document.getElementById("c-attr").value.trim();
    try {
      const data = await api("/api/claims", {status, attributed_to: attr, limit: PAGE, offset});
      document.getElementById("claims-status").textContent = `${data.total} claim${data.total === 1 ? "" : "s"}`;
      for (const c of data.items) {
        box.appendChild(el("li", {class: "hit"}, badge(c.status), " ",
          c.verdict ? [el("span", {class: "badge verdict verdict-" + String(c.verdict).replace(/[^a-z]/g, "")}, "verdict: " + c.verdict), " "] : null,
          c.claim_id ? el("a", {href: "/claim/" + encodeURIComponent(c.claim_id)}, c.text) : c.text,
          el("p", {class: "muted small"}, [c.attributed_to && "attributed to " + c.attributed_to].filter(Boolean).join(""),
            " ", articleLink(c.article), " ", metaLine(c.article))));
      }
      pager(document.getElementById("prev"), document.getElementById("next"), offset, PAGE, data.total, list);
    } catch (e) { showError(box, e); }
  }

  // Frame fields a stance link can name as the conflict -> the key of its values (claimlinks).
  const FIELD = {figure: "figures", figures: "figures", actor: "actors", actors: "actors", blamed: "actors",
    target: "targets", targets: "targets", date: "day", day: "day", place: "place", status: "status", type: "type"};
  const STANCE = {agree: "supports", disagree: "disputes", discuss: "discusses", unrelated: "unrelated"};

  function frameValue(v) {
    if (v === null || v === undefined || v === "") return "not stated";
    if (Array.isArray(v)) {
      return v.length ? v.map((x) => (x && typeof x === "object") ? [x.kind, x.value].filter((y) => y !== null && y !== undefined).join(" ") : String(x)).join(", ") : "not stated";
    }
    return String(v);
  }

  // Why a report takes its stance: the conflicting frame field with both values, else the reason.
  function why(e) {
    if (!e || typeof e !== "object") return null;
    if (e.conflict) {
      const key = FIELD[e.conflict] || e.conflict;
      const vals = e.values || {};
      const mine = vals.claim ? frameValue(vals.claim[key]) : null;
      const theirs = vals.other ? frameValue(vals.other[key]) : null;
      return el("p", {class: "why small"}, el("strong", {}, "conflict: " + e.conflict),
        mine !== null && theirs !== null ? ` — the claim: ${mine}; this report: ${theirs}` : "");
    }
    return e.reason ? el("p", {class: "why small muted"}, "why: " + String(e.reason).replace(/[-_]/g, " ")) : null;
  }

  // Articles fetched for "in context" (one request per article, however many of its sentences open).
  const fetched = new Map();
  function articleText(docId) {
    if (!fetched.has(docId)) fetched.set(docId, api("/api/articles/" + encodeURIComponent(docId)));
    return fetched.get(docId);
  }

  // The paragraph around an evidence sentence, the sentence marked, opened in place (no page change).
  function contextBox(docId, e) {
    const body = el("div", {class: "context-body"});
    const box = el("details", {class: "context"}, el("summary", {}, "in context"), body);
    box.addEventListener("toggle", async () => {
      if (!box.open || body.dataset.state) return;
      body.dataset.state = "loading";
      try {
        const a = await articleText(docId);
        const text = a.text || "";
        const para = (a.paragraphs || []).find((p) => p.start <= e.start && p.end >= e.end) ||
          {start: Math.max(0, e.start - 300), end: Math.min(text.length, e.end + 300)};
        body.append(el("blockquote", {class: "context-text"}, NT.marked(text.slice(para.start, para.end), [[e.start - para.start, e.end - para.start]])),
          el("a", {href: NT.spanHref(docId, e.start, e.end), class: "small"}, "open the article at this sentence"));
        body.dataset.state = "ready";
      } catch (err) { showError(body, err); }
    });
    return box;
  }

  function evidenceBlock(docId, e) {
    if (typeof e === "string") return el("blockquote", {class: "evidence"}, e);
    if (!e || typeof e !== "object") return null;
    const text = e.text || (Number.isInteger(e.start) ? `characters ${e.start}–${e.end}` : "");
    if (!text) return null;
    if (!Number.isInteger(e.start)) return el("blockquote", {class: "evidence"}, text);
    return [el("blockquote", {class: "evidence"},
      el("a", {href: NT.spanHref(docId, e.start, e.end), class: "evidence-link", title: "show it in the article"}, text)),
    contextBox(docId, e)];
  }

  const dateKey = (x) => (x.published ? String(x.published) : "\uffff");  // undated last
  const byDate = (a, b) => dateKey(a).localeCompare(dateKey(b)) || String(a.doc_id).localeCompare(String(b.doc_id));

  // Copies and rewrites go under their origin when the origin is in the same list (the claim
  // view's independence derivation says which article each one folds into).
  function fold(items, foldsInto) {
    const ids = new Set(items.map((x) => x.doc_id));
    const top = [], under = new Map();
    for (const it of items.slice().sort(byDate)) {
      const origin = foldsInto.get(it.doc_id);
      if (origin && origin !== it.doc_id && ids.has(origin)) {
        if (!under.has(origin)) under.set(origin, []);
        under.get(origin).push(it);
      } else top.push(it);
    }
    return top.map((it) => ({it, copies: under.get(it.doc_id) || []}));
  }

  function reportItem(it, copies, reason) {
    const stance = STANCE[it.stance || it.kind] || it.stance || it.kind || "";
    const evidence = (it.evidence || []).slice(0, 3);
    return el("li", {class: "report stance-" + String(stance).replace(/[^a-z]/g, ""), "data-doc-id": it.doc_id},
      el("div", {class: "report-head"},
        el("span", {class: "badge stance"}, stance), " ",
        el("strong", {}, it.outlet || "unknown outlet"), " · ",
        el("span", {class: "muted report-date"}, it.published ? String(it.published).slice(0, 10) : "undated"), " · ",
        el("a", {href: articleHref(it.doc_id), class: "article-link"}, it.title || it.doc_id),
        typeof it.score === "number" ? el("span", {class: "muted small"}, " · score " + it.score.toFixed(2)) : null,
        reason ? el("span", {class: "muted small"}, " · " + reason) : null),
      evidence.map((e) => [evidenceBlock(it.doc_id, e), why(e)]),
      evidence.length ? null : el("p", {class: "muted small"}, "no evidence sentence recorded for this link"),
      copies.length ? el("details", {class: "copies"}, el("summary", {}, `${copies.length} cop${copies.length === 1 ? "y" : "ies"} of this report`),
        el("ul", {}, copies.map((c) => el("li", {}, el("a", {href: articleHref(c.doc_id)}, c.title || c.doc_id),
          el("span", {class: "muted small"}, " " + [c.outlet || "unknown outlet", c.published ? String(c.published).slice(0, 10) : "undated"].join(" · ")),
          (c.evidence || []).slice(0, 1).map((e) => evidenceBlock(c.doc_id, e)))))) : null);
  }

  function reports(id, items, empty, foldsInto, reasons) {
    const ol = clear(document.getElementById(id));
    for (const {it, copies} of fold(items || [], foldsInto)) ol.appendChild(reportItem(it, copies, reasons.get(it.doc_id)));
    if (!ol.childNodes.length) ol.appendChild(el("li", {class: "muted small"}, empty));
  }

  async function one(claimId) {
    try {
      const c = await api("/api/claims/" + encodeURIComponent(claimId));
      document.title = "Claim: " + String(c.text || claimId).slice(0, 60) + " · newstrace";
      document.getElementById("cl-text").textContent = c.text;
      clear(document.getElementById("cl-meta")).append(badge(c.status),
        c.verdict ? " " : "", c.verdict ? el("span", {class: "badge verdict verdict-" + String(c.verdict).replace(/[^a-z]/g, "")}, "verdict: " + c.verdict) : "",
        c.attributed_to ? " attributed to " + c.attributed_to : " in the outlet's own voice",
        c.denied_by ? " · denied by " + c.denied_by : "",
        (c.cues || []).length ? " · cues: " + c.cues.map((x) => x.kind + " “" + x.text + "”").join(", ") : "");
      const art = c.article || {};
      clear(document.getElementById("cl-source")).append("Stated in ",
        el("a", {href: NT.spanHref(art.doc_id, c.start, c.end), class: "article-link", id: "cl-source-link"}, art.title || art.doc_id),
        " · ", metaLine(art));
      if (c.stance_from === "article") {
        document.getElementById("cl-source").appendChild(el("div", {class: "small"},
          "No claim-level stance recorded yet: supporters and disputers below are the source article's stance links."));
      }
      const ind = c.independence || {};
      const derivation = ind.derivation || [];
      const foldsInto = new Map(derivation.filter((d) => d.folds_into).map((d) => [d.doc_id, d.folds_into]));
      const reasons = new Map(derivation.filter((d) => d.folds_into).map((d) => [d.doc_id, d.reason]));
      const n = typeof c.independent_sources === "number" ? c.independent_sources : ind.count;
      clear(document.getElementById("cl-independence")).append(typeof n === "number"
        ? el("span", {}, el("strong", {}, `${n} independent source${n === 1 ? "" : "s"}`),
          ind.definition ? el("span", {class: "muted"}, ": " + ind.definition) : null) : "");
      clear(document.getElementById("cl-report")).append(NT.reportLinks("claim", claimId));
      reports("cl-support", c.supporters, "no supporting report linked yet", foldsInto, reasons);
      reports("cl-dispute", c.disputers, "no disputing report linked yet", foldsInto, reasons);
      reports("cl-discuss", c.discussing, "none linked", foldsInto, reasons);
      const copies = clear(document.getElementById("cl-copies"));
      for (const x of (c.copies || []).slice().sort(byDate)) {
        copies.appendChild(el("li", {}, el("a", {href: articleHref(x.doc_id)}, x.title || x.doc_id),
          el("span", {class: "muted small"}, " " + [x.outlet || "unknown outlet", x.published ? String(x.published).slice(0, 10) : "undated",
            reasons.get(x.doc_id)].filter(Boolean).join(" · "))));
      }
      if (!copies.childNodes.length) copies.appendChild(el("li", {class: "muted small"}, "no copies or rewrites linked"));
      document.getElementById("cl-support").dataset.state = "ready";
    } catch (e) { showError(document.getElementById("cl-meta"), e); }
  }

  if (document.body.dataset.page === "claim") one(NT.pathId("/claim/"));
  else {
    document.getElementById("claims-form").addEventListener("submit", (ev) => { ev.preventDefault(); list(0); });
    list(0);
  }
})();
