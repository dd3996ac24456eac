"""Ingest: readers that turn files, JSONL, HTML, WARC and feeds into articles."""

from .readers import DEFAULT_MAX_BYTES, InputError, Reader, Rejected, content_id, make_article, text_digest

__all__ = ["DEFAULT_MAX_BYTES", "InputError", "Reader", "Rejected", "content_id", "make_article", "text_digest"]
