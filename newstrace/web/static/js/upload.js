// Upload page: send files or a pasted article with the bearer token; list what was ingested.
// The token may arrive in the URL fragment (#token=...), which browsers never send to servers;
// it is moved to sessionStorage and the fragment is cleared.
"use strict";

(() => {
  const {el, clear, articleHref, showError} = NT;
  const KEY = "newstrace-token";
  const tokenInput = document.getElementById("u-token");
  const status = document.getElementById("u-status");

  const frag = new URLSearchParams(location.hash.slice(1));
  if (frag.get("token")) {
    sessionStorage.setItem(KEY, frag.get("token"));
    history.replaceState(null, "", location.pathname);
  }
  tokenInput.value = sessionStorage.getItem(KEY) || "";

  document.getElementById("upload-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const token = tokenInput.value.trim();
    sessionStorage.setItem(KEY, token);
    const body = new FormData();
    for (const f of document.getElementById("u-files").files) body.append("files", f, f.name);
    for (const k of ["title", "url", "outlet", "published", "text"]) {
      const v = document.getElementById("u-" + k).value;
      if (v.trim()) body.append(k, v);
    }
    const results = clear(document.getElementById("u-results"));
    const failures = clear(document.getElementById("u-failures"));
    status.textContent = "Ingesting… (the first upload loads the language model)";
    document.getElementById("u-submit").disabled = true;
    try {
      const data = await NT.api("/api/ingest", {}, {method: "POST", body, headers: {Authorization: "Bearer " + token}});
      for (const a of data.articles) {
        results.appendChild(el("li", {class: "ingested"}, el("span", {class: "badge"}, a.outcome), " ",
          el("a", {href: articleHref(a.doc_id)}, a.title || a.doc_id)));
      }
      for (const f of data.failures) failures.appendChild(el("li", {class: "error"}, `${f.path}: [${f.code}] ${f.reason}`));
      status.textContent = `${data.articles.length} article${data.articles.length === 1 ? "" : "s"} stored, ${data.failures.length} failed`;
    } catch (e) {
      status.textContent = "";
      showError(failures, e);
    } finally {
      document.getElementById("u-submit").disabled = false;
    }
  });
})();
