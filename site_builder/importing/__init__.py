"""Import wire copy: ``seeds/*.txt`` → ``content/*.md`` (Markdown with YAML front matter).

Takes: raw agency copy (breadcrumb, title, lede, dateline paragraph, body) and the site's config.
Gives: one content file per story with title, summary, date, place, agency, tags, slug and a
permanent id, written once and never over a hand edit; an import report with problems.
``wire`` parses one seed, ``dates`` chooses the year, ``tagging`` chooses the tags, ``seeds`` runs
the import over a folder.
"""
