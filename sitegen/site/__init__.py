"""The site: where each piece of the edition lives and what it links to — catalog, URLs, keywords,
related articles, feeds and per-article data. Reads the model; knows nothing of templates."""
