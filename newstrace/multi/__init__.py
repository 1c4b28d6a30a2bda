"""Ukrainian and Russian: entity recognition, nominative names and English display forms.

``ner`` finds typed spans (natasha's Slovnet NER; Ukrainian re-typed with pymorphy3), ``names`` puts
names into the nominative and gives their English display form, ``entities`` builds the article's
``Entity`` list, ``places`` finds its toponyms for the gazetteer. Used by the analysis and places
stages for articles whose language is in ``LANGUAGES``.
"""

from .names import LANGUAGES

__all__ = ["LANGUAGES"]
