import datetime as dt

import pytest

from site_builder.reading import frontmatter
from site_builder.base.errors import SiteError


def error(text: str) -> str:
    with pytest.raises(SiteError) as info:
        frontmatter.parse(text, "a.md")
    (problem,) = info.value.problems
    return str(problem)


def test_round_trip_keeps_order_types_and_unicode():
    meta = {"title": 'He said: "yes" — ’ok’ #1', "date": dt.date(2021, 10, 17), "tags": ["Kazakhstan", "ООН"]}
    text = frontmatter.dump(meta, "Body\n")
    doc = frontmatter.parse(text, "a.md")
    assert dict(doc.meta) == meta
    assert list(doc.meta) == ["title", "date", "tags"]
    assert doc.body.strip() == "Body"
    assert doc.key_lines == {"title": 2, "date": 3, "tags": 4}


def test_dump_is_byte_stable():
    meta = {"b": 1, "a": [1, 2], "t": dt.datetime(2021, 1, 2, 3, 4, tzinfo=dt.timezone.utc)}
    assert frontmatter.dump(meta, "x") == frontmatter.dump(dict(meta), "x")


def test_no_front_matter_is_allowed():
    doc = frontmatter.parse("# Just markdown\n", "a.md")
    assert doc.meta == {} and doc.body.startswith("# Just")


@pytest.mark.parametrize("text, where, words", [
    ("---\ntitle: a\ntitle: b\n---\n", "a.md:3:1", "duplicate key"),
    ("---\na: &x [1]\nb: *x\n---\n", "a.md:2", "aliases"),
    ("---\na: !!python/object/apply:os.system [echo hi]\n---\n", "a.md:2", "constructor"),
    ("---\n- 1\n---\n", "a.md:2", "must be a mapping"),
    ("---\ntitle: [unclosed\n---\n", "a.md:", "front matter"),
    ("---\ntitle: x\n", "a.md:1", "not closed"),
])
def test_hostile_or_broken_yaml_is_a_located_error(text, where, words):
    message = error(text)
    assert message.startswith(where)
    assert words in message


def test_alias_bomb_is_refused_quickly():
    bomb = "---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n---\n"
    assert "front matter" in error(bomb)
