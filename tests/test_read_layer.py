"""One read layer: the CLI's JSON, the REST API's JSON and the export agree on a story.

A small team-written corpus about one (invented) event goes through the real pipeline, ingest and
``link --full``: an original report, two copies of it, one rewrite of it, one AP wire report
picked up by two sites (each trims it differently), and one independent report. Independent
sources: the original's outlet, AP, the independent outlet -> 3.
"""

from __future__ import annotations

import json

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

import newstrace  # noqa: E402
from newstrace import api  # noqa: E402
from newstrace.cli import app as cli_app  # noqa: E402
from newstrace.corpus.origin import independence  # noqa: E402
from newstrace.web import create_app  # noqa: E402

ORIGINAL = """A Russian drone struck the passenger ferry pier at Vylkove on the Danube delta before dawn on \
Thursday, wounding three crew members and sinking a fuel barge moored alongside, the regional \
administration said.

Mariana Tkach, head of the Vylkove town council, said the pier had been used for months to ferry \
farmers and their grain to the Romanian bank. "There was nothing military here, only boats and \
sacks of sunflower seed," Tkach said by telephone.

The State Emergency Service said divers were trying to contain a diesel slick spreading towards \
the reed beds of the biosphere reserve, home to pelicans and rare sturgeon. Booms were laid \
across two channels by mid-morning.

The ferry operator, Delta Crossings, said it had suspended its four daily sailings and would \
carry passengers by bus to Izmail until the pier was repaired, which it expected to take at \
least ten days.

Romania's foreign ministry said it was in contact with Kyiv and was monitoring the water quality \
on its side of the river."""

REWRITE = """A Russian unmanned aircraft hit the passenger ferry jetty at Vylkove on the Danube delta ahead \
of sunrise on Thursday, injuring three crew members and sinking a fuel barge tied up alongside, \
the regional authorities stated.

Mariana Tkach, chief of the Vylkove town council, stated the jetty had been utilised for months to \
transport farmers and their grain to the Romanian shore. "There was nothing military here, only \
boats and sacks of sunflower seed," Tkach stated by phone.

The State Emergency Service stated divers were attempting to contain a diesel spill spreading \
towards the reed beds of the biosphere reserve, home to pelicans and uncommon sturgeon. Barriers \
were placed across two channels by late morning.

The ferry company, Delta Crossings, stated it had halted its four daily crossings and would take \
travellers by coach to Izmail until the jetty was fixed, which it anticipated to require no less \
than ten days.

Romania's foreign ministry stated it was in touch with Kyiv and was watching the water quality \
on its bank of the river."""

AP_PARAS = [
    "VYLKOVE, Ukraine (AP) — Ukrainian officials said Thursday that a drone attack on a small Danube "
    "delta town damaged a ferry pier used by farmers, in the latest strike on the river route Kyiv "
    "relies on for its exports.",
    "The attack on Vylkove, a town of canals and wooden houses near the Black Sea, wounded three "
    "people, according to the Odesa regional governor's office. An Associated Press reporter in the "
    "area saw black smoke over the water after sunrise.",
    "The Danube has carried a growing share of Ukraine's grain since Russia withdrew from a "
    "wartime shipping deal, and its ports have been attacked dozens of times.",
    "Environmental groups warned that fuel from a sunken barge could reach the delta's protected "
    "wetlands, which straddle the border with Romania, a NATO member.",
    "Russia did not immediately comment. It has said it strikes only military targets.",
]

INDEPENDENT = """By Ostap Hrytsak

VYLKOVE - On the wooden boardwalks of Vylkove, residents spent Thursday dragging wet sacks of seed \
out of a half-sunk grain boat while the smell of diesel hung over the canals.

Fisherman Ivan Moroz, 61, said he woke to two blasts and ran to the river with a torch. "The barge \
just folded in the middle and went down," he said. His brother's boat, tied to the same pier, \
burned to the waterline.

Local volunteers rowed out with absorbent mats before the emergency service arrived from Izmail, \
about 40 kilometres upstream. The town has no fire engine of its own.

Council workers said the crossing to Romania carried about 300 people a day in the harvest season, \
most of them farmers selling sunflower seed to traders on the other bank."""

# name -> (title, outlet, url host, published, text)
CORPUS = {
    "original": ("Drone hits Vylkove ferry pier, barge sunk", "Delta Post", "deltapost.example",
                 "2026-03-12T06:40:00", ORIGINAL),
    "copy1": ("Drone hits Vylkove ferry pier, barge sunk", "River Courier", "rivercourier.example",
              "2026-03-12T08:15:00", ORIGINAL),
    "copy2": ("Ferry pier in Vylkove struck by drone", "Coast Daily", "coastdaily.example",
              "2026-03-12T09:30:00", ORIGINAL),
    "rewrite": ("Unmanned aircraft strikes Vylkove ferry jetty", "Newsroll Today", "newsroll.example",
                "2026-03-12T13:05:00", REWRITE),
    "ap1": ("Drone attack damages Danube delta ferry pier", "Odesa Times", "odesatimes.example",
            "2026-03-12T10:00:00", "\n\n".join(AP_PARAS)),
    "ap2": ("Ukraine says drone hit ferry pier in Danube delta", "Bessarabia Herald", "bessarabia.example",
            "2026-03-12T11:20:00", "\n\n".join(AP_PARAS[:3] + ["Local officials in Izmail said the ferry "
                                                               "would not run for at least a week."])),
    "independent": ("In Vylkove, residents salvage seed from a sunken barge", "Kyiv Ledger", "kyivledger.example",
                    "2026-03-12T18:45:00", INDEPENDENT),
}


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory, ctx):
    d = tmp_path_factory.mktemp("readlayer")
    src = d / "vylkove.jsonl"
    with open(src, "w", encoding="utf-8") as f:
        for name, (title, outlet, host, published, text) in CORPUS.items():
            f.write(json.dumps({"title": title, "text": text, "url": f"https://{host}/{name}",
                                "published": published, "source": outlet}) + "\n")
    db = str(d / "read.db")
    with newstrace.open(db) as store:
        store.ingest([str(src)], ctx)
        ids = {a.source.url.rsplit("/", 1)[1]: a.doc_id for a in store.iter_articles()}
    # relink from scratch: the export bug showed after `link --full`
    r = CliRunner().invoke(cli_app, ["link", "--full", "--db", db])
    assert r.exit_code == 0, r.output
    return db, ids


def _cli_json(*args: str):
    r = CliRunner().invoke(cli_app, [*args])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_read_layer_links_found(corpus_db):
    db, ids = corpus_db
    with newstrace.open(db, create=False) as store:
        kinds = {(lk.other_doc_id, lk.kind) for lk in store.get(ids["original"]).links}
        agencies = {n: store.get(d).source.agency for n, d in ids.items()}
    assert {(ids["copy1"], "copy"), (ids["copy2"], "copy")} <= kinds
    assert (ids["rewrite"], "rewrite") in kinds or any(
        k == "rewrite" for o, k in kinds if o == ids["rewrite"])
    assert agencies["ap1"] == agencies["ap2"] == "AP"
    assert not agencies["original"] and not agencies["independent"]


def test_read_layer_independence_folds_copies_rewrites_and_wire(corpus_db):
    db, ids = corpus_db
    with newstrace.open(db, create=False) as store:
        ind = api.independence(store, ids.values())
    assert ind["count"] == 3
    src = {d["doc_id"]: d for d in ind["derivation"]}
    for name in ("copy1", "copy2", "rewrite"):
        assert src[ids[name]]["source"] == src[ids["original"]]["source"] == "outlet:Delta Post"
        assert src[ids[name]]["folds_into"] == ids["original"]
    assert src[ids["ap1"]]["source"] == src[ids["ap2"]]["source"] == "agency:AP"
    assert src[ids["independent"]]["source"] == "outlet:Kyiv Ledger" and src[ids["independent"]]["folds_into"] is None
    assert {o["source"] for o in ind["origins"]} == {"outlet:Delta Post", "agency:AP", "outlet:Kyiv Ledger"}


def test_read_layer_cli_rest_export_agree(corpus_db, tmp_path):
    db, ids = corpus_db
    with newstrace.open(db, create=False) as store:
        story_id = api.links(store, ids["original"])["story"]["story_id"]
    cli = _cli_json("story", story_id, "--db", db, "--json")
    with TestClient(create_app(db), client=("127.0.0.1", 5000), base_url="http://127.0.0.1:8000") as c:
        rest = c.get(f"/api/stories/{story_id}").json()
        rest_list = c.get("/api/stories").json()["items"]
        rest_links = {d: c.get(f"/api/articles/{d}/links").json() for d in ids.values()}
    cli_list = _cli_json("stories", "--db", db, "--json")["items"]

    def members(view):
        return sorted((m["doc_id"], m["role"], m["of"]) for m in view["members"])

    assert members(cli) == members(rest) and len(members(cli)) >= 2
    assert cli["origins"] == rest["origins"] and cli["independence"] == rest["independence"]
    assert cli["independent_sources"] == rest["independent_sources"] == rest["independence"]["count"]
    listed = {s["story_id"]: s["independent_sources"] for s in rest_list}
    assert listed == {s["story_id"]: s["independent_sources"] for s in cli_list}
    assert listed[story_id] == rest["independent_sources"]
    # the count is the one definition applied to the story's members (independent of clustering)
    with newstrace.open(db, create=False) as store:
        assert rest["independent_sources"] == api.independence(store, [m[0] for m in members(rest)])["count"]

    out = tmp_path / "export.jsonl"
    r = CliRunner().invoke(cli_app, ["export", "--format", "jsonl", "--out", str(out), "--db", db, "--quiet"])
    assert r.exit_code == 0, r.output
    exported = {rec["doc_id"]: rec for rec in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert set(exported) == set(ids.values())
    for d in ids.values():
        shown = _cli_json("show", d, "--db", db, "--json")
        key = sorted((lk["other_doc_id"], lk["kind"], lk["score"]) for lk in shown["links"])
        assert sorted((lk["other_doc_id"], lk["kind"], lk["score"]) for lk in exported[d]["links"]) == key
        assert {(x["other_doc_id"], x["kind"]) for x in rest_links[d]["links"]} == {k[:2] for k in key}
    assert exported[ids["original"]]["links"], "export lost the links after link --full"
    # the export carries what independence needs: the same function on it gives the same answer
    story_ids = [m[0] for m in members(rest)]
    members_x = [{"doc_id": d, "published": exported[d]["published"], "outlet": exported[d]["source"]["outlet"],
                  "agency": exported[d]["source"].get("agency")} for d in story_ids]
    links_x = [(d, lk["other_doc_id"], lk["kind"]) for d in story_ids for lk in exported[d]["links"]]
    assert independence(members_x, links_x)["count"] == rest["independent_sources"]
    assert independence(members_x, links_x)["derivation"] == rest["independence"]["derivation"]


def _m(doc_id, published, outlet=None, agency=None):
    return {"doc_id": doc_id, "published": published, "outlet": outlet, "agency": agency}


@pytest.mark.parametrize("members,links,count,sources", [
    # two AP pickups on two sites, no link between them (each edited differently): one origin
    ([_m("a", "2026-03-01T08:00", "Odesa Times", "AP"), _m("b", "2026-03-01T09:00", "Bessarabia Herald", "AP"),
      _m("c", "2026-03-01T10:00", "Kyiv Ledger")], [], 2,
     {"a": ("agency:AP", None), "b": ("agency:AP", "a"), "c": ("outlet:Kyiv Ledger", None)}),
    # a page embedding another article folds into it; a copy of an AP pickup is AP's text
    ([_m("a", "2026-03-01T08:00", "Delta Post"), _m("b", "2026-03-01T09:00", "River Courier"),
      _m("c", "2026-03-01T07:00", "Coast Daily", "Reuters"), _m("d", "2026-03-01T11:00", "Steppe Wire")],
     [("b", "a", "embeds", 1.0), ("d", "c", "copy", 1.0)], 2,
     {"a": ("outlet:Delta Post", None), "b": ("outlet:Delta Post", "a"), "c": ("agency:Reuters", None),
      "d": ("agency:Reuters", "c")}),
    # one outlet's two separate reports count once; an outlet-less article is its own origin;
    # stance and story links never fold
    ([_m("a", "2026-03-01T08:00", "Delta Post"), _m("b", "2026-03-02T08:00", "Delta Post"), _m("c", None)],
     [("b", "a", "agree", 0.9), ("c", "a", "story", 0.5)], 2,
     {"a": ("outlet:Delta Post", None), "b": ("outlet:Delta Post", "a"), "c": ("article:c", None)}),
    # the origin of a copy group is its earliest article, whatever the link direction
    ([_m("late", "2026-03-02", "River Courier"), _m("early", "2026-03-01", "Delta Post")],
     [("early", "late", "copy", 1.0)], 1,
     {"early": ("outlet:Delta Post", None), "late": ("outlet:Delta Post", "early")}),
])
def test_read_layer_independence_definition(members, links, count, sources):
    ind = independence(members, links)
    assert ind["count"] == count == len(ind["origins"])
    assert {d["doc_id"]: (d["source"], d["folds_into"]) for d in ind["derivation"]} == sources
    assert all(d["reason"] for d in ind["derivation"])


def _recount(store) -> dict:
    """Stats counted from the rows (what the counters kept on write must equal)."""
    one = lambda sql: store.read(sql)[0][0]  # noqa: E731
    top = lambda sql: [tuple(r) for r in store.read(sql)]  # noqa: E731
    cur = "JOIN articles a ON a.doc_id = t.doc_id AND a.is_current = 1"
    return {"articles": one("SELECT count(*) FROM articles WHERE is_current = 1"),
            "versions": one("SELECT count(*) FROM articles"),
            "outlets": one("SELECT count(DISTINCT outlet) FROM articles WHERE is_current = 1"),
            "top_outlets": top("SELECT outlet, count(*) n FROM articles WHERE is_current = 1 AND outlet IS NOT NULL"
                               " GROUP BY outlet ORDER BY n DESC, outlet LIMIT 10"),
            "top_people": top(f"SELECT canonical, count(DISTINCT t.doc_id) n FROM entities t {cur}"
                              " WHERE label = 'PERSON' GROUP BY canonical ORDER BY n DESC, canonical LIMIT 10"),
            "top_places": top(f"SELECT name, count(DISTINCT t.doc_id) n FROM places t {cur}"
                              " GROUP BY name ORDER BY n DESC, name LIMIT 10")}


@pytest.mark.parametrize("step", ["stored", "new version", "updated"])
def test_read_layer_stats_counted_on_write_equal_a_recount(tmp_path, step):
    import dataclasses

    from browser.webcorpus import articles, build_store

    db = build_store(str(tmp_path / "stats.db"))
    with newstrace.open(db) as store:
        if step == "new version":
            a = articles()[2]
            assert store.put(dataclasses.replace(a, doc_id="e" * 20, text=a.text + " Updated.", entities=[],
                                                 places=[], source=dataclasses.replace(a.source, outlet="Other"))
                             ) == "version"
        if step == "updated":
            a = store.get(articles()[0].doc_id)
            a.entities, a.places = [], []
            store.update(a)
        s = api.stats(store)
        want = _recount(store)
        got = {k: (s[k] if not isinstance(s[k], list) else [tuple(x) for x in s[k]]) for k in want}
        assert got == want and want["articles"] > 0
        assert api.summary(store) == {"articles": want["articles"], "outlets": want["outlets"]}


SQL = __import__("re").compile(r"\b(SELECT\s+\S|INSERT\s+INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET|CREATE\s+(TABLE|INDEX))")


@pytest.mark.parametrize("part", ["api.py", "views", "web", "cli"])
def test_read_layer_no_sql_outside_the_store(part):
    """The read paths (api, views, CLI, web) hold no SQL: the store's read methods do."""
    from pathlib import Path

    root = Path(newstrace.__file__).parent / part
    files = [root] if root.is_file() else sorted(root.rglob("*.py"))
    found = [f"{f.relative_to(root.parent)}:{i}" for f in files
             for i, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1) if SQL.search(line)]
    assert files and not found, found


@pytest.mark.parametrize("part", ["web", "cli"])
def test_read_layer_shells_read_through_api(part):
    """CLI and web modules reach views and store queries only through newstrace.api."""
    import ast
    from pathlib import Path

    root = Path(newstrace.__file__).parent / part
    bad = []
    for f in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and any(
                    x in node.module for x in ("views", "store.queries", "corpus.views")):
                bad.append(f"{f.name}:{node.lineno} from {node.module}")
            if isinstance(node, ast.ImportFrom) and node.module == "store" and any(
                    a.name == "queries" for a in node.names):
                bad.append(f"{f.name}:{node.lineno} from store import queries")
    assert not bad, bad


@pytest.mark.parametrize("scan", [2000, 1])
def test_read_layer_counts_are_exact_or_labelled_estimates(tmp_path, monkeypatch, scan):
    from browser.webcorpus import build_store

    from newstrace.store import sqlite

    monkeypatch.setattr(sqlite, "COUNT_SCAN", scan)
    db = build_store(str(tmp_path / "count.db"))
    with newstrace.open(db) as store:
        exact = store.articles(query="Mykolaiv", limit=1).total  # no cap: every match joined
        assert exact >= 2
        listed = api.articles(store, q="Mykolaiv", limit=1)
        facets = api.facets(store, q="Mykolaiv")
    if scan > exact:
        assert (listed["total"], listed["total_is_estimate"]) == (exact, False)
        assert (facets["total"], facets["total_is_estimate"]) == (exact, False)
    else:  # checked one match, scaled the index's count: said to be an estimate
        assert listed["total_is_estimate"] and facets["total_is_estimate"]
        assert 0 <= listed["total"] <= 2 * exact


@pytest.mark.parametrize("window", [5000, 1])
def test_read_layer_search_ranks_within_a_bounded_window(tmp_path, monkeypatch, window):
    from browser.webcorpus import build_store

    from newstrace.store import sqlite

    monkeypatch.setattr(sqlite, "RANK_WINDOW", window)
    db = build_store(str(tmp_path / "rank.db"))
    with newstrace.open(db) as store:
        found = api.search(store, "Mykolaiv", limit=10)
        every = store.read("SELECT a.doc_id FROM articles_fts f JOIN articles a ON a.id = f.rowid"
                           " WHERE articles_fts MATCH 'Mykolaiv' ORDER BY f.rowid DESC")
    ids = [h["doc_id"] for h in found["hits"]]
    if window > len(every):
        assert found["ranked_within"] == "all matches" and sorted(ids) == sorted(r[0] for r in every)
    else:  # only the newest match was ranked, and the answer says so
        assert found["ranked_within"] == "newest 1 matches" and ids == [every[0][0]]
