"""The read layer: every view an interface shows is built here, once.

The CLI (``--json`` and its tables), the REST API, the web pages and ``export`` format these
views; none of them builds one. Each function takes an open store and returns plain data
(dicts, lists) ready for JSON. The views read the store only through its read methods
(``newstrace/store``: ``store.get``, ``store.search``, ``store.articles``, ``store.stats`` and
``store/queries.py``); there is no SQL here. ``newstrace.api`` re-exports them.

    articles     article, its links and versions, listings, search with count and facets, stats
    corpus       origins, stories, claims, and ``independence_of`` (the one independence count,
                 ``corpus.origin.independence``, with its derivation) for any set of articles:
                 stories, claims and (later) events call it
    annotations  quotes and claims across articles
    geo          places as GeoJSON, the timeline

Kept free of imports so that ``import newstrace.views.corpus`` loads only what it needs.
"""
