"""Analysis: one spaCy pipeline over one Doc, one named component per capability."""

from .pipeline import Analyzer, build_nlp, default_analyzer

__all__ = ["Analyzer", "build_nlp", "default_analyzer"]
