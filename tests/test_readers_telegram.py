"""Telegram Desktop chat exports: posts as documents, forwards, detection by content, bad and cut exports.

The fixture ``fixtures/telegram/result.json`` is a team-written export of a fictional channel.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newstrace.model import InputFailure, RawDocument
from newstrace.pipeline import new_article, run_stages
from newstrace.readers import iter_file, telegram
from newstrace.readers.detect import sniff
from newstrace.stages import clean, language

FIX = Path(__file__).parent / "fixtures" / "telegram" / "result.json"
CHANNEL = "Прикордонні новини | Border News"


def _items(path, start_record=0):
    return list(iter_file(str(path), start_record=start_record))


def _docs(items):
    return [x for x in items if isinstance(x, RawDocument)]


def _fails(items):
    return [x for x in items if isinstance(x, InputFailure)]


def _export(tmp_path, messages, name="result.json", **header):
    head = {"name": "Test channel", "type": "public_channel", "id": 42, **header, "messages": messages}
    p = tmp_path / name
    p.write_text(json.dumps(head, ensure_ascii=False, indent=1), encoding="utf-8")
    return p


def _post(i, text="Текст допису про події в громаді.", **extra):
    return {"id": i, "type": "message", "date": "2024-05-14T09:30:00", "date_unixtime": "1715679000",
            "from": "Test channel", "from_id": "channel42", "text": text, **extra}


@pytest.fixture(scope="module")
def items():
    return _items(FIX)


@pytest.mark.parametrize("expected", [[2, 3, 5, 8]])
def test_telegram_posts_become_documents(items, expected):
    assert not _fails(items)
    docs = _docs(items)
    assert [d.source.record for d in docs] == expected  # service (1, 6) and caption-less photo (4) skipped
    assert {d.source.outlet for d in docs} == {CHANNEL}
    assert {d.source.format for d in docs} == {"telegram"}
    assert {d.source.url for d in docs} == {None}  # the export does not name the channel's username
    assert docs[0].published == "2024-05-14T09:30:00+00:00"
    assert docs[3].published == "2024-05-15T07:45:00+00:00"


@pytest.mark.parametrize("record", [2])
def test_telegram_text_entities_flattened(items, record):
    doc = next(d for d in _docs(items) if d.source.record == record)
    assert doc.text.startswith("Уночі над громадою збили шість дронів\n\nСили протиповітряної")
    assert doc.text.endswith("Детальніше: звернення громади")
    assert "https://" not in doc.text  # a link's address is not article text


@pytest.mark.parametrize(("record", "origin"), [(5, "Обласна адміністрація (вигадана)"), (2, None), (8, None)])
def test_telegram_forward_keeps_its_origin(items, record, origin):
    doc = next(d for d in _docs(items) if d.source.record == record)
    assert doc.source.forwarded_from == origin


@pytest.mark.parametrize(("record", "title"), [(2, "Уночі над громадою збили шість дронів"), (8, f"{CHANNEL} #8")])
def test_telegram_title_is_a_headline_line_or_the_post_id(items, record, title):
    assert next(d for d in _docs(items) if d.source.record == record).title == title


@pytest.mark.parametrize(("record", "author"), [(3, "Olena K."), (2, None)])
def test_telegram_channel_signature_is_the_author(items, record, author):
    assert next(d for d in _docs(items) if d.source.record == record).author == author


@pytest.mark.parametrize("name", ["channel.txt", "export", "result.json"])
def test_telegram_detected_by_content_not_name(tmp_path, name):
    p = tmp_path / name
    p.write_bytes(FIX.read_bytes())
    assert sniff(p.read_bytes()[:8192], name).format == "telegram"
    assert [d.source.record for d in _docs(_items(p))] == [2, 3, 5, 8]


@pytest.mark.parametrize("record", [
    {"title": "Messages from the front", "text": "An ordinary article.", "messages": ["a", "b"]},
    {"name": "Not a chat", "messages": [], "type": "article"},
])
def test_telegram_other_json_is_not_an_export(record):
    head = json.dumps(record).encode()
    assert sniff(head, "a.json").format == "json"


@pytest.mark.parametrize("username", ["border_news_demo", "@border_news_demo"])
def test_telegram_url_only_with_a_known_username(tmp_path, username):
    p = _export(tmp_path, [_post(7), _post(9)], username=username)
    assert [d.source.url for d in _docs(_items(p))] == ["https://t.me/border_news_demo/7",
                                                        "https://t.me/border_news_demo/9"]


@pytest.mark.parametrize("chunk", [1, 7, 64])
def test_telegram_streams_in_small_chunks(monkeypatch, items, chunk):
    monkeypatch.setattr(telegram, "CHUNK", chunk)
    again = _items(FIX)
    assert [(d.source.record, d.text) for d in _docs(again)] == [(d.source.record, d.text) for d in _docs(items)]


@pytest.mark.parametrize(
    ("marker", "kept", "code"),
    [("у трьох селах громади тимчасово", [2, 3], "NT106"),  # cut inside message 5
     ('"id": 6', [2, 3, 5], "NT106"),  # cut just after a complete message
     ('"messages"', [], "NT106")],  # cut in the header, after the chat type
)
def test_telegram_truncated_export_salvages_complete_messages(tmp_path, marker, kept, code):
    data = FIX.read_bytes()
    p = tmp_path / "cut.json"
    p.write_bytes(data[: data.index(marker.encode())])
    items = _items(p)
    assert [d.source.record for d in _docs(items)] == kept
    (fail,) = _fails(items)
    assert fail.code == code
    assert fail.path.endswith("cut.json")
    assert "cut off" in fail.reason


@pytest.mark.parametrize(
    ("messages", "kept", "reason"),
    [([_post(1), ["not", "an", "object"], _post(3)], [1, 3], "message 1 is a list, expected a JSON object"),
     ([_post(1), _post("x"), _post(3)], [1, 3], "message 1: field 'id' is a string, expected a number"),
     ([_post(1, text=17), _post(2)], [2], "message id 1: field 'text' is neither a string nor a list")],
)
def test_telegram_bad_message_fails_alone(tmp_path, messages, kept, reason):
    items = _items(_export(tmp_path, messages))
    assert [d.source.record for d in _docs(items)] == kept
    (fail,) = _fails(items)
    assert (fail.code, fail.reason.startswith(reason)) == ("NT105", True), fail.reason


@pytest.mark.parametrize(
    ("content", "code", "reason"),
    [('{"name": "X", "type": "public_channel", "id": 1, "messages": {"id": 1}}', "NT105", "'messages' is not a list"),
     ('{"name": "X", "type": "public_channel", "id": 1, "messages": [{"id": 1, "type": "message", "text": "a"} '
      '{"id": 2}]}', "NT105", "expected ',' or ']' after message 0"),
     ('{"name": "X", "type": "public_channel", "id": 1, "messages": []}', "NT101", "no post with text"),
     ('{"about": "Account data.", "personal_information": {"first_name": "A"}, "chats": {"list": '
      '[{"name": "X", "type": "public_channel", "id": 1, "messages": []}]}}', "NT107", "whole-account")],
)
def test_telegram_wrong_shape_fails_clearly(tmp_path, content, code, reason):
    p = tmp_path / "bad.json"
    p.write_text(content, encoding="utf-8")
    items = _items(p)
    fail = _fails(items)[-1]
    assert fail.code == code
    assert reason in fail.reason
    assert fail.path.endswith("bad.json")


@pytest.mark.parametrize("malformed_first", [True])
def test_telegram_malformed_json_keeps_messages_before_it(tmp_path, malformed_first):
    text = FIX.read_text(encoding="utf-8").replace('"id": 5,', '"id": 5,,', 1)
    p = tmp_path / "broken.json"
    p.write_text(text, encoding="utf-8")
    items = _items(p)
    assert [d.source.record for d in _docs(items)] == [2, 3]
    assert _fails(items)[0].code == "NT105"


@pytest.mark.parametrize("entities", [[{"type": "bold", "text": "Світло"}, {"type": "plain", "text": " повернули до 9:00."}]])
def test_telegram_text_entities_used_when_text_is_absent(tmp_path, entities):
    post = _post(3)
    del post["text"]
    post["text_entities"] = entities
    (doc,) = _docs(_items(_export(tmp_path, [post])))
    assert doc.text == "Світло повернули до 9:00."


@pytest.mark.parametrize(("start", "expected"), [(0, [2, 3, 5, 8]), (5, [5, 8]), (9, [])])
def test_telegram_resume_skips_by_message_id(start, expected):
    items = _items(FIX, start_record=start)
    assert [d.source.record for d in _docs(items)] == expected
    assert not _fails(items)


@pytest.mark.parametrize("name", ["result.json.gz"])
def test_telegram_gzipped_export(tmp_path, name):
    p = tmp_path / name
    p.write_bytes(gzip.compress(FIX.read_bytes()))
    assert [d.source.record for d in _docs(_items(p))] == [2, 3, 5, 8]


@pytest.mark.parametrize("expected", [{2: "uk", 3: "en", 5: "uk", 8: "uk"}])
def test_telegram_posts_get_their_language(ctx, items, expected):
    arts = run_stages([new_article(d) for d in _docs(items)], ctx, stages=[clean, language])
    assert {a.source.record: a.language for a in arts} == expected
    assert len({a.doc_id for a in arts}) == len(arts)  # one stable id per post


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=1, max_value=FIX.stat().st_size - 1))
def test_telegram_any_cut_keeps_a_prefix_of_the_posts(tmp_path, cut):
    full = [2, 3, 5, 8]
    p = tmp_path / "cut.json"
    p.write_bytes(FIX.read_bytes()[:cut])
    items = _items(p)  # never raises
    records = [d.source.record for d in _docs(items)]
    assert records == full[: len(records)]
    assert len(_fails(items)) <= 1
    if len(records) < len(full):
        assert _fails(items), "a cut that loses posts must say so"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pos=st.integers(min_value=0, max_value=FIX.stat().st_size - 1), byte=st.integers(0, 255))
def test_telegram_a_damaged_byte_never_crashes(tmp_path, pos, byte):
    data = bytearray(FIX.read_bytes())
    data[pos] = byte
    p = tmp_path / "damaged.json"
    p.write_bytes(bytes(data))
    for item in _items(p):
        assert isinstance(item, (RawDocument, InputFailure))
        if isinstance(item, InputFailure):
            assert item.code.startswith("NT1")
