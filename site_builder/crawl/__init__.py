"""Files for search engines: the site model → ``sitemap.xml`` (or an index and parts) and ``robots.txt``.

Takes: the grouped site, the config and the URL scheme.
Gives: output jobs.
"""
