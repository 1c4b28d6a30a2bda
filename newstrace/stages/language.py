"""Language identification of the clean text (py3langid: a small model shipped in the package).

Requires: text. Assigns: language.
Metadata wins when the reader supplied a language code and the text does not clearly disagree.
"""

from __future__ import annotations

from ..model import Article

NAME = "language"
REQUIRES = ("text",)
ASSIGNS = ("language",)

# Enough text for a stable decision; identification time grows with length.
SAMPLE_CHARS = 3000
# py3langid's normalised probability above which detection overrides a metadata language.
CONFIDENT = 0.95
_identifier = None


def _classify(text: str) -> tuple[str, float]:
    global _identifier
    if _identifier is None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    lang, prob = _identifier.classify(text[:SAMPLE_CHARS])
    return lang, float(prob)


def run(article: Article, ctx) -> Article:
    text = article.text.strip()
    if not text:
        return article
    detected, prob = _classify(text)
    meta = (article.language or "").split("-")[0].split("_")[0].lower() or None
    if meta is None or (detected != meta and prob >= CONFIDENT):
        article.language = detected
    else:
        article.language = meta
    return article
