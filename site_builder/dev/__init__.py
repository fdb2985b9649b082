"""The dev loop: watch the site's inputs, rebuild, serve it locally and reload the browser.

Takes: the site folder; calls the build pipeline (``site_builder.build``).
Gives: ``watch`` (rebuilds on change), ``serve`` (HTTP under the base URL's path) and ``livereload``
(server-sent events and the error overlay).
"""
