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

  function articles(id, items, empty) {
    const ol = clear(document.getElementById(id));
    for (const it of items || []) {
      const evidence = (it.evidence || []).slice(0, 3).map((e) => (typeof e === "string" ? e : e && e.text)).filter(Boolean);
      ol.appendChild(el("li", {}, articleLink(it), el("div", {class: "muted small"},
        [metaLine(it), it.kind, typeof it.score === "number" ? "score " + it.score.toFixed(2) : null].filter(Boolean).join(" · ")),
      evidence.map((t) => el("blockquote", {class: "evidence small"}, t))));
    }
    if (!ol.childNodes.length) ol.appendChild(el("li", {class: "muted small"}, empty));
  }

  async function one(claimId) {
    try {
      const c = await api("/api/claims/" + encodeURIComponent(claimId));
      document.getElementById("cl-text").textContent = c.text;
      clear(document.getElementById("cl-meta")).append(badge(c.status),
        c.attributed_to ? " attributed to " + c.attributed_to : " in the outlet's own voice",
        (c.cues || []).length ? " · cues: " + c.cues.map((x) => x.kind + " “" + x.text + "”").join(", ") : "");
      clear(document.getElementById("cl-source")).append("From ", articleLink(c.article), " · ", metaLine(c.article));
      if (c.stance_from === "article") {
        document.getElementById("cl-source").appendChild(el("div", {class: "small"},
          "No claim-level stance recorded yet: supporters and disputers below are the source article's stance links."));
      }
      articles("cl-support", c.supporters, "no supporting article linked yet");
      articles("cl-dispute", c.disputers, "no disputing article linked yet");
      articles("cl-discuss", c.discussing, "none linked");
      articles("cl-copies", c.copies, "no copies or rewrites linked");
    } catch (e) { showError(document.getElementById("cl-meta"), e); }
  }

  if (document.body.dataset.page === "claim") one(NT.pathId("/claim/"));
  else {
    document.getElementById("claims-form").addEventListener("submit", (ev) => { ev.preventDefault(); list(0); });
    list(0);
  }
})();
