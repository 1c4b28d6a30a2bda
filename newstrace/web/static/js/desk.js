// The analyst's desk: a panel on article and claim pages (corrections, verdicts, notes) and the
// watchlists page. Writes carry the user's bearer token (kept in this tab's sessionStorage, never
// in a cookie, so another site cannot make the browser write). Article data stays text (NT.el).
"use strict";

(() => {
  const {el, clear, api, articleHref, showError} = NT;
  const KEY = "newstrace-token";  // shared with the upload page
  const page = document.body.dataset.page;
  let me = null;  // {name, role, can_write} once a token is accepted

  function token() { return sessionStorage.getItem(KEY) || ""; }

  function send(path, method, body) {
    return api(path, {}, {method, headers: {Authorization: "Bearer " + token(), "Content-Type": "application/json"},
      body: body === undefined ? undefined : JSON.stringify(body)});
  }

  function when(iso) { return iso ? String(iso).replace("T", " ").slice(0, 16) + " UTC" : ""; }

  function field(label, input) { return el("label", {class: "desk-field"}, label, " ", input); }

  // -- who am I ---------------------------------------------------------------------------------
  async function whoAmI() {
    me = null;
    if (!token()) return null;
    try { me = await api("/api/desk/me", {}, {headers: {Authorization: "Bearer " + token()}}); } catch (e) { me = {error: e}; }
    return me;
  }

  function authBox(onChange) {
    const box = el("div", {class: "desk-auth", id: "desk-auth"});
    if (me && !me.error) {
      box.append(el("span", {id: "desk-user"}, "Signed in as ", el("strong", {}, me.name), " (" + me.role + ")"), " ",
        el("button", {type: "button", id: "desk-signout", onclick: async () => { sessionStorage.removeItem(KEY); await whoAmI(); onChange(); }}, "Sign out"));
      return box;
    }
    const input = el("input", {type: "password", id: "desk-token", autocomplete: "off", placeholder: "your token", "aria-label": "Token"});
    const form = el("form", {id: "desk-signin", class: "inline"}, input, " ", el("button", {type: "submit"}, "Sign in"));
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      sessionStorage.setItem(KEY, input.value.trim());
      await whoAmI();
      onChange();
    });
    box.append(form);
    if (me && me.error) box.append(el("p", {class: "error", role: "alert", id: "desk-auth-error"}, "[" + me.error.code + "] " + me.error.message));
    else box.append(el("p", {class: "muted small"}, "Sign in with your token to record verdicts, notes and corrections."));
    return box;
  }

  function writable() { return me && !me.error && me.can_write; }

  function status(box, text, isError) {
    const p = el("p", {class: isError ? "error" : "muted small", role: isError ? "alert" : "status"}, text);
    box.append(p);
    return p;
  }

  async function guarded(out, fn) {
    try { await fn(); } catch (e) { showError(out, e); }
  }

  // -- notes (any page) -----------------------------------------------------------------------------
  function notesSection(kind, id, notes, rerender) {
    const sec = el("section", {class: "desk-notes"}, el("h4", {}, "Notes"));
    const ol = el("ol", {id: "desk-notes"});
    for (const n of notes) ol.append(el("li", {}, n.text, el("span", {class: "muted small"}, " — " + n.author + ", " + when(n.created_at))));
    if (!notes.length) ol.append(el("li", {class: "muted"}, "no notes"));
    sec.append(ol);
    if (writable()) {
      const text = el("textarea", {id: "desk-note-text", rows: "2", maxlength: "10000", "aria-label": "Note"});
      const out = el("div", {});
      const form = el("form", {id: "desk-note-form"}, text, " ", el("button", {type: "submit"}, "Add note"), out);
      form.addEventListener("submit", (ev) => {
        ev.preventDefault();
        guarded(out, async () => { await send("/api/desk/notes", "POST", {kind, id, text: text.value}); rerender(); });
      });
      sec.append(form);
    }
    return sec;
  }

  // -- article page: corrections ---------------------------------------------------------------------
  const ACTIONS = {place: ["place", "Wrong place"], speaker: ["quote", "Wrong speaker"], not_quote: ["quote", "Not a quote"], date: ["time", "Wrong date"]};

  function describe(v) {
    if (!v) return "";
    if ("speaker_entity" in v) return v.speaker_entity || v.speaker_description || "(unattributed)";
    if ("content" in v) return "quote";
    if ("geonameid" in v || "name" in v) return (v.name || "?") + (v.geonameid ? " [" + v.geonameid + "]" : "");
    if ("value" in v) return v.value || "(unresolved)";
    return JSON.stringify(v);
  }

  function correctionForm(data, rerender) {
    const action = el("select", {id: "desk-action", "aria-label": "What is wrong"},
      Object.entries(ACTIONS).map(([k, [, label]]) => el("option", {value: k}, label)));
    const item = el("select", {id: "desk-item", "aria-label": "Which item"});
    const geonameid = el("input", {id: "desk-geonameid", inputmode: "numeric", size: "9", "aria-label": "GeoNames id"});
    const name = el("input", {id: "desk-name", maxlength: "200", "aria-label": "Name"});
    const date = el("input", {id: "desk-date", placeholder: "YYYY-MM-DD", maxlength: "10", size: "10", "aria-label": "Date"});
    const note = el("input", {id: "desk-correct-note", maxlength: "10000", "aria-label": "Why"});
    const rows = {geonameid: field("GeoNames id", geonameid), name: field("Name", name), date: field("Date", date)};
    const out = el("div", {});
    function sync() {
      const [target] = ACTIONS[action.value];
      clear(item);
      for (const it of data.correctable[target] || []) {
        const shown = it.text.length > 70 ? it.text.slice(0, 70) + "…" : it.text;
        item.append(el("option", {value: String(it.start)}, shown + " (" + it.start + ")"));
      }
      rows.geonameid.hidden = action.value !== "place";
      rows.name.hidden = !(action.value === "place" || action.value === "speaker");
      rows.name.firstChild.textContent = action.value === "speaker" ? "Speaker" : "Name";
      rows.date.hidden = action.value !== "date";
    }
    action.addEventListener("change", sync);
    sync();
    const form = el("form", {id: "desk-correct-form", class: "desk-form"}, field("What is wrong", action), field("Item", item),
      rows.geonameid, rows.name, rows.date, field("Why", note), el("button", {type: "submit"}, "Save correction"), out);
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const body = {doc_id: data.doc_id, action: action.value, start: Number(item.value), note: note.value || null};
      if (action.value === "place") { body.geonameid = geonameid.value ? Number(geonameid.value) : null; body.name = name.value || null; }
      if (action.value === "speaker") body.speaker = name.value;
      if (action.value === "date") body.date = date.value;
      guarded(out, async () => { await send("/api/desk/corrections", "POST", body); location.reload(); });
    });
    return form;
  }

  async function articlePanel(panel, docId) {
    const render = async () => {
      clear(panel).append(el("h3", {}, "Analyst's desk"));
      panel.append(authBox(render));
      let data;
      try { data = await api("/api/desk/articles/" + encodeURIComponent(docId)); } catch (e) { showError(panel, e); return; }
      const sec = el("section", {}, el("h4", {}, "Corrections"));
      const ol = el("ol", {id: "desk-corrections"});
      for (const c of data.corrections) {
        const applied = data.applied.includes(c.correction_id);
        const li = el("li", {class: c.withdrawn_at ? "withdrawn" : ""},
          ACTIONS[c.action][1] + ": “" + c.anchor_text.slice(0, 80) + "” ", describe(c.original), " → ", el("strong", {}, describe(c.value)),
          el("span", {class: "muted small"}, " — " + c.author + ", " + when(c.created_at) + (c.note ? "; " + c.note : "")
            + (c.withdrawn_at ? " (withdrawn by " + c.withdrawn_by + ")" : applied ? "" : " (not applied: the item is gone)")));
        if (writable() && !c.withdrawn_at) {
          const out = el("span", {});
          li.append(" ", el("button", {type: "button", class: "small", onclick: () => guarded(out, async () => {
            await send("/api/desk/corrections/" + encodeURIComponent(c.correction_id) + "/withdraw", "POST"); location.reload();
          })}, "Withdraw"), out);
        }
        ol.append(li);
      }
      if (!data.corrections.length) ol.append(el("li", {class: "muted"}, "no corrections"));
      sec.append(ol);
      if (writable()) sec.append(correctionForm(data, render));
      panel.append(sec);
      const verdicts = Object.entries(data.verdicts || {});
      if (verdicts.length) {
        const vs = el("ul", {id: "desk-article-verdicts"});
        for (const [id, v] of verdicts) {
          vs.append(el("li", {}, el("span", {class: "badge verdict-" + v.verdict}, v.verdict), " ",
            el("a", {href: "/claim/" + encodeURIComponent(id)}, "“" + (v.anchor_text || id).slice(0, 90) + "”")));
        }
        panel.append(el("section", {}, el("h4", {}, "Verdicts on this article's claims"), vs));
      }
      panel.append(notesSection("article", data.doc_id, data.notes, render));
    };
    await whoAmI();
    await render();
  }

  // -- claim and event pages: verdicts ------------------------------------------------------------------
  async function verdictPanel(panel, kind, targetId) {
    const render = async () => {
      clear(panel).append(el("h3", {}, "Verdict"));
      panel.append(authBox(render));
      let data;
      try { data = await api("/api/desk/verdicts", {kind, id: targetId}); } catch (e) { showError(panel, e); return; }
      const current = data.verdicts[data.verdicts.length - 1];
      panel.append(el("p", {id: "desk-verdict"}, current
        ? [el("span", {class: "badge verdict-" + current.verdict}, current.verdict), " — " + current.author + ", " + when(current.created_at)]
        : el("span", {class: "muted"}, "no verdict yet")));
      if (current && current.note) panel.append(el("p", {id: "desk-verdict-note"}, current.note));
      if (current && current.sources.length) panel.append(el("ul", {id: "desk-verdict-sources"}, current.sources.map((u) => el("li", {}, NT.externalLink(u)))));
      if (data.verdicts.length > 1) {
        panel.append(el("details", {}, el("summary", {}, "Earlier verdicts (" + (data.verdicts.length - 1) + ")"),
          el("ol", {}, data.verdicts.slice(0, -1).map((v) => el("li", {}, v.verdict + " — " + v.author + ", " + when(v.created_at) + (v.note ? ": " + v.note : ""))))));
      }
      if (writable()) {
        const verdict = el("select", {id: "desk-verdict-value", "aria-label": "Verdict"},
          ["true", "false", "misleading", "unproven"].map((v) => el("option", {value: v}, v)));
        const note = el("textarea", {id: "desk-verdict-text", rows: "3", maxlength: "10000", "aria-label": "Why"});
        const sources = el("textarea", {id: "desk-verdict-urls", rows: "2", placeholder: "one URL per line", "aria-label": "Sources"});
        const out = el("div", {});
        const form = el("form", {id: "desk-verdict-form", class: "desk-form"}, field("Verdict", verdict), field("Why", note),
          field("Sources", sources), el("button", {type: "submit"}, "Save verdict"), out);
        form.addEventListener("submit", (ev) => {
          ev.preventDefault();
          const urls = sources.value.split(/\s+/).filter(Boolean);
          guarded(out, async () => {
            await send("/api/desk/verdicts", "POST", {kind, id: targetId, verdict: verdict.value, note: note.value || null, sources: urls});
            await render();
          });
        });
        panel.append(form);
      }
      panel.append(notesSection(kind, targetId, data.notes, render));
    };
    await whoAmI();
    await render();
  }

  // -- story pages: notes ------------------------------------------------------------------------------------
  async function notePanel(panel, kind, targetId) {
    const render = async () => {
      clear(panel).append(el("h3", {}, "Analyst's notes"));
      panel.append(authBox(render));
      let notes;
      try { notes = await api("/api/desk/notes", {kind, id: targetId}); } catch (e) { showError(panel, e); return; }
      panel.append(notesSection(kind, targetId, notes, render));
    };
    await whoAmI();
    await render();
  }

  // -- watchlists page -------------------------------------------------------------------------------------
  async function watchPage() {
    const root = document.getElementById("watch");
    const render = async () => {
      clear(root);
      root.append(authBox(render));
      const list = el("div", {id: "watchlists"});
      root.append(list);
      try {
        const data = await api("/api/desk/watchlists");
        if (!data.length) list.append(el("p", {class: "muted"}, "No watchlists yet."));
        for (const r of data) {
          const w = r.watchlist;
          const filters = ["query", "entity", "place", "outlet", "event_type"].filter((k) => w[k]).map((k) => k.replace("_", " ") + ": " + w[k]).join(" · ");
          const sec = el("section", {class: "watchlist", "data-name": w.name},
            el("h3", {}, w.name, " ", el("span", {class: "badge watch-new"}, r.new + " new")),
            el("p", {class: "muted small"}, filters + " — " + (r.since ? "since " + when(r.since) : "never looked at") + "; " + r.total + " in all"));
          const ol = el("ol", {});
          for (const it of r.items) ol.append(el("li", {}, el("a", {href: articleHref(it.doc_id)}, it.title || it.doc_id),
            el("span", {class: "muted small"}, " " + [it.outlet, it.published && String(it.published).slice(0, 10)].filter(Boolean).join(" · "))));
          sec.append(ol);
          if (writable()) {
            const out = el("span", {});
            sec.append(el("button", {type: "button", class: "watch-seen", onclick: () => guarded(out, async () => {
              await send("/api/desk/watchlists/" + encodeURIComponent(w.name) + "/seen", "POST"); await render();
            })}, "Mark as seen"), " ", el("button", {type: "button", class: "watch-remove", onclick: () => guarded(out, async () => {
              await send("/api/desk/watchlists/" + encodeURIComponent(w.name), "DELETE"); await render();
            })}, "Remove"), out);
          }
          list.append(sec);
        }
      } catch (e) { showError(list, e); }
      if (writable()) {
        const inputs = {};
        const names = [["name", "Name"], ["query", "Query"], ["entity", "Person or organisation"], ["place", "Place"], ["outlet", "Outlet"], ["event_type", "Event type"]];
        for (const [k] of names) inputs[k] = el("input", {id: "watch-" + k, maxlength: k === "name" ? "80" : "200"});
        const out = el("div", {});
        const form = el("form", {id: "watch-form", class: "desk-form"}, el("h3", {}, "New watchlist"),
          names.map(([k, label]) => field(label, inputs[k])), el("button", {type: "submit"}, "Save watchlist"), out);
        form.addEventListener("submit", (ev) => {
          ev.preventDefault();
          const body = {};
          for (const [k] of names) body[k] = inputs[k].value.trim() || null;
          guarded(out, async () => { await send("/api/desk/watchlists", "POST", body); await render(); });
        });
        root.append(form);
      }
    };
    await whoAmI();
    await render();
  }

  function start() {
    if (page === "watch") { watchPage(); return; }
    const panel = el("section", {id: "desk-panel", class: "desk", "aria-label": "Analyst's desk"});
    if (page === "article") {
      const side = document.querySelector(".side-col") || document.getElementById("main");
      side.prepend(panel);
      articlePanel(panel, NT.pathId("/article/"));
    } else if (page === "story") {
      document.getElementById("main").append(panel);
      notePanel(panel, "story", NT.pathId("/story/"));
    } else if (page === "claim" || page === "event") {
      document.getElementById("main").append(panel);
      verdictPanel(panel, page, NT.pathId("/" + page + "/"));
    }
  }

  document.addEventListener("DOMContentLoaded", start);
})();
