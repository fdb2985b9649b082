"""The pure importer: layout, datelines, escaping, errors. Dev-data tests skip without ../shared."""
import datetime as dt
import json
from pathlib import Path

import markdown
import pytest

from site_builder.config.options import TagsConfig
from site_builder.base.errors import SiteError
from site_builder.importing.escape import escape_line
from site_builder.base.text import first_sentence
from site_builder.importing.wire import display_place, parse_dateline, parse_seed

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seeds" / "000_f111be7a2292e4d7.txt"
REF = dt.date(2026, 11, 29)


def parse(text, **kw):
    return parse_seed(text, path="seeds/x.txt", reference_date=kw.get("ref", REF), tags=kw.get("tags", TagsConfig()))


def test_tass_layout_with_breadcrumb_and_lede():
    draft = parse("All news\n\nTitle here\n\nA lede sentence\n\nMOSCOW, May 3. /TASS/. First para said on Sunday.\n\nSecond.")
    assert (draft.title, draft.lede, draft.dateline, draft.place, draft.agency) == (
        "Title here", "A lede sentence", "MOSCOW, May 3. /TASS/.", "Moscow", "TASS")
    assert draft.paragraphs == ("First para said on Sunday.", "Second.")
    assert draft.summary == "A lede sentence"


@pytest.mark.parametrize("line, text, place, agency", [
    ("IGORA /Leningrad Region/, December 26. /TASS/. X", "IGORA /Leningrad Region/, December 26. /TASS/.",
     "Igora (Leningrad Region)", "TASS"),
    ("NEW YORK, March 26 - Moody's said", "NEW YORK, March 26 -", "New York", "Reuters"),
    ("MADISON, Fla. (AP) - A tornado", "MADISON, Fla. (AP) -", "Madison, Fla.", "AP"),
    ("RIO DE JANEIRO, Feb 26 - Brazil", "RIO DE JANEIRO, Feb 26 -", "Rio de Janeiro", "Reuters"),
])
def test_datelines(line, text, place, agency):
    found = parse_dateline(line)
    assert (found.text, found.place, found.agency) == (text, place, agency)


def test_no_dateline_means_no_lede_and_reference_date():
    draft = parse("Air passengers win rights\n\nPassengers can now demand more. More text.\n\nSecond para.")
    assert draft.lede == "" and draft.dateline == "" and draft.agency == ""
    assert draft.date == REF and draft.date_source == "reference-date"
    assert draft.summary == "Passengers can now demand more."


def test_markdown_escaping_shows_text_not_markup():
    body = parse("MOODY'S MAY CUT B.P. <BP>\n\nNEW YORK, March 26 - Cut <BP> *now* _x_ [a](b) `c` \\d\n\n"
                 "# not a heading\n\n1. not a list\n\n> not a quote\n\n<script>alert(1)</script>"
                 ).markdown_body()
    html = markdown.markdown(body)
    for bad in ("<BP>", "<em>", "<strong>", "<a ", "<code>", "<h1>", "<li>", "<blockquote>", "<script>"):
        assert bad not in html
    assert "&lt;BP&gt;" in html or "&lt;BP>" in html
    assert "# not a heading" in html and "1. not a list" in html


def test_escape_keeps_typography():
    assert escape_line("“Quote” — dash’s") == "“Quote” — dash’s"


def test_first_sentence_skips_abbreviations():
    assert first_sentence("Mr. Smith of the U.S. said so. Then more.") == "Mr. Smith of the U.S. said so."


def test_errors_and_warnings():
    with pytest.raises(SiteError):
        parse("")
    with pytest.raises(SiteError) as info:
        parse("Only a title\n")
    assert "no body" in str(info.value)
    draft = parse("\ufeffTitle\r\n\r\nBody\x07 text\r\n")
    assert draft.title == "Title" and draft.paragraphs == ("Body text",)
    assert draft.warnings and draft.warnings[0].line == 3
    lines = parse("Title\nline one\nline two")
    assert lines.paragraphs == ("line one", "line two") and lines.warnings


def test_display_place():
    assert display_place("NUR-SULTAN") == "Nur-Sultan"
    assert display_place("ST. LOUIS") == "St. Louis"


@pytest.mark.skipif(not SEED.exists(), reason="needs ../shared/seeds (the shared folder beside the repo)")
def test_seed_article():
    draft = parse(SEED.read_text("utf-8"))
    assert draft.date == dt.date(2021, 10, 17) and draft.date_source == "dateline+weekday"
    assert draft.dateline == "NUR-SULTAN, October 17. /TASS/." and draft.place == "Nur-Sultan"
    assert draft.title.startswith("Kazakhstan, Afghanistan") and draft.lede.startswith("The Kazakh")


@pytest.mark.skipif(not (SHARED / "data" / "articles").is_dir(), reason="needs ../shared/data (research-only dev data)")
def test_dev_articles_structure():
    for path in sorted((SHARED / "data" / "articles").glob("*/*.txt")):
        expected = json.loads(path.with_suffix(".json").read_text("utf-8"))["expected"]
        draft = parse(path.read_text("utf-8"))
        got = {"title": draft.title, "lede": draft.lede, "dateline": draft.dateline, "agency": draft.agency,
               "paragraph_count": len(draft.paragraphs)}
        assert got == expected, path.name


def test_table_rows_keep_their_columns():
    text = "Results table\n\nLONDON, May 4 - Results were:\n\n  Shares   12 cts vs 10 cts\n  Revenue  5 mln vs 4 mln\n"
    html = markdown.markdown(parse(text).markdown_body(), extensions=["extra"])
    assert "<td>Revenue</td>" in html and "<td>5 mln vs 4 mln</td>" in html and "<th>Shares</th>" in html


def test_first_sentence_is_one_rule_for_imports_and_hand_written_articles():
    # Hand-written articles without a lede get their summary from the same rule as imports.
    assert first_sentence("Mr. Smith said the U.S. Treasury would act. It did.") == \
        "Mr. Smith said the U.S. Treasury would act."
    assert first_sentence("МОСКВА, 1 декабря. Президент заявил… Потом.") == "МОСКВА, 1 декабря."
    assert first_sentence("One. Two.", limit=300) == "One."
    long = "word " * 100
    assert first_sentence(long, limit=20) == "word word word word…"
