"""amounts stage (PLACEHOLDER: being written; assigns nothing yet).

Requires: ("sentences", "entities"). Assigns: ("amounts",).
"""

from __future__ import annotations

NAME = "amounts"
REQUIRES = ("sentences", "entities")
ASSIGNS = ("amounts",)


def run(article, ctx):
    return article
