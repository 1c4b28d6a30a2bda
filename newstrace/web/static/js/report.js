// The report buttons on an event page (claim and story pages add theirs in claims.js / stories.js):
// NT.reportLinks fetches /report/event/ID, written and escaped by the server (newstrace.reports).
"use strict";

(() => {
  if (document.body.dataset.page !== "event") return;
  const id = NT.pathId("/event/");
  const meta = document.getElementById("e-meta");
  if (id && meta) meta.after(NT.reportLinks("event", id));
})();
