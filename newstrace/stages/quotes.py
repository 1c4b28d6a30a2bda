"""quotes stage (PLACEHOLDER: being written; assigns nothing yet).

Requires: ("sentences", "entities"). Assigns: ("quotes", "fragments", "sources").
"""

from __future__ import annotations

NAME = "quotes"
REQUIRES = ("sentences", "entities")
ASSIGNS = ("quotes", "fragments", "sources")


def run(article, ctx):
    return article
