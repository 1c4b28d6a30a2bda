"""Table writers: CSV, XLSX and Parquet. One row per annotation; Parquet keeps real types.

Parquet columns are typed from the table's column kinds (``tables.Column``): int64, double, bool,
string, ``list<string>`` and ``list<struct<...>>`` (DuckDB, pandas and Spark read them as such).
CSV and XLSX cells are plain values; a list is one cell, its items joined by ``"; "`` (a struct item
shows its covered ``text``, else its ``name``, else ``key=value`` pairs), never JSON. Text is never
altered (offsets must still point at it): XLSX stores every text as a string cell, so an article line
starting with "=" is not a formula; CSV has no cell types, so open it with a spreadsheet's import
(text columns) rather than by double-click when the text is untrusted.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Sequence
from typing import IO, Any

from .tables import Column

# Rows per Parquet row group / write batch: bounds memory while keeping row groups useful to readers.
PARQUET_BATCH = 512
# Excel refuses cells longer than this (its documented limit); longer texts are cut with a marker.
XLSX_CELL_MAX = 32767
XLSX_CUT = " [...cut: the full text is in the CSV / Parquet / JSON Lines export]"
LIST_SEP = "; "


def arrow_type(kind: Any):
    """The pyarrow type of a column kind."""
    import pyarrow as pa

    if isinstance(kind, str):
        return {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}[kind]
    tag, inner = kind
    if tag == "list":
        return pa.list_(arrow_type(inner))
    if tag == "struct":
        return pa.struct([pa.field(name, arrow_type(k)) for name, k in inner])
    if tag == "map":
        return pa.map_(pa.string(), arrow_type(inner))
    raise ValueError(f"unknown column kind {kind!r}")


def arrow_schema(cols: Sequence[Column]):
    import pyarrow as pa

    return pa.schema([pa.field(c.name, arrow_type(c.kind)) for c in cols])


def _item_text(item: Any) -> str:
    if isinstance(item, dict):
        for key in ("text", "name"):
            if item.get(key):
                return str(item[key])
        return ", ".join(f"{k}={v}" for k, v in item.items() if v is not None)
    return "" if item is None else str(item)


def cell(value: Any) -> Any:
    """A value as one spreadsheet cell: scalars unchanged, lists and maps joined readably."""
    if isinstance(value, list):
        if value and all(isinstance(x, tuple) and len(x) == 2 for x in value):  # a map's items
            return LIST_SEP.join(f"{k}={v}" for k, v in value)
        return LIST_SEP.join(_item_text(x) for x in value)
    if isinstance(value, dict):
        return _item_text(value)
    return value


def write_csv(cols: Sequence[Column], rows: Iterable[dict[str, Any]], fh: IO[str]) -> int:
    writer = csv.writer(fh)
    writer.writerow([c.name for c in cols])
    n = 0
    for row in rows:
        writer.writerow(["" if (v := cell(row.get(c.name))) is None else v for c in cols])
        n += 1
    return n


def write_parquet(cols: Sequence[Column], rows: Iterable[dict[str, Any]], path: str | os.PathLike) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as e:  # pragma: no cover - pyarrow is a declared dependency
        from ..errors import UsageError

        raise UsageError("parquet export needs pyarrow: pip install pyarrow") from e
    schema = arrow_schema(cols)
    n = 0
    with pq.ParquetWriter(os.fspath(path), schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


def _xlsx_value(value: Any) -> Any:
    value = cell(value)
    if isinstance(value, str):
        # openpyxl refuses control characters Excel cannot store; article text is untrusted.
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
        if len(value) > XLSX_CELL_MAX:
            value = value[: XLSX_CELL_MAX - len(XLSX_CUT)] + XLSX_CUT
    return value


class XlsxBook:
    """One workbook, one sheet per table, written in openpyxl's write-only mode (bounded memory)."""

    def __init__(self, path: str | os.PathLike):
        try:
            from openpyxl import Workbook
        except ImportError as e:  # pragma: no cover - openpyxl is a declared dependency
            from ..errors import UsageError

            raise UsageError("xlsx export needs openpyxl: pip install openpyxl") from e
        self.path = os.fspath(path)
        self.book = Workbook(write_only=True)

    def add(self, name: str, cols: Sequence[Column], rows: Iterable[dict[str, Any]]) -> int:
        from openpyxl.cell import WriteOnlyCell

        sheet = self.book.create_sheet(title=name[:31])
        sheet.append([c.name for c in cols])
        n = 0
        for row in rows:
            cells = []
            for c in cols:
                value = _xlsx_value(row.get(c.name))
                if isinstance(value, str):
                    # Always a string cell: openpyxl would store text starting with "=" as a formula,
                    # and article text must never run in a spreadsheet (nor be altered: offsets).
                    value = WriteOnlyCell(sheet, value=value)
                    value.data_type = "s"
                cells.append(value)
            sheet.append(cells)
            n += 1
        return n

    def save(self) -> None:
        self.book.save(self.path)
