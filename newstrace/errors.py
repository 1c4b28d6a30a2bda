"""One exception tree for newstrace, each with a stable code users can search for.

::

    NewstraceError                 [NT000]
     +-- InputError                [NT1xx] an input file or record cannot be read
     |    +-- EmptyInput           [NT101]
     |    +-- BinaryInput          [NT102]
     |    +-- UndecodableInput     [NT103]
     |    +-- InputTooLarge        [NT104]
     |    +-- MalformedInput       [NT105]  (bad HTML/JSON/feed, wrong-typed fields)
     |    +-- TruncatedInput       [NT106]  (truncated gzip / WARC)
     |    +-- UnsupportedInput     [NT107]
     |    +-- MissingInput         [NT108]
     |    +-- NoArticleText        [NT109]  (nothing left after cleaning: all furniture, symbols or markup)
     +-- StageError                [NT2xx] a pipeline stage failed on one article
     +-- StoreError                [NT3xx] the store cannot be opened, migrated or written
     |    +-- CorruptStore         [NT301]  (the database fails SQLite's integrity check)
     +-- UsageError                [NT4xx] bad arguments or settings (CLI exit code 2)
          +-- QueryError           [NT401]  (malformed full-text search query)

The CLI maps InputError/StageError to exit code 1 (some inputs failed) and UsageError to 2.
"""

from __future__ import annotations


class NewstraceError(Exception):
    code = "NT000"

    def __init__(self, message: str, *, path: str | None = None):
        self.message = message
        self.path = path
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"[{self.code}] {where}{self.message}"


class InputError(NewstraceError):
    code = "NT100"


class EmptyInput(InputError):
    code = "NT101"


class BinaryInput(InputError):
    code = "NT102"


class UndecodableInput(InputError):
    code = "NT103"


class InputTooLarge(InputError):
    code = "NT104"


class MalformedInput(InputError):
    code = "NT105"


class TruncatedInput(InputError):
    code = "NT106"


class UnsupportedInput(InputError):
    code = "NT107"


class MissingInput(InputError):
    code = "NT108"


class NoArticleText(InputError):
    """The input was read, but no article text is left once page furniture, symbols and markup are removed."""

    code = "NT109"


class StageError(NewstraceError):
    code = "NT200"


class StoreError(NewstraceError):
    code = "NT300"


class CorruptStore(StoreError):
    """The database file fails SQLite's integrity check: nothing is written into it."""

    code = "NT301"


class UsageError(NewstraceError):
    code = "NT400"


class QueryError(UsageError):
    """A search query the full-text engine cannot parse (unbalanced quotes, stray operators)."""

    code = "NT401"
