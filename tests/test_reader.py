import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest

from site_builder.reading import reader
from site_builder.base.errors import SiteError
from site_builder.reading.markup import Renderer
from tests.conftest import article, write

TZ = ZoneInfo("Europe/Moscow")


def read(site, name="a.md"):
    paths, problems = reader.find_sources(site / "content", site)
    assert not problems
    path = site / "content" / name
    return reader.read_article(reader.load_source(path, site / "content", site), Renderer(), TZ)


def read_error(site, name="a.md") -> list[str]:
    with pytest.raises(SiteError) as info:
        read(site, name)
    return [str(p) for p in info.value.problems]


def test_reads_fields_and_renders_body(site):
    write(site / "content/a.md", article("Hello", "2021-10-17", ["Kazakhstan", "trade"], body="First. Second.", place="Nur-Sultan"))
    a = read(site)
    assert a.title == "Hello" and a.slug == "a" and a.place == "Nur-Sultan"
    assert a.date == dt.datetime(2021, 10, 17, tzinfo=TZ)
    assert [t.name for t in a.tags] == ["Kazakhstan", "trade"]
    assert a.html == "<p>First. Second.</p>"
    assert a.summary == "First."
    assert a.id.startswith("urn:uuid:")


def test_naive_times_are_in_site_timezone_and_offsets_are_kept(site):
    write(site / "content/a.md", article("A", "2021-10-17T10:00:00", updated="2021-10-18T10:00:00Z"))
    a = read(site)
    assert a.date.utcoffset() == dt.timedelta(hours=3)
    assert a.updated == dt.datetime(2021, 10, 18, 10, tzinfo=dt.timezone.utc)


def test_derived_id_does_not_depend_on_title_or_date(site):
    write(site / "content/a.md", article("A", "2021-10-17"))
    first = read(site).id
    write(site / "content/a.md", article("B", "2022-01-01"))
    assert read(site).id == first


def test_each_bad_field_is_reported_at_its_line(site):
    write(site / "content/a.md", "---\ntitle: ''\ndate: yesterday\ntags: {a: 1}\nslug: ../../etc\ndraft: maybe\n---\nx\n")
    found = read_error(site)
    assert [m.split(":", 2)[1] for m in found] == ["2", "3", "4", "5", "6"]
    assert all(m.startswith("content/a.md:") for m in found)


def test_bom_crlf_are_tolerated_but_binary_and_bad_utf8_are_errors(site):
    (site / "content/a.md").write_bytes("\ufeff---\r\ntitle: A\r\ndate: 2021-01-01\r\n---\r\nText\r\n".encode())
    assert read(site).title == "A"
    (site / "content/a.md").write_bytes(b"---\ntitle: A\n\xff\xfe\n---\n")
    assert "not valid UTF-8" in read_error(site)[0]
    (site / "content/a.md").write_bytes(b"---\ntitle: A\n---\n\x00\x01")
    assert "NUL" in read_error(site)[0]


def test_hostile_html_in_body_is_removed(site):
    write(site / "content/a.md", article("A", "2021-01-01", body='<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror="alert(1)">'))
    html = read(site).html
    assert "<script" not in html and "javascript:" not in html and "onerror" not in html


def test_symlink_outside_the_site_is_refused(site, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.md"
    outside.write_text(article("Secret", "2021-01-01"))
    os.symlink(outside, site / "content/link.md")
    paths, problems = reader.find_sources(site / "content", site)
    assert paths == []
    assert "outside the site" in str(problems[0])


def test_hidden_and_editor_files_are_skipped(site):
    for name in ("a.md", ".a.md.swp", ".#a.md", "~a.md", "notes.txt"):
        write(site / "content" / name, article("A", "2021-01-01"))
    paths, _ = reader.find_sources(site / "content", site)
    assert [p.name for p in paths] == ["a.md"]


def test_read_all_reports_every_bad_file(site):
    write(site / "content/good.md", article("A", "2021-01-01"))
    write(site / "content/bad1.md", "---\ntitle: x\n---\n")
    write(site / "content/bad2.md", "---\ndate: 2021-01-01\n---\n")
    paths, _ = reader.find_sources(site / "content", site)
    articles, problems = reader.read_all(paths, site / "content", site, TZ)
    assert [a.title for a in articles] == ["A"]
    assert sorted(p.path for p in problems) == ["content/bad1.md", "content/bad2.md"]
