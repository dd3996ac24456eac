"""The knowledge base: one small interface, SQLite behind it."""

from .migrations import SCHEMA_VERSION, SchemaError
from .sqlite import QueryTimeout, Store, StoreError, fts_query

__all__ = ["SCHEMA_VERSION", "QueryTimeout", "SchemaError", "Store", "StoreError", "fts_query"]
