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

  async function one(storyId) {
    const body = document.getElementById("s-articles");
    try {
      const s = await api("/api/stories/" + encodeURIComponent(storyId));
      document.title = (s.label || s.story_id) + " · newstrace";
      document.getElementById("s-title").textContent = s.label || s.story_id;
      document.getElementById("s-meta").textContent = [`${s.members.length} articles`,
        `${s.independent_sources} independent source${s.independent_sources === 1 ? "" : "s"}`,
        s.first_published && "first published " + s.first_published].filter(Boolean).join(" · ");
      for (const a of s.members) {
        body.appendChild(el("tr", {class: "role-" + String(a.role || "").replace(/[^a-z]/g, "")},
          el("td", {}, (a.published || "").slice(0, 10) || "undated"),
          el("td", {}, a.outlet || ""),
          el("td", {}, el("a", {href: articleHref(a.doc_id)}, a.title || a.doc_id)),
          el("td", {}, el("span", {class: "badge"}, a.role || "")),
          el("td", {}, a.of ? el("a", {href: articleHref(a.of)}, a.of_title || a.of) : "")));
      }
    } catch (e) { showError(document.getElementById("s-meta"), e); }
  }

  if (document.body.dataset.page === "story") one(NT.pathId("/story/"));
  else list(0);
})();
