"""times stage (PLACEHOLDER: being written; assigns nothing yet).

Requires: ("sentences", "published"). Assigns: ("times",).
"""

from __future__ import annotations

NAME = "times"
REQUIRES = ("sentences", "published")
ASSIGNS = ("times",)


def run(article, ctx):
    return article
