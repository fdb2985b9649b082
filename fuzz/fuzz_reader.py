"""Coverage-guided fuzzing of the front matter reader: ``frontmatter.parse`` and ``reader.read_article`` (atheris).

Every input must give an Article or a SiteError whose problems name the file
(``path:line``); any other exception (ValueError, OverflowError, RecursionError,
a YAML error that escaped...) is a crash. Articles must be safe to publish:
a valid slug, no character that HTML or XML forbids in their texts.
"""
import re
import sys

import atheris

with atheris.instrument_imports():
    import yaml  # noqa: F401 - instrument the YAML loader paths too
    from site_builder.reading import frontmatter
    from site_builder.reading import markup
    from site_builder.reading import reader
    from site_builder.model import slugs
    from site_builder.base.errors import SiteError

from zoneinfo import ZoneInfo

RENDERER = markup.Renderer()
UTC = ZoneInfo("Europe/Moscow")
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


def test_one_input(data: bytes) -> None:
    try:
        frontmatter.parse(data.decode("utf-8", errors="replace"), "content/fuzz.md")
    except SiteError as exc:
        assert all(p.path == "content/fuzz.md" for p in exc.problems), exc.problems
    try:
        article = reader.read_article(reader.Source("fuzz.md", "content/fuzz.md", data), RENDERER, UTC)
    except SiteError as exc:
        assert all(p.path == "content/fuzz.md" for p in exc.problems), exc.problems
        return
    assert slugs.is_valid(article.slug), article.slug
    texts = [article.title, article.summary, article.lede, article.place, *(t.name for t in article.tags)]
    assert not any(FORBIDDEN.search(t) for t in texts), texts
    assert article.date.utcoffset() is not None


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
