"""Stories across outlets: syndicated copies of one report and one statement with all its sources.

``copies`` finds near-duplicate articles on ingest (MinHash/LSH, state in the store);
``statements`` merges the same statement reported by several articles. See docs/stories.md.
"""

from .copies import copy_info, groups, index_article, rebuild, unindex_article

__all__ = ["copy_info", "groups", "index_article", "rebuild", "unindex_article"]
