"""Coverage-guided fuzzing of the importer: ``importer.parse_seed`` on any bytes (atheris).

Every input must give a Draft or a SiteError whose problems name the seed;
any other exception is a crash. Drafts must also be publishable: their page
reads back through the reader. Run: ``python fuzz/fuzz_importer.py CORPUS_DIR
-max_total_time=60`` (see tests/test_fuzz.py, which seeds CORPUS_DIR).
"""
import datetime as dt
import sys

import atheris

with atheris.instrument_imports():
    from site_builder.reading import markup
    from site_builder.reading import reader
    from site_builder.config.options import TagsConfig
    from site_builder.base.errors import SiteError
    from site_builder.importing.wire import parse_seed
    from site_builder.importing.seeds import page_text

from zoneinfo import ZoneInfo

REFERENCE = dt.date(2024, 6, 1)
TAGS = TagsConfig()
RENDERER = markup.Renderer()
UTC = ZoneInfo("UTC")


def test_one_input(data: bytes) -> None:
    text = data.decode("utf-8", errors="replace")
    try:
        draft = parse_seed(text, path="seeds/fuzz.txt", reference_date=REFERENCE, tags=TAGS)
    except SiteError as exc:
        assert all(p.path == "seeds/fuzz.txt" for p in exc.problems), exc.problems
        return
    assert draft.title and draft.paragraphs and draft.date <= REFERENCE, draft
    page = page_text(draft, "fuzz", "tag:example.org,2024-06-01:fuzz", "seeds/fuzz.txt")
    article = reader.read_article(reader.Source("fuzz.md", "content/fuzz.md", page.encode("utf-8")), RENDERER, UTC)
    assert article.title == " ".join(draft.title.split()), (article.title, draft.title)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
