"""Offline geoparsing: the gazetteer (built from packaged GeoNames data), toponym recognition,
resolution against the article's context, and the role of each place.

Modules:
    names       name normalisation shared by the builder and the lookups
    build       builds ``newstrace/data/gazetteer.sqlite`` from installed packages (install time)
    gazetteer   the read-only index: name -> candidate places, loaded once per process
    demonyms    "Ukrainian" -> UA (kept apart from places)
    recognise   toponym spans from spaCy entities plus gazetteer evidence and patterns
    resolve     candidate ranking with the article as context
    roles       event | mention | dateline
    export      place records across articles and GeoJSON (for the CLI and other shells)
"""
