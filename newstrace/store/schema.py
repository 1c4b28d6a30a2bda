"""The SQLite schema as an ordered list of migrations.

``MIGRATIONS`` is a list of ``(version, sql)`` applied in order, each in its own transaction,
and recorded in ``schema_version``. Never edit an applied migration: append a new
``(next_version, sql)`` entry (new tables, new indexes, ``ALTER TABLE ... ADD COLUMN``).
A store whose schema is newer than this list refuses to open (``StoreError``).

Tables of version 1::

    articles        one row per stored article version; ``json`` is serialize.to_json(article)
    articles_fts    FTS5 over title + text (rowid = articles.id), porter + unicode61 tokenizer
    entities        facet rows: (doc_id, canonical, label, n mentions)
    places          facet rows: resolved / unresolved toponyms with their role
    quotes          facet rows: who is quoted, directly or not
    claims          facet rows: claim status and attribution
    times           facet rows: resolved temporal expressions
    ingest_runs     one row per ingest run
    ingest_log      one row per input and its outcome (ok | unchanged | version | failed)

Tables of version 2 (cross-article linking, ``newstrace/corpus``)::

    corpus_prints   one fingerprint per linked article; corpus_bands: MinHash LSH band keys;
    corpus_keys     entity/place keys with the publication day (story candidates); corpus_meta: IDF
    links           copy / rewrite / stance links between articles, evidence as offsets in both
    stories         story clusters; story_members: each article's story, role and origin
    claim_links     articles that support / dispute / discuss a claim record

Tables of version 3 (resumable ingest, ``newstrace/engines/resume.py``)::

    ingest_files    each input file's version (size, mtime) and where its ingest log starts

Version 7 (``counters``): stats maintained on write, see the migration's comment.

Version 8 (``articles_agency``): each article's wire agency indexed, see the migration's comment.

Version 4 (search speed on large stores): ``articles_fts`` rebuilt with prefix indexes (a 3-letter
prefix query no longer scans the whole term list) and a narrow index over the current articles,
so filters and counts of current articles read the index, not the wide rows with their JSON.

Version 5 (the analyst's desk, ``newstrace/desk``; SQL in ``store/desk.py``)::

    desk_users       named users, role (reader | analyst | admin), sha256 of their token
    desk_audit       one row per write: who, what, when
    desk_verdicts    true | false | misleading | unproven on a claim or event, note, source URLs
    desk_notes       free notes on an article, claim, event or story
    desk_corrections a correction of a place, speaker, quote or date, with the extractor's value
    desk_watchlists  saved searches and when they were last looked at

Version 6 (events across articles, ``newstrace/events/merge.py``; SQL in ``store/events.py``)::

    event_docs       articles whose events were merged (the incremental high-water set)
    event_reports    one row per article event: the merged event it joined, its window, its data
    merged_events    one row per merged event: type, day window, place, counts, conflicts, data
"""

from __future__ import annotations

MIGRATIONS: list[tuple[int, str]] = [
    (1, """
CREATE TABLE articles (
    id              INTEGER PRIMARY KEY,          -- stable rowid alias: the FTS rowid (VACUUM-safe)
    doc_id          TEXT NOT NULL UNIQUE,
    source_key      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    previous_doc_id TEXT REFERENCES articles(doc_id),
    is_current      INTEGER NOT NULL DEFAULT 1,   -- 0 once a newer version of the same source exists
    outlet          TEXT,
    url             TEXT,
    path            TEXT,
    title           TEXT,
    published       TEXT,
    language        TEXT,
    ingested_at     TEXT NOT NULL,
    json            TEXT NOT NULL
);
CREATE INDEX articles_source_key ON articles(source_key, version);
CREATE INDEX articles_outlet ON articles(outlet);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_language ON articles(language);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TABLE entities (
    doc_id    TEXT NOT NULL REFERENCES articles(doc_id) ON DELETE CASCADE,
    canonical TEXT NOT NULL,
    label     TEXT NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (doc_id, canonical, label)
);
CREATE INDEX entities_canonical ON entities(canonical, label);

CREATE TABLE places (
    doc_id    TEXT NOT NULL REFERENCES articles(doc_id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    geonameid INTEGER,
    country   TEXT,
    lat       REAL,
    lon       REAL,
    feature   TEXT,
    role      TEXT,
    n         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX places_doc ON places(doc_id);
CREATE INDEX places_name ON places(name);
CREATE INDEX places_country ON places(country);

CREATE TABLE quotes (
    doc_id         TEXT NOT NULL REFERENCES articles(doc_id) ON DELETE CASCADE,
    speaker_entity TEXT,
    is_direct      INTEGER NOT NULL
);
CREATE INDEX quotes_doc ON quotes(doc_id);
CREATE INDEX quotes_speaker ON quotes(speaker_entity);

CREATE TABLE claims (
    doc_id        TEXT NOT NULL REFERENCES articles(doc_id) ON DELETE CASCADE,
    claim_id      TEXT,
    status        TEXT NOT NULL,
    attributed_to TEXT
);
CREATE INDEX claims_doc ON claims(doc_id);
CREATE INDEX claims_status ON claims(status);

CREATE TABLE times (
    doc_id TEXT NOT NULL REFERENCES articles(doc_id) ON DELETE CASCADE,
    value  TEXT,
    type   TEXT NOT NULL
);
CREATE INDEX times_doc ON times(doc_id);
CREATE INDEX times_value ON times(value);

CREATE TABLE ingest_runs (
    run_id   TEXT PRIMARY KEY,
    started  TEXT NOT NULL,
    finished TEXT,
    status   TEXT NOT NULL DEFAULT 'running',  -- running | done | interrupted
    engine   TEXT,
    paths    TEXT                              -- JSON list of the input paths
);

CREATE TABLE ingest_log (
    id      INTEGER PRIMARY KEY,
    run_id  TEXT NOT NULL,
    path    TEXT NOT NULL,
    record  INTEGER,
    outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'unchanged', 'version', 'failed')),
    code    TEXT,
    reason  TEXT,
    doc_id  TEXT,
    time    TEXT NOT NULL
);
CREATE INDEX ingest_log_run ON ingest_log(run_id);
CREATE INDEX ingest_log_outcome ON ingest_log(outcome);
"""),
    # 2: cross-article links (newstrace/corpus): fingerprints, LSH bands, story keys, links,
    # stories and their members, claim stance links. See newstrace/store/linking.py.
    (2, """
CREATE TABLE corpus_prints (
    doc_id    TEXT PRIMARY KEY,
    published TEXT,
    day       INTEGER,
    outlet    TEXT,
    title     TEXT,
    data      BLOB NOT NULL,   -- packed Fingerprint (newstrace.corpus.prints.pack)
    linked_at TEXT NOT NULL
);
CREATE TABLE corpus_bands (
    band   INTEGER NOT NULL,
    key    INTEGER NOT NULL,
    doc_id TEXT NOT NULL
);
CREATE INDEX corpus_bands_key ON corpus_bands(band, key);
CREATE INDEX corpus_bands_doc ON corpus_bands(doc_id);
CREATE TABLE corpus_keys (
    key    TEXT NOT NULL,
    day    INTEGER,
    doc_id TEXT NOT NULL
);
CREATE INDEX corpus_keys_key ON corpus_keys(key, day);
CREATE INDEX corpus_keys_doc ON corpus_keys(doc_id);
CREATE TABLE corpus_meta (
    name  TEXT PRIMARY KEY,
    value BLOB
);
CREATE TABLE links (
    doc_id       TEXT NOT NULL,
    other_doc_id TEXT NOT NULL,
    kind         TEXT NOT NULL,    -- copy | rewrite | story | agree | disagree | discuss
    score        REAL NOT NULL,
    evidence     TEXT NOT NULL DEFAULT '[]',  -- JSON: offsets in doc_id's text, then other_doc_id's
    created_at   TEXT NOT NULL,
    PRIMARY KEY (doc_id, other_doc_id, kind)
);
CREATE INDEX links_other ON links(other_doc_id);
CREATE INDEX links_kind ON links(kind, score);
CREATE TABLE stories (
    story_id            TEXT PRIMARY KEY,
    label               TEXT,
    label_doc_id        TEXT,
    first_published     TEXT,
    last_published      TEXT,
    articles            INTEGER NOT NULL DEFAULT 0,
    independent_sources INTEGER NOT NULL DEFAULT 0,
    copies              INTEGER NOT NULL DEFAULT 0,
    outlets             TEXT NOT NULL DEFAULT '[]',
    updated_at          TEXT NOT NULL
);
CREATE INDEX stories_last ON stories(last_published);
CREATE TABLE story_members (
    story_id   TEXT NOT NULL,
    doc_id     TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL,      -- original | copy | rewrite
    of_doc_id  TEXT,
    score      REAL,
    PRIMARY KEY (story_id, doc_id)
);
CREATE TABLE claim_links (
    claim_id     TEXT NOT NULL,
    doc_id       TEXT NOT NULL,
    other_doc_id TEXT NOT NULL,
    stance       TEXT NOT NULL,    -- agree | disagree | discuss
    score        REAL NOT NULL,
    evidence     TEXT NOT NULL DEFAULT '[]',  -- JSON: sentences of other_doc_id's text
    PRIMARY KEY (claim_id, other_doc_id)
);
CREATE INDEX claim_links_other ON claim_links(other_doc_id);
"""),
    # 3: resumable ingest (newstrace/engines/resume.py): the version (size, mtime) of each input
    # file seen, and from which ingest_log row on its records count as committed; an index to
    # find a file's last committed record.
    (3, """
CREATE TABLE ingest_files (
    path     TEXT PRIMARY KEY,
    size     INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    log_from INTEGER NOT NULL,   -- ingest_log rows with id > log_from belong to this version
    seen     TEXT NOT NULL
);
CREATE INDEX ingest_log_path ON ingest_log(path, record);
"""),
    # 4: search speed at 100k articles (bench/web.py): prefix indexes for "ukrain*"-style queries
    # and a covering index for "is_current" filters and counts.
    (4, """
CREATE VIRTUAL TABLE articles_fts_v4 USING fts5(
    title, text,
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '3 4 5'
);
INSERT INTO articles_fts_v4(rowid, title, text) SELECT rowid, title, text FROM articles_fts;
DROP TABLE articles_fts;
ALTER TABLE articles_fts_v4 RENAME TO articles_fts;
CREATE INDEX articles_current ON articles(is_current, published, outlet, language);
"""),
    # 5: the analyst's desk (newstrace/desk, SQL in store/desk.py): users with hashed tokens and
    # roles, an audit row per write, verdicts, notes, corrections (keyed by the article's source
    # and the span's text, so they survive new versions and re-analysis), saved searches.
    (5, """
CREATE TABLE desk_users (
    name       TEXT PRIMARY KEY,
    role       TEXT NOT NULL CHECK (role IN ('reader', 'analyst', 'admin')),
    token_hash TEXT NOT NULL UNIQUE,             -- sha256 hex of the token; the token is never stored
    created_at TEXT NOT NULL,
    created_by TEXT,
    disabled   INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE desk_audit (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    user   TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    detail TEXT NOT NULL DEFAULT '{}'            -- JSON
);
CREATE INDEX desk_audit_at ON desk_audit(at);
CREATE TABLE desk_verdicts (
    verdict_id  TEXT PRIMARY KEY,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('claim', 'event')),
    target_id   TEXT NOT NULL,
    doc_id      TEXT,
    source_key  TEXT,
    anchor_text TEXT,                            -- the claim / event sentence, to find it in a new version
    verdict     TEXT NOT NULL CHECK (verdict IN ('true', 'false', 'misleading', 'unproven')),
    note        TEXT,
    sources     TEXT NOT NULL DEFAULT '[]',      -- JSON list of URLs
    author      TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX desk_verdicts_target ON desk_verdicts(target_kind, target_id);
CREATE INDEX desk_verdicts_source ON desk_verdicts(source_key);
CREATE TABLE desk_notes (
    note_id     TEXT PRIMARY KEY,
    target_kind TEXT NOT NULL,                   -- article | claim | event | story
    target_id   TEXT NOT NULL,
    source_key  TEXT,
    text        TEXT NOT NULL,
    author      TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX desk_notes_target ON desk_notes(target_kind, target_id);
CREATE TABLE desk_corrections (
    correction_id TEXT PRIMARY KEY,
    source_key    TEXT NOT NULL,                 -- the article's identity across versions
    doc_id        TEXT NOT NULL,                 -- the version it was made on
    target        TEXT NOT NULL CHECK (target IN ('place', 'quote', 'time')),
    action        TEXT NOT NULL CHECK (action IN ('place', 'speaker', 'not_quote', 'date')),
    span_start    INTEGER NOT NULL,
    span_end      INTEGER NOT NULL,
    anchor_text   TEXT NOT NULL,                 -- text[span_start:span_end] in that version
    value         TEXT NOT NULL,                 -- JSON
    original      TEXT NOT NULL,                 -- JSON: the extractor's value
    note          TEXT,
    author        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    withdrawn_at  TEXT,
    withdrawn_by  TEXT
);
CREATE INDEX desk_corrections_source ON desk_corrections(source_key);
CREATE TABLE desk_watchlists (
    name       TEXT PRIMARY KEY,
    query      TEXT,
    entity     TEXT,
    place      TEXT,
    outlet     TEXT,
    event_type TEXT,
    created_by TEXT,
    created_at TEXT NOT NULL,
    last_seen  TEXT,                             -- when it was last looked at (UTC)
    last_seen_id INTEGER                         -- articles.id watermark of that look (new = id above it)
);
"""),
    # 6: events across articles (newstrace/events/merge.py, SQL in store/events.py): each
    # article's event reports with the merged event they joined, and the merged events.
    (6, """
CREATE TABLE event_docs (
    doc_id    TEXT PRIMARY KEY,                  -- an article whose events were merged
    merged_at TEXT NOT NULL
);
CREATE TABLE event_reports (
    event_id   TEXT PRIMARY KEY,                 -- the article's Event.event_id
    doc_id     TEXT NOT NULL,
    cluster_id TEXT NOT NULL,                    -- merged_events.event_id
    type       TEXT,
    day_start  TEXT,
    day_end    TEXT,
    data       TEXT NOT NULL                     -- JSON: events.merge.Report
);
CREATE INDEX event_reports_doc ON event_reports(doc_id);
CREATE INDEX event_reports_cluster ON event_reports(cluster_id);
CREATE INDEX event_reports_day ON event_reports(day_end, day_start);
CREATE TABLE merged_events (
    event_id        TEXT PRIMARY KEY,
    type            TEXT,
    day_start       TEXT,
    day_end         TEXT,
    place           TEXT,
    admin1          TEXT,
    country         TEXT,
    lat             REAL,
    lon             REAL,
    actors          TEXT NOT NULL DEFAULT '',    -- names and sides, for filtering
    reports         INTEGER NOT NULL,
    sources         INTEGER NOT NULL,            -- independent sources
    conflicts       INTEGER NOT NULL,
    first_published TEXT,
    data            TEXT NOT NULL,               -- JSON: events.merge.record
    updated_at      TEXT NOT NULL
);
CREATE INDEX merged_events_day ON merged_events(day_start, day_end);
CREATE INDEX merged_events_type ON merged_events(type);
CREATE INDEX merged_events_sources ON merged_events(sources);
"""),
    # 7: stats maintained on write (store/sqlite.py ``_count``): per (kind, key) the number of
    # current articles (kind articles/outlet/language/entity:LABEL/place/place_entity) or of stored
    # rows (versions), updated in the transaction that writes the article; filled here from the
    # tables for stores written before. ``stats()`` reads these instead of counting 100,000 rows.
    (7, """
CREATE TABLE counters (
    kind TEXT NOT NULL,
    key  TEXT NOT NULL,
    n    INTEGER NOT NULL,
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;
CREATE INDEX counters_top ON counters(kind, n DESC, key);
INSERT INTO counters SELECT 'articles', '', count(*) FROM articles WHERE is_current = 1;
INSERT INTO counters SELECT 'versions', '', count(*) FROM articles;
INSERT INTO counters SELECT 'outlet', outlet, count(*) FROM articles WHERE is_current = 1 AND outlet IS NOT NULL
    GROUP BY outlet;
INSERT INTO counters SELECT 'language', coalesce(language, 'unknown'), count(*) FROM articles WHERE is_current = 1
    GROUP BY 2;
INSERT INTO counters SELECT 'entity:' || e.label, e.canonical, count(DISTINCT e.doc_id) FROM entities e
    JOIN articles a ON a.doc_id = e.doc_id AND a.is_current = 1 GROUP BY e.label, e.canonical;
INSERT INTO counters SELECT 'place', p.name, count(DISTINCT p.doc_id) FROM places p
    JOIN articles a ON a.doc_id = p.doc_id AND a.is_current = 1 GROUP BY p.name;
INSERT INTO counters SELECT 'place_entity', e.canonical, count(DISTINCT e.doc_id) FROM entities e
    JOIN articles a ON a.doc_id = e.doc_id AND a.is_current = 1 WHERE e.label IN ('GPE', 'LOC', 'FAC')
    GROUP BY e.canonical;
"""),
    # 8: each article's wire agency in an index on the JSON expression (store/events.py ``agencies``):
    # the events merge reads the agency of every article of each event it rewrites, and json_extract over
    # the stored JSON read ~120 kB per article (a resume of the real 100k merge read them at random for
    # hours). SQLite keeps the index when an article is written or updated; building it for a store
    # written before reads every article's JSON once.
    (8, """
CREATE INDEX articles_agency ON articles(doc_id, json_extract(json, '$.source.agency'));
"""),
]
