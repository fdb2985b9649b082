"""The site model: the frozen values that flow between the stages.

Takes: articles read from ``content/`` (built by ``reading``).
Gives: :class:`~site_builder.model.article.Article`, the grouped :class:`Site` (tags, months, pages),
the one home of URLs and output paths (``urls``), slugs (``slugs``), and the output items the render
stage hands to the write stage (``outputs``: files, kept files, jobs).
"""
