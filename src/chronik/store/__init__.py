"""The knowledge base: one small interface, SQLite behind it."""

from .migrations import SCHEMA_VERSION, SchemaError
from .sqlite import Store, fts_query

__all__ = ["SCHEMA_VERSION", "SchemaError", "Store", "fts_query"]
