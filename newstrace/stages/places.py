"""places stage (PLACEHOLDER: being written; assigns nothing yet).

Requires: ("sentences", "entities"). Assigns: ("places",).
"""

from __future__ import annotations

NAME = "places"
REQUIRES = ("sentences", "entities")
ASSIGNS = ("places",)


def run(article, ctx):
    return article
