"""Render HTML pages: the site model → jobs for article pages, lists, tag pages, archives, 404.

Takes: the grouped site, the config, the URL scheme and the site's Jinja2 templates.
Gives: output jobs (``model.outputs``) whose rendering depends only on their values.
"""
