"""In-browser search: jieba's search words for each article (`terms`) and Pagefind's index (`index`).

`plan_search` runs before rendering (the pages carry the search words and name the index bundles);
`index_site` runs after the site is staged, before it replaces the old one.
"""

from __future__ import annotations

from ..catalog import Catalog
from ..config import Config
from .index import SearchPlan, Shard, index_site, plan_shards
from .terms import SearchWords, search_words

__all__ = ["SearchPlan", "SearchWords", "Shard", "index_site", "plan_search"]


def plan_search(catalog: Catalog, config: Config) -> SearchPlan:
    """The shards of the index and every article's search words."""
    return SearchPlan(shards=plan_shards(catalog, config.search_shard_size),
                      words=search_words(catalog, config.search_words))
