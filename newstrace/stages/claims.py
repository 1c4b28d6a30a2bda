"""claims stage (PLACEHOLDER: being written; assigns nothing yet).

Requires: ("sentences", "quotes", "amounts"). Assigns: ("claims",).
"""

from __future__ import annotations

NAME = "claims"
REQUIRES = ("sentences", "quotes", "amounts")
ASSIGNS = ("claims",)


def run(article, ctx):
    return article
