"""Places and time across the store: GeoJSON points, the articles at a place, the timeline."""

from __future__ import annotations

from typing import Any

from ..store import queries as q


def places(store, *, since=None, until=None, role=None, limit=1000) -> dict[str, Any]:
    """One GeoJSON point per resolved place with article counts by role (event / mention / dateline)."""
    return q.places_geojson(store, since=since, until=until, role=role, limit=limit)


def place_articles(store, name: str, *, role=None, limit=20) -> list[dict[str, Any]]:
    return q.place_articles(store, name, role=role, limit=limit)


def timeline(store, *, since=None, until=None) -> dict[str, Any]:
    """Articles per publication day and day-precise dated references per day."""
    return q.timeline(store, since=since, until=until)


def timeline_day(store, date: str, *, limit=50) -> dict[str, Any]:
    return q.timeline_day(store, date, limit=limit)
