"""Today's agency copy: datelines, language, furniture. The invented set in tests/wire-modern has expected parses."""
import datetime as dt
import json
from pathlib import Path

import markdown
import pytest

from site_builder.config.options import TagsConfig
from site_builder.importing.wire import parse_dateline, parse_seed
from site_builder.importing.language import detect_language
from site_builder.importing.furniture import byline_authors, headline

SET = Path(__file__).resolve().parent / "wire-modern"
EXPECTED = json.loads((SET / "expected.json").read_text("utf-8"))
SHARED_MODERN = Path(__file__).resolve().parents[2] / "shared" / "data-modern"
TUESDAY = dt.datetime(2026, 12, 1, 14, 5, tzinfo=dt.timezone.utc)


def parse(text, arrival=TUESDAY):
    return parse_seed(text, path="s.txt", tags=TagsConfig(), arrival=arrival)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invented_story_parses_as_expected(name):
    want = EXPECTED[name]
    draft = parse((SET / name).read_text("utf-8"), dt.datetime.fromisoformat(want["arrival"]))
    got = {"title": draft.title, "lede": draft.lede, "dateline": draft.dateline, "place": draft.place,
           "agency": draft.agency, "date": draft.date.isoformat(), "language": draft.language,
           "authors": list(draft.authors), "credits": draft.credits, "advisory": draft.advisory,
           "withdrawn": draft.withdrawn, "paragraph_count": len(draft.paragraphs)}
    assert got == {k: want[k] for k in got}


@pytest.mark.parametrize("line, text, place, agency, month, day, year", [
    ("LONDON, Nov 30 (Reuters) - x", "LONDON, Nov 30 (Reuters) -", "London", "Reuters", 11, 30, None),
    ("WASHINGTON (AP) — x", "WASHINGTON (AP) —", "Washington", "AP", 0, 0, None),
    ("PARIS (AFP) - x", "PARIS (AFP) -", "Paris", "AFP", 0, 0, None),
    ("PARIS, Dec 1 (AFP) - x", "PARIS, Dec 1 (AFP) -", "Paris", "AFP", 12, 1, None),
    ("BEIJING, Dec. 1 (Xinhua) -- x", "BEIJING, Dec. 1 (Xinhua) --", "Beijing", "Xinhua", 12, 1, None),
    ("WASHINGTON, Dec. 1 (UPI) -- x", "WASHINGTON, Dec. 1 (UPI) --", "Washington", "UPI", 12, 1, None),
    ("BERLIN (dpa) - x", "BERLIN (dpa) -", "Berlin", "dpa", 0, 0, None),
    ("TOKYO, Dec. 1 (Kyodo) -- x", "TOKYO, Dec. 1 (Kyodo) --", "Tokyo", "Kyodo", 12, 1, None),
    ("MOSCOW. Dec 1 (Interfax) - x", "MOSCOW. Dec 1 (Interfax) -", "Moscow", "Interfax", 12, 1, None),
    ("NEW YORK, Nov. 30, 2026 /PRNewswire/ -- x", "NEW YORK, Nov. 30, 2026 /PRNewswire/ --", "New York",
     "PR Newswire", 11, 30, 2026),
    ("SAN FRANCISCO--(BUSINESS WIRE)--Acme", "SAN FRANCISCO--(BUSINESS WIRE)--", "San Francisco", "Business Wire",
     0, 0, None),
    ("SAN FRANCISCO, Dec. 1, 2026--(BUSINESS WIRE)--Acme", "SAN FRANCISCO, Dec. 1, 2026--(BUSINESS WIRE)--",
     "San Francisco", "Business Wire", 12, 1, 2026),
    ("LONDON, England (CNN) -- x", "LONDON, England (CNN) --", "London, England", "CNN", 0, 0, None),
    ("(Reuters) - x", "(Reuters) -", "", "Reuters", 0, 0, None),
    ("MOSCOW, December 1. /TASS/. x", "MOSCOW, December 1. /TASS/.", "Moscow", "TASS", 12, 1, None),
    ("МОСКВА, 1 декабря. /ТАСС/. x", "МОСКВА, 1 декабря. /ТАСС/.", "Москва", "TASS", 12, 1, None),
    ("МОСКВА, 1 дек — РИА Новости. x", "МОСКВА, 1 дек — РИА Новости.", "Москва", "RIA Novosti", 12, 1, None),
    ("Москва. 1 декабря. INTERFAX.RU - x", "Москва. 1 декабря. INTERFAX.RU -", "Москва", "Interfax", 12, 1, None),
    ("ВАШИНГТОН, 30 ноября. /Корр. ТАСС Иван Петров/. x", "ВАШИНГТОН, 30 ноября. /Корр. ТАСС Иван Петров/.",
     "Вашингтон", "TASS", 11, 30, None),
    ("NEW YORK, December 1. /TASS correspondent Ivan Petrov/. x",
     "NEW YORK, December 1. /TASS correspondent Ivan Petrov/.", "New York", "TASS", 12, 1, None),
    ("SAN FRANCISCO/NEW YORK (Reuters) - x", "SAN FRANCISCO/NEW YORK (Reuters) -", "San Francisco/New York", "Reuters",
     0, 0, None),
    ("WEST PALM BEACH, Fla./WASHINGTON (Reuters) - x", "WEST PALM BEACH, Fla./WASHINGTON (Reuters) -",
     "West Palm Beach, Fla./Washington", "Reuters", 0, 0, None),
    ("VANCOUVER (CP) - x", "VANCOUVER (CP) -", "Vancouver", "CP", 0, 0, None),
    ("NEW YORK (CBS.MW) -- x", "NEW YORK (CBS.MW) --", "New York", "CBS.MW", 0, 0, None),
    ("(ANSA) - ROME, DEC 1 - x", "(ANSA) - ROME, DEC 1 -", "Rome", "ANSA", 12, 1, None),
    ("MADRID, Dec 1 (EFE).- x", "MADRID, Dec 1 (EFE).-", "Madrid", "EFE", 12, 1, None),
    ("NEW DELHI, Dec 1 (PTI) The x", "NEW DELHI, Dec 1 (PTI)", "New Delhi", "PTI", 12, 1, None),
    ("KYIV. Dec 1 (Interfax-Ukraine) - x", "KYIV. Dec 1 (Interfax-Ukraine) -", "Kyiv", "Interfax-Ukraine", 12, 1, None),
    ("TORONTO, Dec. 1, 2026 /CNW/ - x", "TORONTO, Dec. 1, 2026 /CNW/ -", "Toronto", "CNW", 12, 1, 2026),
    ("NEW YORK, NY / ACCESSWIRE / December 1, 2026 / x", "NEW YORK, NY / ACCESSWIRE / December 1, 2026 /",
     "New York, NY", "ACCESSWIRE", 12, 1, 2026),
])

def test_datelines_of_todays_agencies(line, text, place, agency, month, day, year):
    found = parse_dateline(line)
    assert (found.text, found.place, found.agency, found.month, found.day, found.year) == (
        text, place, agency, month, day, year)


def test_a_bracketed_abbreviation_in_prose_is_no_dateline():
    assert parse_dateline("The report (AP) is wrong") is None
    assert parse_dateline("Shares of Acme (ACME) rose") is None
    assert parse_dateline("The Company (NYSE) - a listing") is None


def test_russian_tass_gets_its_title_date_place_agency_and_language():
    draft = parse("Все новости\n\nПутин провел переговоры\n\nМОСКВА, 1 декабря. /ТАСС/. Президент России провел "
                  "во вторник переговоры с премьер-министром Индии, сообщили в Кремле.\n\nСтороны обсудили торговлю.\n")
    assert (draft.title, draft.date, draft.place, draft.agency, draft.language) == (
        "Путин провел переговоры", dt.date(2026, 12, 1), "Москва", "TASS", "ru")
    assert draft.tags == ("Russia",)  # no English tagging rules on Russian text: only the dateline city's country


def test_interfax_and_press_release_are_recognised_and_agencies_never_tags():
    interfax = parse("Ruble firms\n\nMOSCOW. Dec 1 (Interfax) - The ruble firmed against the dollar on Tuesday, "
                     "Interfax reported, as exporters sold currency.\n\nMore.\n")
    assert (interfax.place, interfax.agency, interfax.date) == ("Moscow", "Interfax", dt.date(2026, 12, 1))
    release = parse("Acme Names New CEO\n\nNEW YORK, Nov. 30, 2026 /PRNewswire/ -- Acme Corp today named Jane Roe "
                    "chief executive. PRNewswire distributes Acme news.\n\nMore.\n")
    assert release.summary.startswith("Acme Corp today") and release.date == dt.date(2026, 11, 30)
    assert release.date_source == "explicit" and release.moment == dt.datetime(2026, 11, 30, 14, 5, tzinfo=dt.timezone.utc)
    for draft in (interfax, release):
        low = {t.lower() for t in draft.tags}
        assert not low & {"interfax", "prnewswire", "pr newswire", "york", "reuters"}


def test_byline_advisory_slug_prefix_and_credits_are_data_not_text():
    draft = parse("UPDATE 1-Oil rises\n\n(Adds analyst comment in paragraph 4)\n\nBy Jane Smith\n\n"
                  "SINGAPORE, Dec 1 (Reuters) - Oil rose on Tuesday.\n\nMore text.\n\n"
                  "(Reporting by Jane Smith; Editing by Ali Khan)\n")
    assert (draft.title, draft.lede, draft.summary) == ("Oil rises", "", "Oil rose on Tuesday.")
    assert draft.authors == ("Jane Smith",) and draft.advisory == "Adds analyst comment in paragraph 4"
    assert draft.credits == "Reporting by Jane Smith; Editing by Ali Khan" and draft.wire_prefixes == ("UPDATE 1",)
    assert draft.paragraphs == ("Oil rose on Tuesday.", "More text.")


def test_reuter_sign_off_is_removed():
    draft = parse("Wheat record\n\nLUSAKA, Nov 30 - Zambia expects a record harvest.\n\nMore.\n\nReuter\n")
    assert draft.paragraphs == ("Zambia expects a record harvest.", "More.")


@pytest.mark.parametrize("title, clean, prefixes", [
    ("UPDATE 2-Oil rises", "Oil rises", ("UPDATE 2",)), ("REFILE-Oil rises", "Oil rises", ("REFILE",)),
    ("CORRECTED-Oil rises", "Oil rises", ("CORRECTED",)), ("RPT-Oil rises", "Oil rises", ("RPT",)),
    ("EXCLUSIVE-Oil rises", "Oil rises", ("EXCLUSIVE",)), ("WRAPUP 1-Oil rises", "Oil rises", ("WRAPUP 1",)),
    ("REFILE-UPDATE 3-Oil rises", "Oil rises", ("REFILE", "UPDATE 3")), ("UPDATE-free trade", "UPDATE-free trade", ()),
])
def test_slug_prefixes(title, clean, prefixes):
    found = headline(title)
    assert (found.title, found.prefixes) == (clean, prefixes)


def test_bylines():
    assert byline_authors("By Jane Smith and Ali Khan") == ("Jane Smith", "Ali Khan")
    assert byline_authors("By JOSH BOAK, AP Economics Writer") == ("Josh Boak",)
    assert byline_authors("By early 2005 the net could have two new domain names.") == ()


def test_bullets_become_a_list_and_columns_a_table():
    draft = parse("Steel\n\nBRUSSELS, Dec 1 (Reuters) - Highlights:\n\n* Up to 5% more\n\n* Quotas cut\n\n"
                  "• Talks in June\n\nTeam      P   Pts\nArsenal   13  32\nChelsea   13  27\n")
    html = markdown.markdown(draft.markdown_body(), extensions=["extra"])
    assert html.count("<li>") == 3 and html.count("<ul>") == 1 and "<p>* " not in html
    assert "<td>Arsenal</td>" in html and "<th>Pts</th>" in html


def test_language_detection():
    assert detect_language("The minister said on Tuesday that the talks would go on.") == "en"
    assert detect_language("Le ministre a déclaré mardi que les discussions allaient se poursuivre avec les syndicats.") == "fr"
    assert detect_language("Der Minister sagte am Dienstag, dass die Gespräche mit den Gewerkschaften weitergehen.") == "de"
    assert detect_language("Министр заявил во вторник, что переговоры продолжатся.") == "ru"
    assert detect_language("OK") == "en"


@pytest.mark.skipif(not (SHARED_MODERN / "articles").is_dir(), reason="needs ../shared/data-modern (research-only dev data)")
def test_shared_modern_copy_structure():
    for path in sorted((SHARED_MODERN / "articles").glob("*/*.txt")):
        expected = json.loads(path.with_suffix(".json").read_text("utf-8"))["expected"]
        draft = parse(path.read_text("utf-8"))
        got = {"title": draft.title, "lede": draft.lede, "dateline": draft.dateline, "agency": draft.agency,
               "paragraph_count": len(draft.paragraphs)}
        assert got == expected, path.name


def test_page_and_feeds_declare_an_articles_language(tmp_path):
    from lxml import etree

    from site_builder.build import BuildOptions, build

    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "ru.txt").write_text((SET / "tass-ru.txt").read_text("utf-8"), "utf-8")
    (tmp_path / "seeds" / "en.txt").write_text((SET / "dpa.txt").read_text("utf-8"), "utf-8")
    build(BuildOptions(site_dir=tmp_path, now=TUESDAY))
    out = tmp_path / "output"
    pages = {p.parent.name: p.read_text("utf-8") for p in (out / "articles").glob("*/index.html")}
    langs = sorted(page.split('<html lang="')[1].split('"')[0] for page in pages.values())
    assert langs == ["en", "ru"]
    atom = etree.parse(str(out / "atom.xml")).getroot()
    entry_langs = sorted(e.get("{http://www.w3.org/XML/1998/namespace}lang") or "-"
                         for e in atom.iterfind("{http://www.w3.org/2005/Atom}entry"))
    assert entry_langs == ["-", "ru"]  # the feed says en; the Russian entry says ru
    items = json.loads((out / "feed.json").read_text("utf-8"))["items"]
    assert sorted(i.get("language", "-") for i in items) == ["-", "ru"]


def test_xinhua_enditem_after_the_last_sentence_is_removed():
    import datetime as dt
    from site_builder.config.options import TagsConfig
    from site_builder.importing.wire import parse_seed

    seed = ("China's exports rise 5 pct in November\n\nBEIJING, Dec. 1 (Xinhua) -- China's exports rose 5 percent "
            "in November from a year earlier, customs data showed on Monday.\n\nAnalysts expect demand to hold up "
            "ahead of the year end. Enditem\n")
    draft = parse_seed(seed, path="s.txt", tags=TagsConfig(), arrival=dt.datetime(2026, 12, 1, 9, tzinfo=dt.timezone.utc))
    assert draft.paragraphs[-1] == "Analysts expect demand to hold up ahead of the year end."
    assert not any("enditem" in k.lower() for k in draft.keywords)


def test_bulleted_highlights_are_no_summary():
    import datetime as dt
    from site_builder.config.options import TagsConfig
    from site_builder.importing.wire import parse_seed

    seed = ("EU weighs tariffs on imported steel\n\n* Quotas on steel imports expire in June\n* Member states split\n\n"
            "BRUSSELS, Dec 1 (Reuters) - The European Commission is weighing tariffs on steel imports. It said so.\n\n"
            "More text.\n")
    draft = parse_seed(seed, path="s.txt", tags=TagsConfig(), arrival=dt.datetime(2026, 12, 1, 9, tzinfo=dt.timezone.utc))
    assert draft.summary == "The European Commission is weighing tariffs on steel imports."
    assert draft.paragraphs[0].startswith("* Quotas")  # the highlights stay at the top of the body, as a list
