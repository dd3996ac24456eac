"""Ingest: readers that turn files, JSONL, HTML, WARC, feeds, stdin and URLs into articles.

``base`` holds what every reader shares (results, limits, decoding, validation);
``readers.Reader.read`` is the one entry point; ``web`` adds WARC, feeds and URLs.
"""

from .base import DEFAULT_MAX_BYTES, InputError, Rejected, content_id, make_article, parse_date, text_digest
from .readers import Reader

__all__ = [
    "DEFAULT_MAX_BYTES", "InputError", "Reader", "Rejected", "content_id", "make_article", "parse_date", "text_digest",
]
