"""Execution engines for ``newstrace ingest``: the same per-article pipeline, run elsewhere.

``processes`` (``--engine local --workers N``) and ``dask`` (``--engine dask``) each expose
``run(store, paths, ctx, *, progress, workers, scheduler, out) -> IngestReport`` (the contract in
``newstrace.ingest``). Both drive ``base.drive``: the client reads the inputs lazily, learns the
outlet furniture once (the ingest pre-pass), ships bounded batches of documents to workers that
keep spaCy and the gazetteer loaded per process, and commits the results in input order through
one writer (the SQLite store, or Parquet parts under ``--out``). ``resume`` decides what an
earlier, interrupted run already committed. ``linking`` links the new articles after a store
ingest while the workers are still up: they prepare each article's link inputs with its analysis
and score stance, the client keeps every linking decision (same tables as the local engine).
"""
