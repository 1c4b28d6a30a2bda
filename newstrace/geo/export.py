"""Places across articles: filtered records and a GeoJSON FeatureCollection (RFC 7946).

The CLI (``newstrace places``) and any other shell call these; no logic lives in the shells.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..model import Article, Place

ROLES = ("event", "mention", "dateline")


@dataclass(slots=True)
class PlaceRecord:
    """One place mention with the article it comes from."""

    doc_id: str
    title: str | None
    source: str | None
    text: str  # the covered text: article.text[place.start:place.end]
    place: Place


def place_records(articles: Iterable[Article], *, country: str | None = None, role: str | None = None,
                  resolved_only: bool = False) -> Iterator[PlaceRecord]:
    """Every place of every article, optionally only one country (ISO2), one role, resolved ones."""
    cc = country.upper() if country else None
    for a in articles:
        src = a.source.url or a.source.path
        for p in a.places:
            if cc and p.country != cc:
                continue
            if role and p.role != role:
                continue
            if resolved_only and not p.resolved:
                continue
            yield PlaceRecord(a.doc_id, a.title, src, a.text[p.start : p.end], p)


def feature(rec: PlaceRecord) -> dict[str, Any]:
    p = rec.place
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},  # GeoJSON order: lon, lat
        "properties": {
            "doc_id": rec.doc_id, "title": rec.title, "source": rec.source,
            "text": rec.text, "start": p.start, "end": p.end,
            "name": p.name, "geonameid": p.geonameid, "country": p.country, "admin1": p.admin1,
            "feature": p.feature, "precision": p.precision, "confidence": p.confidence, "role": p.role,
            "within": p.within, "relative": p.relative,
        },
    }


def geojson(records: Iterable[PlaceRecord]) -> tuple[dict[str, Any], int]:
    """A FeatureCollection of the resolved places, and how many records were left out unresolved
    (an unresolved place has no point: it is counted, never put on a country centroid)."""
    feats, unresolved = [], 0
    for r in records:
        if r.place.resolved and r.place.lat is not None:
            feats.append(feature(r))
        else:
            unresolved += 1
    return {"type": "FeatureCollection", "features": feats}, unresolved
