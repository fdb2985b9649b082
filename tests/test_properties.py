"""Property-based tests (hypothesis): for ANY text, not just the examples we thought of.

* Import round trip: whatever title, lede and paragraphs the importer makes of
  a seed, the page it writes reads back (through ``reader.read_article``) with
  the same title, summary and body text. "Same" means after the documented
  normalisation: runs of white space become one space, and characters HTML
  and XML forbid (C0/C1 controls, noncharacters) are removed.
* Feeds: any site (hostile titles, tags, summaries, bodies) gives RSS and
  Atom that feedparser reads without ``bozo`` and a JSON Feed that loads;
  an e2e test also runs the schema checkers on many such sites.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from zoneinfo import ZoneInfo

import feedparser
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from site_builder import build
from site_builder.reading import markup
from site_builder.reading import reader
from site_builder.config.options import Config, TagsConfig
from site_builder.base.errors import SiteError
from site_builder.importing.furniture import bullet_items
from site_builder.importing.wire import parse_seed
from site_builder.importing.seeds import page_text
from site_builder.model.article import Article
from site_builder.writing.output import write_site
from site_builder.model.outputs import materialise
from site_builder.model.grouping import make_site
from site_builder.model.urls import Urls
from tests.conftest import SHARED

UTC = ZoneInfo("UTC")
#: Multiplies every test's number of examples (e.g. PROPERTY_SCALE=10 for a long local run).
SCALE = int(os.environ.get("PROPERTY_SCALE", "1"))
REFERENCE = dt.date(2024, 6, 1)
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
# Text of every kind but surrogates (a seed is UTF-8 bytes: it cannot hold them).
TEXT = st.characters(exclude_categories=("Cs",))
TOKENS = st.sampled_from(list("<>&*_`#[](){}|\\!-+=.:;'\"/ ~\n\t") + [
    "]]>", "{{", "{%", "&amp;", "<BP>", "javascript:", "\u202e", "🔥", "<script>", "\r\n", "  ", "\x01", "\ufeff"])
PIECES = st.one_of(st.text(TEXT, min_size=1, max_size=4), TOKENS)


def texts(min_size: int = 0, max_size: int = 20, newlines: bool = True) -> st.SearchStrategy[str]:
    """Text mixing every kind of character with markup, template and feed syntax."""
    made = st.lists(PIECES, min_size=min_size, max_size=max_size).map("".join)
    return made if newlines else made.map(lambda s: re.sub(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]", " ", s))


LINE = texts(1, 15, newlines=False).filter(lambda s: s.strip())
PARAGRAPH = st.lists(LINE, min_size=1, max_size=3).map("\n".join)


def norm(text: str) -> str:
    """The documented normalisation: forbidden characters removed, white space runs made one space."""
    return " ".join(FORBIDDEN.sub("", text).split())


def roundtrip(seed: str) -> tuple[object, Article] | None:
    try:
        draft = parse_seed(seed, path="seeds/x.txt", reference_date=REFERENCE, tags=TagsConfig())
    except SiteError:
        return None
    page = page_text(draft, "x", "tag:example.org,2024-06-01:x", "seeds/x.txt")
    article = reader.read_article(reader.Source("x.md", "content/x.md", page.encode("utf-8")), markup.Renderer(), UTC)
    return draft, article


@settings(max_examples=300 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=LINE, lede=st.one_of(st.just(""), LINE), paragraphs=st.lists(PARAGRAPH, min_size=1, max_size=4))
def test_imported_pages_read_back_with_the_same_text(title, lede, paragraphs):
    blocks = [title] + ([lede] if lede else []) + paragraphs
    result = roundtrip("\n\n".join(blocks) + "\n")
    if result is None:
        return  # a located error is an allowed outcome (e.g. a title with no body after cleaning)
    draft, article = result
    assert article.title == norm(draft.title)
    assert article.summary == norm(draft.summary or draft.lede) or article.summary == norm(draft.lede)
    body_text = markup.plain_text(article.html)
    # bulleted lines become a Markdown list: the text is the items', without their bullets
    shown = [" ".join(items) if (items := bullet_items(p)) else p for p in draft.paragraphs]
    assert norm(body_text) == norm(" ".join(shown)), (draft.paragraphs, article.html)
    assert [t.name for t in article.tags] == [norm(t) for t in draft.tags if norm(t)]


@settings(max_examples=200 * SCALE, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_make_a_draft_or_a_located_error(data):
    text = data.decode("utf-8", errors="replace")
    try:
        draft = parse_seed(text, path="seeds/x.txt", reference_date=REFERENCE, tags=TagsConfig())
    except SiteError as exc:
        assert all(str(p).startswith("seeds/x.txt") for p in exc.problems)
        return
    assert draft.title and draft.paragraphs and draft.date <= REFERENCE


@settings(max_examples=200 * SCALE, deadline=None)
@given(st.text(TEXT, max_size=300))
def test_any_front_matter_text_reads_or_is_a_located_error(yaml_text):
    data = f"---\n{yaml_text}\n---\nbody\n".encode("utf-8")
    try:
        article = reader.read_article(reader.Source("x.md", "content/x.md", data), markup.Renderer(), UTC)
    except SiteError as exc:
        assert all(str(p).startswith("content/x.md") for p in exc.problems)
        return
    assert not FORBIDDEN.search(article.title + article.summary + "".join(t.name for t in article.tags))


# --- feeds -----------------------------------------------------------------------------------------------

ARTICLE_TEXT = texts(1, 10).filter(lambda s: " ".join(s.split()))


@st.composite
def articles(draw) -> list[Article]:
    count = draw(st.integers(1, 4))
    out = []
    for i in range(count):
        title, summary = draw(ARTICLE_TEXT), draw(texts(0, 15))
        tags = draw(st.lists(ARTICLE_TEXT, max_size=3))
        body = draw(texts(0, 40))
        source = f"a{i}.md"
        text = json.dumps({"title": title, "date": f"2021-0{1 + i}-01T00:00:00Z", "tags": tags, "summary": summary})
        try:
            # JSON is YAML: the reader does its own clean-up, as for a real file
            out.append(reader.read_article(reader.Source(source, source, f"---\n{text}\n---\n{body}\n".encode()),
                                           markup.Renderer(), UTC))
        except SiteError:
            continue
    return out


def feed_files(items: list[Article], base_url: str = "https://user.github.io/repo/") -> dict[str, bytes]:
    site, _ = make_site(items, UTC)
    config = Config().with_base_url(base_url)
    return {f.path: f.data for f in map(materialise, build.machine_files(site, config, Urls(base_url)))}


@settings(max_examples=60 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_any_site_gives_feeds_that_parse_without_bozo(items):
    for path, data in feed_files(items).items():
        if path.endswith(("feed.xml", "atom.xml")):
            parsed = feedparser.parse(data)
            assert not parsed.bozo, (path, parsed.get("bozo_exception"))
            assert len(parsed.entries) == (len(items) if path in ("feed.xml", "atom.xml") else len(parsed.entries))
        elif path.endswith("feed.json"):
            document = json.loads(data)
            assert document["version"] == "https://jsonfeed.org/version/1.1"


CHECKS = SHARED / "checks"


@pytest.mark.e2e
def test_generated_feeds_pass_the_schema_checkers(tmp_path):
    """Many generated sites, written to disk, checked at once by schema-check.py and jsonfeed-check.py."""
    schema, jsonfeed = CHECKS / "schema-check.py", CHECKS / "jsonfeed-check.py"
    if not schema.is_file() or not jsonfeed.is_file():
        pytest.skip(f"{CHECKS} has no schema-check.py / jsonfeed-check.py (run ../shared/checks/setup.sh)")
    count = 0

    @settings(max_examples=25 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(articles())
    def write_one(items):
        nonlocal count
        from site_builder.model.outputs import OutputFile
        if not items:  # rss-2_0.xsd wants an <item>, though RSS 2.0 allows an empty channel (reported)
            return
        files = [OutputFile(p, d) for p, d in feed_files(items).items() if p.endswith(("feed.xml", "atom.xml", "feed.json"))]
        write_site(files, tmp_path / f"site{count}")
        count += 1

    write_one()
    for script in (schema, jsonfeed):
        result = subprocess.run([sys.executable, str(script), str(tmp_path)], capture_output=True, text=True, timeout=600)
        if result.returncode == 2:
            pytest.skip(f"{script.name} cannot run: {result.stderr.strip()[:200]}")
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
