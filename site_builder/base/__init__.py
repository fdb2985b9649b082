"""Foundations every stage may use: problems as values, atomic writes, worker pools, text rules.

Takes: nothing from the rest of site_builder (this package imports only itself).
Gives: :class:`~site_builder.base.errors.Problem` and ``SiteError`` (errors and warnings as values with
a path and line) and their text form (``diagnostics``), ``atomic`` file writes, ``parallel`` process pools, and the one home of the text rules
(control characters, sentences) and pickled records.
"""
