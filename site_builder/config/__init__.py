"""The site's configuration and layout: ``site.toml`` → :class:`~site_builder.config.options.Config`, ``--site`` → paths.

Takes: the site folder and its ``site.toml``.
Gives: a frozen ``Config`` (every key declared once in ``options``, with its kind from ``kinds``: type,
default, check and doc) and the
site's paths (``content/``, ``templates/``, ``seeds/``, ``static/``, the output folder) and which
input files are scratch files to ignore; the site's lock (``sitelock``), which every import and build
holds so that two processes never mint two pages for one story.
"""
