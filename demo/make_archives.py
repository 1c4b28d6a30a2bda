"""Build the demo corpus's binary inputs (a WARC.gz archive and a deliberately truncated .html.gz)
from the team-written HTML pages in demo/src/. Run from the repo root: .venv/bin/python demo/make_archives.py
The outputs are committed; this script documents how they were made."""

import gzip
import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
PAGES = [
    ("https://frontlinedigest.example/2024/09/06/balakliia", "frontlinedigest-kharkiv.html"),
    ("https://portbulletin.example/odesa-grain-ships", "blacksealedger-odesa-copy.html"),
    ("https://atomwatch.example/zaporizhzhia-training-centre", "zaporizhzhia-plant.html"),
]


def main() -> None:
    out = HERE / "corpus" / "archives" / "crawl-2024-09.warc.gz"
    with open(out, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, name in PAGES:
            body = (HERE / "src" / name).read_bytes()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            rec = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers,
                                            warc_headers_dict={"WARC-Date": "2024-09-20T10:00:00Z"})
            writer.write_record(rec)
    # A page cut off mid-download: the demo shows how a failed input is reported.
    broken = HERE / "corpus" / "archives" / "broken-download.html.gz"
    data = gzip.compress((HERE / "src" / "zaporizhzhia-plant.html").read_bytes())
    broken.write_bytes(data[: len(data) // 2])


if __name__ == "__main__":
    main()
