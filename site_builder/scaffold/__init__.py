"""Start a site or an article: ``init`` writes a new site folder, ``new`` a new article.

Takes: a folder (and a title for ``new``).
Gives: ``site.toml``, ``content/``, ``seeds/``, the GitHub Pages workflow (``pages.yml``) and a
first article; never overwrites an existing file.
"""
