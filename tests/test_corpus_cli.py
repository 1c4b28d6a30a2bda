"""CLI commands of the corpus module, run as a subprocess on a store built by `newstrace ingest`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

FIX = Path(__file__).resolve().parent / "fixtures" / "corpus"
FAMILY = json.loads((FIX / "families.json").read_text(encoding="utf-8"))


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newstrace", *args], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli")
    src = d / "family.jsonl"
    with open(src, "w", encoding="utf-8") as f:
        for name, meta in FAMILY["articles"].items():
            f.write(json.dumps({"title": meta["title"], "text": (FIX / f"{name}.txt").read_text(encoding="utf-8"),
                                "url": f"https://{meta['outlet']}/{name}", "published": meta["published"],
                                "source": meta["outlet"]}) + "\n")
    path = str(d / "cli.db")
    r = run("ingest", str(src), "--db", path, "--quiet")
    assert r.returncode == 0, r.stderr
    return path


def _ids(db: str) -> dict[str, str]:
    import newstrace

    with newstrace.open(db, create=False) as store:
        return {a.source.url.rsplit("/", 1)[1]: a.doc_id for a in store.iter_articles()}


def test_cli_links_json_and_text(db):
    ids = _ids(db)
    r = run("links", ids["syndicated"], "--db", db, "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    kinds = {(lk["other_doc_id"], lk["kind"]) for lk in data["links"]}
    assert (ids["original"], "copy") in kinds and (ids["spun"], "rewrite") in kinds
    assert data["origin"]["doc_id"] == ids["original"] and data["origin"]["status"] == "earliest"
    for lk in data["links"]:
        for e in lk["evidence"]:
            if lk["kind"] in ("copy", "rewrite"):
                assert e["text"]  # the passage as it reads in this article
    text = run("links", ids["syndicated"][:8], "--db", db)
    assert text.returncode == 0 and "copy" in text.stdout and ids["original"] in text.stdout


def test_cli_stories_story(db):
    r = run("stories", "--db", db, "--json")
    assert r.returncode == 0, r.stderr
    items = json.loads(r.stdout)["items"]
    top = items[0]
    assert top["articles"] == 6 and top["independent_sources"] == 3 and top["copies"] == 3
    r = run("story", top["story_id"], "--db", db)
    assert r.returncode == 0, r.stderr
    roles = [line.split()[0] for line in r.stdout.splitlines() if line.startswith("  ")]
    assert sorted(roles) == ["copy", "copy", "original", "original", "original", "rewrite"]
    assert run("stories", "--db", db, "--since", "2024-12").stdout.count("st-") == 1


def test_cli_claim_and_errors(db):
    ids = _ids(db)
    import newstrace

    with newstrace.open(db, create=False) as store:
        claim = next(c for c in store.get(ids["original"]).claims if c.claim_id)
    r = run("claim", claim.claim_id, "--db", db, "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["claim_id"] == claim.claim_id and len(data["copies"]) == 3
    assert run("claim", "nope", "--db", db).returncode == 2
    assert run("story", "st-missing", "--db", db).returncode == 2
    assert run("links", "ffffffffffff", "--db", db).returncode == 2


def test_cli_link_relinks(db):
    r = run("link", "--db", db)
    assert r.returncode == 0 and "Linked 0 articles" in r.stdout
    r = run("link", "--db", db, "--full", "--no-stance")
    assert r.returncode == 0, r.stderr
    assert "Linked 7 articles" in r.stdout and "3 copies, 3 rewrites" in r.stdout


def test_cli_link_quiet_and_progress(db):
    """`link -q` prints nothing; the API's progress callback counts every pending article once."""
    from newstrace import api

    r = run("link", "--db", db, "--full", "--no-stance", "-q")
    assert r.returncode == 0 and r.stdout == "", (r.stdout, r.stderr)
    seen: list[tuple[int, int]] = []
    with api.open(db, create=False) as store:
        report = api.link(store, full=True, stance=False, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (report.articles + report.skipped, report.articles + report.skipped)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
