"""JSON object / array / JSON Lines reader: field mapping, HTML bodies, bad records, streaming limits."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newstrace.model import InputFailure, RawDocument
from newstrace.readers import iter_file
from newstrace.settings import Settings

FIX = Path(__file__).parent / "fixtures" / "readers"


def _items(path, settings=None, start_record=0):
    return list(iter_file(str(path), settings, start_record=start_record))


def _lines(tmp_path, records, name="a.jsonl"):
    p = tmp_path / name
    p.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def jsonl_items():
    return _items(FIX / "articles.jsonl")


def test_jsonl_good_records_around_bad_ones(jsonl_items):
    docs = [x for x in jsonl_items if isinstance(x, RawDocument)]
    assert [d.source.record for d in docs] == [0, 1, 7]
    assert [d.title for d in docs] == ["Port authority reports record grain exports", "Mayor denies evacuation order",
                                      "Last good record"]
    assert all(d.source.format == "jsonl" for d in docs)


@pytest.mark.parametrize(
    ("record", "reason"),
    [(2, "line 3 has no text field (looked for: text, body, content, article)"),
     (3, "line 4: field 'text' is a number, expected a string"),
     (4, "line 5: invalid JSON at column"),
     (5, "line 6 is a list, expected a JSON object")],
)
def test_jsonl_bad_records_named(jsonl_items, record, reason):
    fails = {f.record: f for f in jsonl_items if isinstance(f, InputFailure)}
    f = fails[record]
    assert f.code == "NT105"
    assert f.path.endswith("articles.jsonl")
    assert f.reason.startswith(reason)


def test_jsonl_metadata_mapping(jsonl_items):
    first, second = jsonl_items[0], jsonl_items[1]
    assert first.text.startswith("The port authority said on Monday")
    assert "\n\nOfficials credited" in first.text
    assert (first.source.url, first.source.outlet) == ("https://www.portnews.example/grain-record", "portnews.example")
    assert first.published == "2024-04-30T08:00:00+00:00"
    # HTML body -> plain paragraphs; 'source' names the outlet when there is no url; RFC 2822 date -> ISO
    assert second.text == 'The mayor of Dovhe denied on Tuesday that an evacuation had been ordered.\n\n' \
                          '"Nobody is leaving," she told reporters.'
    assert second.source.outlet == "Valley Herald"
    assert second.published == "2024-05-06T10:00:00+00:00"
    assert second.language == "en"


def test_json_single_object(tmp_path):
    (doc,) = _items(FIX / "article.json")
    assert isinstance(doc, RawDocument)
    assert (doc.source.format, doc.source.record) == ("json", None)
    assert (doc.title, doc.published, doc.author) == ("Parliament extends martial law by 90 days", "2024-02-13",
                                                      "Staff reporter")
    assert doc.source.outlet == "parliament-watch.example"


def test_json_array_bad_elements_reported():
    items = _items(FIX / "articles.json")
    assert [type(x).__name__ for x in items] == ["RawDocument", "InputFailure", "InputFailure", "RawDocument"]
    assert items[0].source.outlet == "East Bank Daily"
    assert (items[1].record, items[1].reason) == (1, "record 1 is a string, expected a JSON object")
    assert (items[2].record, items[2].reason) == (2, "record 2: field 'title' is a number, expected a string")
    assert items[3].source.record == 3


@pytest.mark.parametrize(
    ("content", "code", "reason"),
    [('{"title": "x", "text": "y",\n  "url": }', "NT105", "invalid JSON at line 2 column"),
     ("[]", "NT101", "JSON list is empty: no articles"),
     ('{\n  "meta": {"count": 1}\n}', "NT105", "the JSON object has no text field"),
     ('{"a":' * 100_000 + "1" + "}" * 100_000, "NT105", "JSON cannot be read")],
)
def test_json_whole_file_errors(tmp_path, content, code, reason):
    p = tmp_path / "bad.json"
    p.write_text(content, encoding="utf-8")
    (f,) = _items(p)
    assert isinstance(f, InputFailure)
    assert (f.code, f.path) == (code, str(p))
    assert f.reason.startswith(reason)


def test_json_wrapper_object(tmp_path):
    p = tmp_path / "export.json"
    p.write_text(json.dumps({"count": 2, "articles": [{"text": "First body."}, {"text": "Second body."}]}))
    assert [d.text for d in _items(p)] == ["First body.", "Second body."]


def test_json_field_map_is_configurable(tmp_path):
    p = _lines(tmp_path, [{"hed": "Custom headline", "story": "Custom body text.", "link": "https://a.example/1"}])
    settings = Settings(json_fields="title=hed;text=story;url=link")
    (doc,) = _items(p, settings)
    assert (doc.title, doc.text, doc.source.url) == ("Custom headline", "Custom body text.", "https://a.example/1")
    (fail,) = _items(p)  # default mapping has no 'story'
    assert fail.code == "NT105" and "no text field" in fail.reason


def test_json_lines_detected_without_extension(tmp_path):
    p = _lines(tmp_path, [{"text": "One."}, {"text": "Two."}], name="dump.txt")
    items = _items(p)
    assert [(d.text, d.source.format, d.source.record) for d in items] == [("One.", "jsonl", 0), ("Two.", "jsonl", 1)]


def test_json_lines_first_line_broken_still_lines(tmp_path):
    p = _lines(tmp_path, ['{"text": "broken" "x": 1}', {"text": "Fine."}], name="dump.json")
    items = _items(p)
    assert items[0].code == "NT105" and items[0].record == 0
    assert items[1].text == "Fine."


def test_json_full_html_document_in_text_goes_through_trafilatura(tmp_path):
    paras = "".join(f"<p>Paragraph {i}: the convoy reached the besieged town at dawn, aid workers said, "
                    f"after a two-day delay at the checkpoint.</p>" for i in range(5))
    page = f"<html><body><nav>Home | World | Sport</nav><article>{paras}</article></body></html>"
    p = _lines(tmp_path, [{"title": "Convoy arrives", "text": page, "url": "https://www.aidwatch.example/convoy"}])
    (doc,) = _items(p)
    assert doc.is_extracted
    assert doc.title == "Convoy arrives"
    assert "Paragraph 4: the convoy" in doc.text and "Home | World" not in doc.text
    assert any(r.reason == "html-boilerplate" for r in doc.removed)
    assert (doc.source.format, doc.source.record, doc.source.outlet) == ("jsonl", 0, "aidwatch.example")


def test_json_unrecognised_date_is_a_warning(tmp_path):
    p = _lines(tmp_path, [{"text": "Body.", "published": "the day after the vote"}])
    (doc,) = _items(p)
    assert doc.published is None
    assert any("not a recognised date" in w for w in doc.warnings)


def test_jsonl_record_over_limit_others_still_read(tmp_path):
    p = _lines(tmp_path, [{"text": "Short one."}, {"text": "x" * 5000}, {"text": "Short two."}])
    items = _items(p, Settings(max_input_bytes=1000))
    assert items[0].text == "Short one."
    assert (items[1].code, items[1].record) == ("NT104", 1)
    assert "line 2" in items[1].reason and "max_input_bytes" in items[1].reason
    assert items[2].text == "Short two."


def test_jsonl_file_larger_than_limit_still_streams(tmp_path):
    recs = [{"text": f"Record number {i} with a short body."} for i in range(200)]
    p = _lines(tmp_path, recs)
    settings = Settings(max_input_bytes=500)
    assert p.stat().st_size > 10 * settings.max_input_bytes
    items = _items(p, settings)
    assert len(items) == 200 and all(isinstance(d, RawDocument) for d in items)


def test_jsonl_gzip_truncated_keeps_records_then_nt106(tmp_path):
    recs = [{"text": f"Record {i}: " + "words " * 40} for i in range(300)]
    data = gzip.compress("\n".join(json.dumps(r) for r in recs).encode())
    p = tmp_path / "cut.jsonl.gz"
    p.write_bytes(data[: int(len(data) * 0.6)])
    items = _items(p)
    docs = [d for d in items if isinstance(d, RawDocument)]
    fails = [f for f in items if isinstance(f, InputFailure)]
    assert 0 < len(docs) < 300
    assert [d.source.record for d in docs] == list(range(len(docs)))
    assert len(fails) == 1 and fails[0].code == "NT106" and "truncated" in fails[0].reason
    assert items[-1] is fails[0]


@pytest.mark.parametrize("start", [0, 3, 7, 50])
def test_jsonl_start_record_skips(tmp_path, start):
    p = _lines(tmp_path, [{"text": f"Body {i}."} for i in range(8)])
    items = _items(p, start_record=start)
    assert [d.source.record for d in items] == list(range(start, 8))


@pytest.mark.parametrize("data", [b"\n\n   \n", b""])
def test_jsonl_only_blank_lines_is_empty(data):
    import io

    from newstrace.readers import jsonl

    (f,) = jsonl.read_lines(io.BytesIO(data), "-", Settings())
    assert (f.code, f.reason) == ("NT101", "no JSON records, only blank lines")


@pytest.mark.parametrize(("value", "expected"), [("en-GB", "en"), ("pt_BR", "pt"), ("Deutsch!", None), (5, None)])
def test_jsonl_language_normalised(tmp_path, value, expected):
    p = _lines(tmp_path, [{"text": "Body.", "language": value}])
    (doc,) = _items(p)
    assert doc.language == expected
