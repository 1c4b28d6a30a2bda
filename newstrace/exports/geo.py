"""GeoJSON (RFC 7946) of places and events: one Point feature per resolved place mention or located event.

Places reuse ``newstrace.geo.export`` (one helper, one answer). An event is placed at its resolved
place; events without a resolved place are counted, never put on a country centroid.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..geo.export import feature, place_records
from ..model import Article


def _event_feature(article: Article, i: int, ev: Any) -> dict[str, Any]:
    p = ev.place
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
        "properties": {
            "layer": "event", "doc_id": article.doc_id, "title": article.title, "outlet": article.source.outlet,
            "published": article.published, "position": i, "event_id": getattr(ev, "event_id", None),
            "type": getattr(ev, "type", None), "type_name": getattr(ev, "type_name", None),
            "status": getattr(ev, "status", None), "start": ev.start, "end": ev.end,
            "text": article.text[ev.start : ev.end], "place": p.name, "place_start": p.start,
            "place_end": p.end, "place_text": article.text[p.start : p.end], "country": p.country,
            "time": getattr(getattr(ev, "time", None), "value", None),
        },
    }


def feature_collection(articles: Iterable[Article], *, layers: tuple[str, ...] = ("places", "events")
                       ) -> tuple[dict[str, Any], dict[str, int]]:
    """The FeatureCollection and the counts of features and of items left out for want of a point."""
    feats: list[dict[str, Any]] = []
    counts = {"places": 0, "events": 0, "unplaced": 0}
    for a in articles:
        if "places" in layers:
            for rec in place_records([a]):
                if rec.place.resolved and rec.place.lat is not None and rec.place.lon is not None:
                    f = feature(rec)
                    f["properties"] = {"layer": "place", **f["properties"], "outlet": a.source.outlet,
                                       "published": a.published}
                    feats.append(f)
                    counts["places"] += 1
                else:
                    counts["unplaced"] += 1
        if "events" in layers:
            for i, ev in enumerate(getattr(a, "events", None) or []):
                p = getattr(ev, "place", None)
                if p is not None and p.resolved and p.lat is not None and p.lon is not None:
                    feats.append(_event_feature(a, i, ev))
                    counts["events"] += 1
                else:
                    counts["unplaced"] += 1
    return {"type": "FeatureCollection", "features": feats}, counts
