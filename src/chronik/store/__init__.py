"""The knowledge base: one small interface, SQLite (a file) or PostgreSQL (a ``postgresql://`` URL) behind it."""

from .dialect import fts_query
from .migrations import SCHEMA_VERSION, SchemaError
from .postgres import is_url
from .sqlite import QueryTimeout, Store, StoreError

__all__ = ["SCHEMA_VERSION", "QueryTimeout", "SchemaError", "Store", "StoreError", "fts_query", "is_url"]
