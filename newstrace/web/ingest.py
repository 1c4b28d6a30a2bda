"""Write endpoints: upload files or a pasted article and ingest them. Token-protected.

Uploads are kept next to the store (``<db>.uploads/<content hash>/<name>``) and ingested from there,
so every stored article's ``source.path`` points at the original bytes the user sent. A file none
of whose records could be stored is removed again; an upload where nothing was stored answers 422
(the one error shape), and responses name files as the user sent them, never by server path.

Two phases, so that one slow upload does not hold up the others: the analysis runs WITHOUT the
store's write lock; only the commit (articles, the ingest log, the post-ingest linking) takes it.
The analysis itself is split: the request thread reads the files and learns their furniture
(cheap), and the pipeline runs in a pool of ``UPLOAD_WORKERS`` processes (models loaded once per
process), so the CPU-bound analysis never holds the server's GIL that every search needs, and two
uploads are analysed side by side. ``create_app(upload_workers=0)`` analyses in the request
thread instead (an ``UploadContext``: the app's models, the upload's own furniture).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import re
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from ..pipeline import Context
from .errors import BadParameter, NothingIngested, StoreBusy, TooLarge, Unauthorized

router = APIRouter(prefix="/api", tags=["write"])

# Why 50: a folder of saved pages dropped at once; more belongs on the CLI (`newstrace ingest`).
MAX_UPLOAD_FILES = 50
# Why 100: long enough for any real file name, short enough for every file system.
MAX_FILENAME_CHARS = 100
# Why 1 MB: a pasted article is text; 1 MB is ~150,000 words, far beyond any real article.
MAX_PASTED_BYTES = 1024 * 1024
PASTED_FIELDS = ("title", "url", "outlet", "published", "language")
# Why 2: two uploads analysed at once without one waiting for the other, at ~0.5 GB per process
# (spaCy, gazetteer, stance model); more only competes for the same cores.
UPLOAD_WORKERS = 2
# Why 180 s: another process (a CLI ingest, its linking pass) can hold SQLite's write lock longer
# than the store's busy timeout on a loaded machine; the upload's analysis is done and in memory,
# so the commit waits for the store that long (retrying) before answering 503.
COMMIT_WAIT_S = 180
COMMIT_RETRY_PAUSE_S = 1.0
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def check_token(request: Request):
    """The principal of the request's ``Authorization: Bearer <token>`` (the server's token, or a
    user's of role analyst or admin: ``web/desk.py``); raise Unauthorized / Forbidden otherwise."""
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise Unauthorized("write endpoints need 'Authorization: Bearer <token>' (the token is printed "
                           "when `newstrace serve` starts)")
    from .desk import require

    return require(request, "analyst")


def safe_name(name: str | None, index: int, taken: set[str]) -> str:
    """A file name that cannot leave the upload folder or clash with another upload."""
    base = _UNSAFE_NAME.sub("_", Path(name or "").name).lstrip(".")[:MAX_FILENAME_CHARS] or f"upload-{index}"
    out, n = base, 1
    while out in taken:
        n += 1
        out = f"{n}-{base}"
    taken.add(out)
    return out


def save_upload(db: str, name: str, data: bytes) -> Path:
    """Keep the upload under ``<db>.uploads/<content hash>/<name>``; return its path.

    Content-addressed folders make a re-upload of the same file land on the same path, so the
    store sees the same source and answers "unchanged" instead of storing a duplicate.
    """
    folder = Path(db).resolve().parent / f"{Path(db).name}.uploads" / hashlib.sha256(data).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if not path.exists():
        path.write_bytes(data)
    return path


def pasted_record(fields: dict[str, str]) -> dict[str, str]:
    """A pasted article as a JSON record the JSON reader understands (settings.json_fields)."""
    text = (fields.get("text") or "").strip()
    if not text:
        raise BadParameter("the pasted article is empty")
    if len(text.encode("utf-8")) > MAX_PASTED_BYTES:
        raise TooLarge(f"the pasted article is over {MAX_PASTED_BYTES} bytes")
    rec = {"text": text}
    for key in PASTED_FIELDS:
        value = (fields.get(key) or "").strip()
        if value:
            rec["source" if key == "outlet" else key] = value[:500]
    return rec


async def _read_request(request: Request) -> list[tuple[str, bytes]]:
    """The uploaded files and/or pasted article as (safe file name, bytes), validated, nothing written yet."""
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("application/json"):
        try:
            body = await request.json()
        except ValueError as e:
            raise BadParameter(f"the request body is not JSON: {e}") from e
        if not isinstance(body, dict):
            raise BadParameter("the JSON body must be an object with at least 'text'")
        record = pasted_record({k: str(v) for k, v in body.items() if v is not None})
        return [("pasted.json", json.dumps(record).encode("utf-8"))]
    if not ctype.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        raise BadParameter("send multipart/form-data (files, or a 'text' field), a form, or application/json")
    max_bytes = request.app.state.max_upload_bytes
    form = await request.form(max_files=MAX_UPLOAD_FILES, max_fields=20, max_part_size=MAX_PASTED_BYTES)
    items: list[tuple[str, bytes]] = []
    taken: set[str] = {"pasted.json"}
    try:
        for i, item in enumerate(form.getlist("files")):
            if not isinstance(item, UploadFile):
                continue
            data = await item.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise TooLarge(f"{item.filename}: over the upload limit of {max_bytes} bytes")
            if data:  # the browser sends an empty part when no file was chosen
                items.append((safe_name(item.filename, i, taken), data))
        fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
        if (fields.get("text") or "").strip():
            items.append(("pasted.json", json.dumps(pasted_record(fields)).encode("utf-8")))
    finally:
        await form.close()
    if not items:
        raise BadParameter("nothing to ingest: choose files or paste an article")
    return items


class UploadContext(Context):
    """One upload's pipeline context: the app's models (loaded once, shared), its own resources.

    The ingest pre-pass installs the furniture learned from *these* files with ``set``; on the
    app's shared Context two concurrent uploads would overwrite each other's. Written here
    because ``Context`` has no notion of a parent.
    """

    def __init__(self, parent: Context):
        super().__init__(parent.settings)
        self._parent = parent

    def resource(self, name: str, loader) -> Any:
        return self._parent.resource(name, loader)

    def get(self, name: str, default: Any = None) -> Any:
        own = super().get(name)
        return own if own is not None else self._parent.get(name, default)


def read_upload(settings, store, paths: list[Path]) -> tuple[list, list, Any]:
    """Read ``paths`` (the ingest pre-pass: furniture learned from these files). Returns the
    documents to analyse (and reader failures, in order), the RawDocuments already stored under
    their doc_id (not analysed again) and the furniture model."""
    from ..ingest import scan
    from ..model import RawDocument
    from ..pipeline import make_doc_id

    ctx = Context(settings)  # for the pre-pass only: settings in, furniture out; no model loaded
    items, _total = scan([str(p) for p in paths], ctx, None)
    fresh, known = [], []
    for item in items:
        (known if isinstance(item, RawDocument) and store.has(make_doc_id(item)) else fresh).append(item)
    return fresh, known, ctx.get("furniture")


def _analyse_in_worker(settings, items: list, furniture: Any) -> list:
    """In an upload worker process: the pipeline over one upload's documents."""
    from ..engines.base import worker_context
    from ..pipeline import process

    ctx = worker_context(settings)
    ctx.set("furniture", furniture)  # this upload's (or none): never the previous upload's
    return list(process(items, ctx))


_POOLS: dict[tuple[Any, int], ProcessPoolExecutor] = {}
_POOLS_LOCK = threading.Lock()


def _pool(settings, workers: int) -> ProcessPoolExecutor:
    """The upload analysis processes for these settings: started on first use, shared by every
    app in this process (tests build many), joined at interpreter exit by concurrent.futures."""
    with _POOLS_LOCK:
        pool = _POOLS.get((settings, workers))
        if pool is None:
            pool = _POOLS[(settings, workers)] = ProcessPoolExecutor(
                max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
        return pool


def analyse_upload(app, store, paths: list[Path]) -> list:
    """Phase 1, no lock: read ``paths`` and run the pipeline. Returns, in input order, Articles
    and InputFailures, then the RawDocuments found already stored."""
    from ..pipeline import default_context

    parent = getattr(app.state, "context", None) or default_context()
    fresh, known, furniture = read_upload(parent.settings, store, paths)
    workers = getattr(app.state, "upload_workers", UPLOAD_WORKERS)
    if not fresh:
        return known
    if workers <= 0:
        from ..pipeline import process

        ctx = UploadContext(parent)
        ctx.set("furniture", furniture)
        return list(process(fresh, ctx)) + known
    pool = _pool(parent.settings, workers)
    try:
        return pool.submit(_analyse_in_worker, parent.settings, fresh, furniture).result() + known
    except BrokenProcessPool:
        with _POOLS_LOCK:  # a worker died (killed, out of memory): the next upload starts a new pool
            if _POOLS.get((parent.settings, workers)) is pool:
                del _POOLS[(parent.settings, workers)]
        raise


def commit_upload(store, paths: list[Path], results: list):
    """Phase 2, under the write lock: store every result in one ingest run, then link."""
    from ..ingest import IngestReport, link_after_ingest, skip_stored, store_result
    from ..model import RawDocument

    report = IngestReport(run_id=store.start_run([str(p) for p in paths], engine="web"), engine="web")
    t0 = time.monotonic()
    status = "interrupted"
    try:
        for i, result in enumerate(results, start=1):
            if isinstance(result, RawDocument):
                if not skip_stored(store, result, report):  # deleted meanwhile: not stored now
                    report.failed.append(_gone(result))
                continue
            store_result(store, result, report, None, done=i, total=len(results))
        status = "done"
    finally:
        report.elapsed = time.monotonic() - t0
        report.interrupted = status != "done"
        store.finish_run(report.run_id, status)
    link_after_ingest(store, report)
    return report


def _gone(raw):
    from ..errors import InputError
    from ..model import InputFailure

    return InputFailure(path=raw.source.path or "-", record=raw.source.record, code=InputError.code,
                        reason="the stored article this upload matched was removed during the upload")


def _public(text: str | None, names: dict[str, str]) -> str | None:
    """``text`` with every server path of this upload replaced by the name the user sent."""
    if not text:
        return text
    for path, name in sorted(names.items(), key=lambda kv: -len(kv[0])):
        text = text.replace(path, name)
    return text


def _discard_rejected(paths: list[Path], payload: dict, names: dict[str, str]) -> None:
    """Remove the uploaded files of which nothing was stored (and their folder when empty)."""
    kept = {a["path"] for a in payload["articles"]}
    for p in paths:
        if names[str(p)] in kept:
            continue
        try:
            p.unlink()
            p.parent.rmdir()  # only when empty: another file of the same upload may live there
        except OSError:
            pass


def _is_busy(exc: BaseException) -> bool:
    import sqlite3

    from ..errors import StoreError

    text = str(exc).lower()
    return isinstance(exc, (sqlite3.OperationalError, StoreError)) and ("locked" in text or "busy" in text)


def _commit_when_free(stores, store, paths: list[Path], results: list):
    """Commit under the write lock; while another process holds the store, retry (a re-put of
    an article already committed by a cut attempt is "unchanged", so retrying is safe)."""
    deadline = time.monotonic() + COMMIT_WAIT_S
    while True:
        try:
            with stores.write_lock:
                return commit_upload(store, paths, results)
        except Exception as e:  # noqa: BLE001 - only a busy store is retried; the rest re-raises
            if not _is_busy(e):
                raise
            if time.monotonic() >= deadline:
                raise StoreBusy(f"the store stayed locked by another writer for {COMMIT_WAIT_S} s; "
                                "upload again later") from e
        time.sleep(COMMIT_RETRY_PAUSE_S)  # outside the lock: polling for the other process's commit


def _ingest(app, paths: list[Path], names: dict[str, str]) -> dict:
    from .. import api

    stores = app.state.stores
    store = stores.get()
    results = analyse_upload(app, store, paths)
    report = _commit_when_free(stores, store, paths, results)
    payload = api.ingest_payload(store, report, [str(p) for p in paths])
    for row in payload["articles"]:
        row["path"] = _public(row["path"], names)
    for row in payload["failures"]:
        row["path"] = _public(row["path"], names)
        row["reason"] = _public(row["reason"], names)
    _discard_rejected(paths, payload, names)
    if not payload["articles"]:
        detail = "; ".join(f"{f['path']}: [{f['code']}] {f['reason']}" for f in payload["failures"][:10])
        raise NothingIngested(f"nothing was ingested ({len(payload['failures'])} failed): {detail}")
    return payload


@router.post("/ingest", summary="Upload files or a pasted article and ingest them (needs the token)",
             status_code=201, responses={422: {"description": "nothing could be ingested (every input failed)"}})
async def ingest(request: Request) -> dict:
    who = await run_in_threadpool(check_token, request)  # a user's token is looked up in the store
    items = await _read_request(request)
    db = request.app.state.stores.db
    paths = [save_upload(db, name, data) for name, data in items]
    names = {str(p): name for p, (name, _data) in zip(paths, items)}
    payload = await run_in_threadpool(_ingest, request.app, paths, names)
    await run_in_threadpool(_audit_upload, request.app, who.name, payload)
    return payload


def _audit_upload(app, user: str, payload: dict) -> None:
    from ..store.desk import audit

    audit(app.state.stores.get(), user, "ingest", None,
          {"articles": [a.get("doc_id") for a in payload.get("articles", [])][:100],
           "failures": len(payload.get("failures", []))})
