"""Batch stance over JSON Lines of ``{"id": ..., "claim": ..., "text": ...}``.

A bad line (not JSON, wrong or missing fields, too large) is reported with its line number and
a typed error code, and the run goes on with the next line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .. import errors
from .model import StanceResult

# A line is one claim and one article; beyond this it is not an article (features read 60k chars).
MAX_LINE_CHARS = 5_000_000
# Pairs scored together: amortises the tree evaluation while keeping memory flat on huge files.
BATCH = 256


@dataclass(slots=True)
class Pair:
    line: int
    id: str | int
    claim: str
    text: str


@dataclass(slots=True)
class PairFailure:
    line: int
    code: str
    reason: str


@dataclass(slots=True)
class PairResult:
    line: int
    id: str | int
    text: str
    result: StanceResult


def _fail(line: int, cls: type[errors.InputError], reason: str) -> PairFailure:
    return PairFailure(line=line, code=cls.code, reason=reason)


def parse_records(lines: Iterable[str], required: tuple[str, ...], optional: tuple[str, ...] = (), *,
                  max_chars: int = MAX_LINE_CHARS) -> Iterator[tuple[int, str | int, dict] | PairFailure]:
    """``(line, id, {field: text})`` for each valid JSON Lines record with an ``id`` and the ``required``
    non-empty string fields (plus the ``optional`` string fields present), or a failure per bad line
    (blank lines are skipped). Shared by ``stance --pairs`` and ``similar --pairs``."""
    for n, raw in enumerate(lines, start=1):
        if len(raw) > max_chars:
            yield _fail(n, errors.InputTooLarge, f"line longer than {max_chars} characters")
            continue
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as e:
            yield _fail(n, errors.MalformedInput, f"not JSON ({e.msg} at column {e.colno})")
            continue
        if not isinstance(obj, dict):
            yield _fail(n, errors.MalformedInput, f"expected a JSON object with id, {' and '.join(required)}")
            continue
        pid = obj.get("id")
        if isinstance(pid, bool) or not isinstance(pid, (str, int)):
            yield _fail(n, errors.MalformedInput, "'id' must be a string or an integer")
            continue
        bad = [k for k in required if not isinstance(obj.get(k), str)]
        bad += [k for k in optional if obj.get(k) is not None and not isinstance(obj.get(k), str)]
        if bad:
            yield _fail(n, errors.MalformedInput, f"{' and '.join(repr(k) for k in bad)} must be a string")
            continue
        empty = [k for k in required if not obj[k].strip()]
        if empty:
            yield _fail(n, errors.EmptyInput, f"{' and '.join(repr(k) for k in empty)} is empty")
            continue
        yield n, pid, {k: obj[k] for k in required + optional if obj.get(k) is not None}


def parse_pairs(lines: Iterable[str]) -> Iterator[Pair | PairFailure]:
    """Validated pairs, or a failure per bad line (blank lines are skipped)."""
    for item in parse_records(lines, ("claim", "text")):
        if isinstance(item, PairFailure):
            yield item
        else:
            n, pid, f = item
            yield Pair(line=n, id=pid, claim=f["claim"], text=f["text"])


def run_pairs(lines: Iterable[str], predict) -> Iterator[PairResult | PairFailure]:
    """Stance for every valid pair, in input order, failures interleaved where they occurred."""
    pending: list[Pair | PairFailure] = []

    def flush() -> Iterator[PairResult | PairFailure]:
        pairs = [p for p in pending if isinstance(p, Pair)]
        results = iter(predict([p.claim for p in pairs], [p.text for p in pairs]) if pairs else [])
        for p in pending:
            if isinstance(p, Pair):
                yield PairResult(line=p.line, id=p.id, text=p.text, result=next(results))
            else:
                yield p
        pending.clear()

    for item in parse_pairs(lines):
        pending.append(item)
        if len(pending) >= BATCH:
            yield from flush()
    yield from flush()
