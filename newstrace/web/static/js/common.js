// Shared helpers for every page. Article data is untrusted: it only ever reaches the page
// through textContent / createTextNode (never innerHTML), and links are built from ids.
"use strict";

const NT = (() => {
  // el("a", {href: "/x", class: "y"}, "text", childNode, ...)
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = String(v);
      else if (k === "href") node.setAttribute("href", v);
      else if (k.startsWith("on") && typeof v === "function") node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, String(v));
    }
    for (const c of children) append(node, c);
    return node;
  }

  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach((c) => append(node, c)); return; }
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

  class ApiError extends Error {
    constructor(status, code, message) { super(message); this.status = status; this.code = code; }
  }

  async function api(path, params, options) {
    const url = new URL(path, location.origin);
    for (const [k, v] of Object.entries(params || {})) {
      if (v !== null && v !== undefined && v !== "") url.searchParams.set(k, v);
    }
    const opts = Object.assign({credentials: "same-origin"}, options || {});
    // A signed-in user's token (desk.js, upload.js) goes with reads too: a server started with
    // --require-token answers only requests that carry one.
    const token = sessionStorage.getItem("newstrace-token");
    if (token && !(opts.headers && opts.headers.Authorization)) {
      opts.headers = Object.assign({Authorization: "Bearer " + token}, opts.headers || {});
    }
    const res = await fetch(url, opts);
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    if (!res.ok) {
      const err = (body && body.error) || {};
      throw new ApiError(res.status, err.code || "NT" + res.status, err.message || res.statusText);
    }
    return body;
  }

  // Text with [start, end) ranges wrapped in <mark>: ranges are offsets, the text stays text.
  function marked(text, ranges) {
    const frag = document.createDocumentFragment();
    text = text || "";
    let pos = 0;
    const sorted = (ranges || []).filter((r) => Array.isArray(r) && r.length === 2)
      .map((r) => [Math.max(0, r[0] | 0), Math.min(text.length, r[1] | 0)])
      .filter((r) => r[1] > r[0]).sort((a, b) => a[0] - b[0]);
    for (const [s, e] of sorted) {
      if (s < pos) continue;
      if (s > pos) frag.appendChild(document.createTextNode(text.slice(pos, s)));
      frag.appendChild(el("mark", {}, text.slice(s, e)));
      pos = e;
    }
    if (pos < text.length) frag.appendChild(document.createTextNode(text.slice(pos)));
    return frag;
  }

  function articleHref(docId) { return "/article/" + encodeURIComponent(docId); }

  // The article page scrolls to [start, end) and highlights it (article.js reads #s=START-END).
  function spanHref(docId, start, end) {
    const ok = Number.isInteger(start) && Number.isInteger(end) && end > start && start >= 0;
    return articleHref(docId) + (ok ? `#s=${start}-${end}` : "");
  }

  // A report on a claim, story or event (newstrace.reports, rendered by the server, escaped):
  // "open" navigates to it; the download buttons fetch it with the signed-in user's token (a
  // server started with --require-token needs one for reads) and save it as a file.
  function reportLinks(kind, id) {
    const path = "/report/" + encodeURIComponent(kind) + "/" + encodeURIComponent(id);
    const status = el("span", {class: "muted small", role: "status"});
    async function save(format) {
      status.textContent = "Preparing the report…";
      try {
        const token = sessionStorage.getItem("newstrace-token");
        const res = await fetch(path + "?format=" + format + "&download=1",
          {credentials: "same-origin", headers: token ? {Authorization: "Bearer " + token} : {}});
        if (!res.ok) {
          let err = {};
          try { err = (await res.json()).error || {}; } catch (e) { err = {}; }
          throw new ApiError(res.status, err.code || "NT" + res.status, err.message || res.statusText);
        }
        const url = URL.createObjectURL(await res.blob());
        const a = el("a", {href: url, download: `${kind}-${String(id).replace(/[^A-Za-z0-9_.-]/g, "_").slice(0, 80)}.${format}`});
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60000);
        status.textContent = "Report saved.";
      } catch (e) { showError(status, e); }
    }
    return el("div", {class: "report-links", id: "report-links"}, el("strong", {}, "Report: "),
      el("button", {type: "button", id: "report-html", onclick: () => save("html")}, "Download HTML"), " ",
      el("button", {type: "button", id: "report-md", onclick: () => save("md")}, "Download Markdown"), " ",
      el("a", {href: path + "?format=html", id: "report-open"}, "open the report"), " ", status);
  }

  function articleLink(item, ranges) {
    const title = item.title || item.doc_id;
    return el("a", {href: articleHref(item.doc_id), class: "article-link"},
      ranges ? marked(title, ranges) : title);
  }

  function metaLine(item) {
    return [item.outlet, item.published && String(item.published).slice(0, 10), item.language]
      .filter(Boolean).join(" · ");
  }

  // Only http(s) URLs become links; anything else (javascript:, data:) stays plain text.
  function externalLink(url) {
    if (!url) return null;
    let parsed;
    try { parsed = new URL(url); } catch (e) { return document.createTextNode(String(url)); }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return document.createTextNode(String(url));
    return el("a", {href: parsed.href, rel: "noopener noreferrer nofollow", target: "_blank"}, String(url));
  }

  function showError(container, err) {
    clear(container);
    container.appendChild(el("p", {class: "error", role: "alert"},
      (err && err.code ? "[" + err.code + "] " : "") + ((err && err.message) || String(err))));
  }

  function params() { return new URLSearchParams(location.search); }

  function pathId(prefix) {
    const p = location.pathname;
    return p.startsWith(prefix) ? decodeURIComponent(p.slice(prefix.length)) : "";
  }

  function pager(prevBtn, nextBtn, offset, limit, total, go) {
    prevBtn.hidden = offset <= 0;
    nextBtn.hidden = offset + limit >= total;
    prevBtn.onclick = () => go(Math.max(0, offset - limit));
    nextBtn.onclick = () => go(offset + limit);
  }

  async function loadStats() {
    const target = document.getElementById("store-stats");
    if (!target) return;
    try {
      const s = await api("/api/summary");
      target.textContent = (s.articles || 0).toLocaleString() + " articles · " + (s.outlets || 0) + " outlets";
    } catch (e) { target.textContent = ""; }
  }

  document.addEventListener("DOMContentLoaded", loadStats);
  return {el, append, clear, api, marked, articleHref, spanHref, reportLinks, articleLink, metaLine, externalLink, showError,
    params, pathId, pager, ApiError};
})();
