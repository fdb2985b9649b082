"""Each feed field escaped for what it holds (issue 16): text where the format wants text, HTML where it wants HTML.

* RSS ``<description>`` is HTML: a plain-text summary is escaped as HTML text
  (``1 < 2`` is published as the HTML ``1 &lt; 2``), so every reader shows the text
  and the W3C validator no longer reports ``Invalid HTML [NotHtml]``.
* RSS plain-text elements (titles, categories, the channel description) write
  ``&`` and ``<`` as hexadecimal character references (RSS Best Practices Profile).
* Atom titles and summaries are ``type="text"``; JSON Feed ``summary`` and
  ``content_text`` are plain text and ``content_html`` is HTML.
* The only archive month is ``<fh:complete/>``: no ``ArchiveIncomplete`` warning.

The W3C validator itself runs when FEEDVALIDATOR_SRC names a checkout's ``src``
folder and a Python 2 is found (it is not packaged anywhere): see tools/w3c_feed_check.py.
"""
from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
from pathlib import Path

import feedparser
import pytest
from lxml import etree, html as lxml_html

from site_builder.build import BuildOptions, build
from tests.conftest import REPO, write

TITLE = "Q&A: 1 < 2 ]]> for AT&T traders"
SUMMARY = "Fish & chips cost 1 < 2 pounds ]]> says AT&T; x<y & &amp; is literal"
ATOM = "{http://www.w3.org/2005/Atom}"
FH = "{http://purl.org/syndication/history/1.0}"


def escaping_site(root: Path, full_content: bool = True, months: int = 1) -> Path:
    write(root / "site.toml", f'title = "Wire & <News>"\ndescription = "Copy & <paste> ]]>"\n'
                              f'base_url = "https://user.github.io/repo/"\nlanguage = "en"\n'
                              f'[feeds]\nfull_content = {str(full_content).lower()}\n'
                              # every format and the full text everywhere, so all of it is checked for escaping
                              'tag_full_content = true\narchive_full_content = true\n'
                              'archive_formats = ["rss", "atom", "json"]\n')
    meta = {"title": TITLE, "date": "2024-03-01T09:00:00Z", "summary": SUMMARY, "tags": ["R&D", "Trade"]}
    write(root / "content/a.md", "---\n" + json.dumps(meta) + "\n---\n\nFish & chips, 1 < 2, a CDATA end ]]> here.\n")
    write(root / "content/b.md", '---\n{"title": "Prices rise 5% & more", "date": "2024-03-02T09:00:00Z", "tags": ["Trade"]}\n'
                                 "---\n\nA body with <b>bold</b> & an ampersand.\n")
    if months > 1:
        write(root / "content/c.md", '---\n{"title": "February & before ]]>", "date": "2024-02-10T09:00:00Z", '
                                     '"summary": "Older & wiser: a < b"}\n---\n\nBody.\n')
    build(BuildOptions(root, run_import=False))
    return root / "output"


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return escaping_site(tmp_path_factory.mktemp("escaping"))


def item_of(feed: etree._Element, title: str) -> etree._Element:
    return next(i for i in feed.iter("item") if i.findtext("title") == title)


def test_rss_description_is_the_summary_escaped_as_html_text(out):
    rss = etree.fromstring((out / "feed.xml").read_bytes())
    description = item_of(rss, TITLE).findtext("description")
    assert description == html.escape(SUMMARY, quote=False)
    assert lxml_html.fragment_fromstring(description, create_parent="p").text_content() == SUMMARY
    assert feedparser.parse((out / "feed.xml").read_bytes()).entries[-1].summary == html.escape(SUMMARY, quote=False)


def test_rss_plain_text_elements_use_hex_character_references(out):
    data = (out / "feed.xml").read_bytes()
    assert b"<title>Q&#x26;A: 1 &#x3C; 2 ]]&gt; for AT&#x26;T traders</title>" in data
    assert b"<category>R&#x26;D</category>" in data
    assert b"<description>Copy &#x26; &#x3C;paste&gt; ]]&gt;</description>" in data  # the channel's: text
    rss = etree.fromstring(data)  # the same characters to an XML parser
    assert rss.findtext("channel/title") == "Wire & <News>" and item_of(rss, TITLE) is not None
    assert rss.findtext("channel/description") == "Copy & <paste> ]]>"


def test_atom_text_constructs_are_text(out):
    atom = etree.fromstring((out / "atom.xml").read_bytes())
    entry = next(e for e in atom.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}title") == TITLE)
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "text" and summary.text == SUMMARY
    assert entry.find(f"{ATOM}title").get("type") in (None, "text")
    assert entry.find(f"{ATOM}content").get("type") == "html"
    parsed = feedparser.parse((out / "atom.xml").read_bytes())
    assert {e.title for e in parsed.entries} == {TITLE, "Prices rise 5% & more"}


def test_json_feed_text_fields_are_text_and_html_fields_html(out, tmp_path):
    item = next(i for i in json.loads((out / "feed.json").read_bytes())["items"] if i["title"] == TITLE)
    assert item["summary"] == SUMMARY and "content_text" not in item
    assert "Fish &amp; chips, 1 &lt; 2, a CDATA end ]]&gt; here." in item["content_html"]
    summary_only = escaping_site(tmp_path / "summary-only", full_content=False)
    item = next(i for i in json.loads((summary_only / "feed.json").read_bytes())["items"] if i["title"] == TITLE)
    assert item["content_text"] == SUMMARY and "content_html" not in item
    rss = etree.fromstring((summary_only / "feed.xml").read_bytes())
    assert item_of(rss, TITLE).findtext("description") == html.escape(SUMMARY, quote=False)


def test_the_only_archive_month_is_complete_and_two_months_link_each_other(out, tmp_path):
    for name, ns in (("atom.xml", ATOM), ("feed.xml", ATOM)):
        root = etree.fromstring((out / "archive/2024/03" / name).read_bytes())
        assert root.find(f".//{FH}archive") is not None and root.find(f".//{FH}complete") is not None
        rels = {link.get("rel") for link in root.iter(f"{ns}link")}
        assert not rels & {"current", "prev-archive", "next-archive"}, (name, rels)
    two = escaping_site(tmp_path / "two", months=2)
    for month, expected in (("2024/03", {"current", "prev-archive"}), ("2024/02", {"current", "next-archive"})):
        root = etree.fromstring((two / f"archive/{month}/atom.xml").read_bytes())
        assert root.find(f"{FH}complete") is None and root.find(f"{FH}archive") is not None
        assert {link.get("rel") for link in root.iter(f"{ATOM}link")} & {"current", "prev-archive", "next-archive"} == expected


def _w3c() -> tuple[str, str]:
    src = os.environ.get("FEEDVALIDATOR_SRC", "")
    python2 = os.environ.get("PYTHON2") or shutil.which("python2.7") or shutil.which("python2") or ""
    if not src or not Path(src, "feedvalidator").is_dir():
        pytest.skip("the W3C feed validator is not packaged: set FEEDVALIDATOR_SRC to a checkout's src/ to run it")
    if not python2 or subprocess.run([python2, "-c", "import sys; assert sys.version_info[0] == 2"],
                                     capture_output=True).returncode:
        pytest.skip("the W3C feed validator needs Python 2: set PYTHON2")
    return src, python2


@pytest.mark.e2e
@pytest.mark.parametrize("months", [1, 2])
def test_w3c_validator_finds_no_error_and_no_warning(tmp_path, months):
    src, python2 = _w3c()
    out = escaping_site(tmp_path / "site", months=months)
    result = subprocess.run([python2, str(REPO / "tools/w3c_feed_check.py"), "--validator", src, str(out),
                             "https://user.github.io/repo/"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert ", 0 with errors or warnings" in result.stdout and "archive/2024/03/atom.xml: ok" in result.stdout
