"""Read ``content/``: front matter and Markdown → :class:`~site_builder.model.article.Article`.

Takes: the site's Markdown files (and a cache of articles read before, through a small protocol).
Gives: articles with sanitised HTML, summaries and resolved dates, or a located problem per bad file.
"""
