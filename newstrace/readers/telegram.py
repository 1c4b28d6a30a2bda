"""Telegram Desktop chat exports ("Export chat history" -> JSON, ``result.json``): one article per post.

The export is one object, ``{"name", "type", "id", "messages": [...]}``, each message
``{"id", "type", "date", "date_unixtime", "from", "from_id", "author", "forwarded_from", "text",
"text_entities", "photo" / "file", "edited", "reply_to_message_id", ...}``, where ``text`` is a string
or a list of strings and entity objects ``{"type", "text", "href"}`` (a media post's caption is its
``text``).

Each message of type ``message`` with non-empty text becomes a ``RawDocument``: the chat's name as
outlet, the post's date as published (``date_unixtime``, UTC; else the export's local ``date``), the
message id as ``record`` (ids only grow within a chat, so ``start_record`` resumes by id),
``https://t.me/<username>/<id>`` as URL only when the export names the channel's username, the
origin of a forward in ``source.forwarded_from`` (the corpus layer treats the post as a copy of it),
and as title the post's first line when more text follows, else ``<channel> #<id>``.
Service messages and posts without text (a photo with no caption) are skipped.

The messages are decoded one at a time from the stream, so a channel export of any size streams and
``max_input_bytes`` applies per message. A truncated export (a cut download) keeps every complete
message and ends with one NT106 failure naming the file and the last message read; a message that is
not an object or has a wrong-typed field is one NT105 failure; a file that is not a chat export
(no ``messages`` list) is NT105.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator

from .. import errors
from ..model import InputFailure, Origin, RawDocument
from ._common import CHUNK, GZIP_ERRORS, failure, gzip_reason, iso_date, normalise_newlines, too_large

# Chat types Telegram Desktop writes in an export's top-level "type".
CHAT_TYPES = ("personal_chat", "bot_chat", "private_group", "private_supergroup", "public_supergroup",
              "private_channel", "public_channel", "saved_messages")
# The keys before "messages" are a few short values (name, type, id); a header larger than this is
# not a chat export (an account-wide export, or something else), and we stop rather than buffer it.
MAX_HEADER_CHARS = 1 << 20
# Chat types whose "from" is a person (the post's author); in a channel "from" is the channel itself.
# A first line longer than this is a paragraph, not a headline.
TITLE_CHARS = 120
_GROUP_TYPES = ("private_group", "private_supergroup", "public_supergroup", "personal_chat", "bot_chat")

_START = re.compile(r'\A\s*\{\s*"(?:name|type|id|about)"\s*:')
_MESSAGES = re.compile(r'"messages"\s*:')
_CHAT_TYPE = re.compile(r'"type"\s*:\s*"(?:%s)"' % "|".join(CHAT_TYPES))
_WS = re.compile(r"[\s,]*")
_SPACE = re.compile(r"\s*")
_USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,31}")


def looks_like_export(head: str) -> bool:
    """True when the first bytes (as text) are those of a Telegram Desktop chat export."""
    s = head.lstrip("\ufeff")
    if not _START.match(s):
        return False
    # the chat type comes before the messages (a file cut there is still an export, read as one)
    return bool(_CHAT_TYPE.search(s)) or (bool(_MESSAGES.search(s)) and '"date_unixtime"' in s)


class _Stream:
    """Decoded text of a byte stream, read on demand; the consumed part is dropped as we go.

    Hand-written because the stdlib ``json`` has no incremental parser: we use ``raw_decode`` on one
    message at a time, reading more when a value runs past the end of what we hold.
    """

    def __init__(self, stream):
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")("strict")
        self.buf = ""
        self.pos = 0
        self.eof = False

    def more(self) -> bool:
        if self.eof:
            return False
        data = self._stream.read(CHUNK)
        if not data:
            self.eof = True
            self.buf += self._decoder.decode(b"", final=True)
            return False
        self.buf += self._decoder.decode(data)
        return True

    def compact(self) -> None:
        if self.pos > CHUNK:
            self.buf = self.buf[self.pos :]
            self.pos = 0

    def skip(self, pattern=_WS) -> None:
        while True:
            self.pos = pattern.match(self.buf, self.pos).end()
            if self.pos < len(self.buf) or not self.more():
                return

    def peek(self) -> str:
        self.skip()
        return self.buf[self.pos : self.pos + 1]

    def value(self, limit: int):
        """The next JSON value; raises EOFError when the data ends inside it, ValueError when it is
        malformed, OverflowError past ``limit`` characters."""
        decoder = json.JSONDecoder()
        self.skip()
        while True:
            try:
                value, end = decoder.raw_decode(self.buf, self.pos)
                # a number at the end of what we hold may go on in the next chunk
                if end < len(self.buf) or self.eof:
                    self.pos = end
                    return value
            except json.JSONDecodeError as e:
                if self.eof:
                    raise EOFError(e.msg) if _ran_out(e, self.buf) else ValueError(e.msg) from None
                if not _ran_out(e, self.buf):
                    raise ValueError(e.msg) from None
            except RecursionError:
                raise ValueError("nested too deeply") from None
            if len(self.buf) - self.pos > limit:
                raise OverflowError
            if not self.more() and not self.buf[self.pos :].strip():
                raise EOFError("no data")


def _ran_out(e: json.JSONDecodeError, buf: str) -> bool:
    """Did the parser fail because the data ended (more may come), not because it is malformed?"""
    return e.pos >= len(buf.rstrip()) - 1 or e.msg.startswith("Unterminated string")


def _flatten(text) -> str | None:
    """A message's ``text`` as plain text: a string, or a list of strings and entity objects."""
    if isinstance(text, str):
        return text
    if not isinstance(text, list):
        return None
    parts = []
    for part in text:
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, dict) and isinstance(part.get("text"), str):
            parts.append(part["text"])
        else:
            return None
    return "".join(parts)


def _title(text: str, chat_name: str | None, msg_id: int) -> str:
    """A post has no title field: its first line when more text follows (a channel's bold headline),
    else "<channel> #<id>". Never the whole post: the cleaner drops a paragraph repeating the title, and
    without a title it would take a one-line post for a headline and leave nothing."""
    first, _, rest = text.strip().partition("\n")
    first = first.strip()
    if rest.strip() and len(first) <= TITLE_CHARS:
        return first
    return f"{chat_name or 'Telegram'} #{msg_id}"


def _published(msg: dict) -> str | None:
    unix = msg.get("date_unixtime")
    if isinstance(unix, str) and unix.isdigit():
        return iso_date(int(unix))
    if isinstance(unix, int) and not isinstance(unix, bool):
        return iso_date(unix)
    return iso_date(msg.get("date")) if isinstance(msg.get("date"), str) else None


def _kind(value) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}.get(
        type(value), "a number")


def _message(msg, path: str, chat: dict, index: int) -> RawDocument | InputFailure | None:
    """One message -> a document, a failure, or None when it is skipped (service, empty, no text)."""
    where = f"message {index}"
    if not isinstance(msg, dict):
        return failure(path, errors.MalformedInput, f"{where} is {_kind(msg)}, expected a JSON object")
    msg_id = msg.get("id")
    if not isinstance(msg_id, int) or isinstance(msg_id, bool):
        return failure(path, errors.MalformedInput, f"{where}: field 'id' is {_kind(msg_id)}, expected a number")
    where = f"message id {msg_id}"
    if msg.get("type") != "message":
        return None  # service messages: joins, pins, title changes
    text = _flatten(msg["text"] if "text" in msg else msg.get("text_entities", ""))
    if text is None:
        return failure(path, errors.MalformedInput,
                       f"{where}: field 'text' is neither a string nor a list of strings and entities", msg_id)
    if not text.strip():
        return None  # a photo, file or sticker without a caption
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return failure(path, errors.UndecodableInput, f"{where}: text holds a lone surrogate "
                       "(an invalid \\uD800-\\uDFFF escape), not text", msg_id)
    forwarded = msg.get("forwarded_from")
    author = msg.get("author")
    if not isinstance(author, str) and chat["type"] in _GROUP_TYPES and isinstance(msg.get("from"), str):
        author = msg["from"]
    url = f"https://t.me/{chat['username']}/{msg_id}" if chat["username"] else None
    text = normalise_newlines(text)
    return RawDocument(
        text=text,
        title=_title(text, chat["name"], msg_id),
        source=Origin(path=path, url=url, outlet=chat["name"], format="telegram", record=msg_id,
                      forwarded_from=forwarded.strip() or None if isinstance(forwarded, str) else None),
        published=_published(msg),
        author=author.strip() or None if isinstance(author, str) else None,
    )


def _header(s: _Stream, path: str, limit: int) -> dict | InputFailure:
    """Read the top-level keys up to the ``messages`` list; leave the stream just inside its ``[``."""
    chat = {"name": None, "type": None, "username": None}
    if s.peek() != "{":
        return failure(path, errors.MalformedInput, "not a Telegram chat export: expected a JSON object")
    s.pos += 1
    while True:
        try:
            key = s.value(MAX_HEADER_CHARS)
            if not isinstance(key, str):
                raise ValueError("expected a key")
            s.skip(re.compile(r"\s*"))
            if s.buf[s.pos : s.pos + 1] != ":":
                raise ValueError("expected ':' after a key")
            s.pos += 1
            if key in ("personal_information", "chats", "left_chats"):
                return failure(path, errors.UnsupportedInput, "a whole-account Telegram export: export one "
                               "channel's history instead (Telegram Desktop: the channel's menu > Export chat "
                               "history, format JSON)")
            if key == "messages":
                if s.peek() != "[":
                    return failure(path, errors.MalformedInput, "Telegram export: 'messages' is not a list")
                s.pos += 1
                return chat
            value = s.value(min(limit, MAX_HEADER_CHARS))
        except EOFError:
            return failure(path, errors.TruncatedInput,
                           "Telegram export is cut off before its messages (no 'messages' list)")
        except ValueError as e:
            return failure(path, errors.MalformedInput, f"Telegram export header is not valid JSON ({e})")
        except OverflowError:
            return failure(path, errors.UnsupportedInput, "not a single-chat Telegram export (no 'messages' "
                           "list among the first keys; export one chat or channel's history)")
        if key == "name" and isinstance(value, str):
            chat["name"] = value.strip() or None
        elif key == "type" and isinstance(value, str):
            chat["type"] = value
        elif key == "username" and isinstance(value, str) and _USERNAME.fullmatch(value.lstrip("@")):
            chat["username"] = value.lstrip("@")  # not written by Telegram Desktop; some tools add it
        if s.peek() == "}":
            return failure(path, errors.MalformedInput, "not a Telegram chat export: no 'messages' list")


def read(stream, path: str, settings, *, start_record: int = 0) -> Iterator[RawDocument | InputFailure]:
    """Posts of a Telegram export as documents; ``start_record`` skips messages with a smaller id."""
    s = _Stream(stream)
    limit = settings.max_input_bytes
    try:
        chat = _header(s, path, limit)
        if isinstance(chat, InputFailure):
            yield chat
            return
        index = posts = 0
        last_id = None
        while True:
            s.compact()
            c = s.peek()
            if c == "]":
                break
            if c == "":
                yield failure(path, errors.TruncatedInput, f"Telegram export is cut off after {index} message(s)"
                              + (f" (last complete: id {last_id})" if last_id is not None else ""))
                return
            try:
                msg = s.value(limit)
            except EOFError:
                yield failure(path, errors.TruncatedInput, f"Telegram export is cut off inside message {index}"
                              + (f", after id {last_id}" if last_id is not None else "")
                              + f"; {index} complete message(s) read")
                return
            except ValueError as e:
                yield failure(path, errors.MalformedInput, f"Telegram export: message {index} is not valid JSON "
                              f"({e}); the {index} message(s) before it were read")
                return
            except OverflowError:
                yield too_large(path, None, settings, what=f"message {index}")
                return
            if isinstance(msg, dict) and isinstance(msg.get("id"), int):
                last_id = msg["id"]
                if msg["id"] < start_record:
                    index += 1
                    continue
            item = _message(msg, path, chat, index)
            index += 1
            if item is not None:
                posts += isinstance(item, RawDocument)
                yield item
            s.skip(_SPACE)
            if s.buf[s.pos : s.pos + 1] == ",":
                s.pos += 1
            elif s.buf[s.pos : s.pos + 1] not in ("]", ""):
                yield failure(path, errors.MalformedInput, f"Telegram export: expected ',' or ']' after message "
                              f"{index - 1}; the {index} message(s) before it were read")
                return
        if posts == 0 and start_record == 0:
            yield failure(path, errors.EmptyInput, f"Telegram export holds no post with text ({index} message(s): "
                          "service messages or media without a caption)")
    except UnicodeDecodeError as e:
        yield failure(path, errors.UndecodableInput, f"Telegram export is not UTF-8 ({e.reason} at byte {e.start})")
    except GZIP_ERRORS as e:
        yield failure(path, errors.TruncatedInput, gzip_reason(e))
