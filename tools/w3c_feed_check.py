"""Run the W3C Feed Validation Service's checker on built feeds, offline (issue 16).

The validator (https://github.com/w3c/feedvalidator, also rubys/feedvalidator) is
Python 2 code and is not on PyPI: check it out anywhere and run this script with
a Python 2 interpreter:

    python2 tools/w3c_feed_check.py --validator ~/feedvalidator/src OUTPUT_DIR BASE_URL [FEED ...]

Each feed is validated as if fetched from its published URL (BASE_URL + its path
under OUTPUT_DIR), at the "AA" level that mimics the online service. Prints one
line per feed ("ok" or its messages) and a total; exit 1 when any feed has an
error or a warning. Without FEED arguments every RSS and Atom feed under OUTPUT_DIR
is checked. (Python 2 syntax on purpose: it runs inside the validator's interpreter.)
"""
import os
import sys


def feeds_under(out):
    found = []
    for folder, _dirs, files in os.walk(out):
        for name in files:
            if name in ("feed.xml", "atom.xml"):
                found.append(os.path.join(folder, name))
    return sorted(found)


def main(argv):
    if len(argv) < 4 or argv[1] != "--validator":
        sys.stderr.write(__doc__)
        return 2
    sys.path.insert(0, argv[2])
    import feedvalidator
    from feedvalidator import compatibility
    from feedvalidator.formatter.text_plain import Formatter

    out, base = argv[3], argv[4]
    feeds = argv[5:] or feeds_under(out)
    bad = 0
    for path in feeds:
        rel = os.path.relpath(path, out).replace(os.sep, "/")
        with open(path, "rb") as stream:
            events = feedvalidator.validateStream(stream, firstOccurrenceOnly=1, base=base + rel)["loggedEvents"]
        lines = Formatter(compatibility.AA(events))
        sys.stdout.write("%s: %s\n" % (rel, "; ".join(lines) if lines else "ok"))
        bad += bool(lines)
    sys.stdout.write("%d feeds, %d with errors or warnings\n" % (len(feeds), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
