"""Render subscription feeds: the site model → RSS 2.0, Atom 1.0, JSON Feed 1.1 jobs.

Takes: the grouped site, the config and the URL scheme.
Gives: feed jobs for the site and every tag with their RFC 5005 archives (``render``), built on the
shared item model (``items``) with one module per format (``xml_feeds``, ``json_feed``), plus the
OPML list of feeds (``opml``) and the XSL stylesheet (``stylesheet``) that the build emits.
"""
