"""Check a built site: the output folder → problems (broken links, invalid feeds, vanished URLs).

Takes: an output folder (and optionally a previous one, ``--against``).
Gives: located problems; it never changes the output.
"""
