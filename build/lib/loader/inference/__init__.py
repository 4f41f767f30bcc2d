"""Inference of an article's place and date from its own text: one module per
question (gazetteer, place, date, keywords), each usable alone."""
from .date import infer_date, is_publication_line
from .gazetteer import gazetteer, known_city
from .keywords import keywords
from .place import infer_place, places

__all__ = ["infer_place", "infer_date", "places", "keywords", "known_city", "gazetteer", "is_publication_line"]
