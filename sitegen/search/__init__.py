"""In-browser search: jieba's search words for each article (`terms`) and Pagefind's index (`index`).

The pages carry each article's search words, and the index's shards are planned by period
(`shards.plan_shards`) before rendering; the index is made after the pages are written
(`index.index_shards`).
"""

from __future__ import annotations

from .shards import Shard, plan_shards
from .terms import SearchWords

__all__ = ["SearchWords", "Shard", "plan_shards"]
