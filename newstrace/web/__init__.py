"""The web app and REST API (``newstrace serve``): FastAPI over the store, pages without a CDN."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
