import datetime as dt

import pytest

from site_builder.config import options as config
from site_builder.base.errors import SiteError


def problems(text: str) -> list[str]:
    with pytest.raises(SiteError) as info:
        config.parse(text)
    return [str(p) for p in info.value.problems]


def test_missing_file_means_defaults(tmp_path):
    assert config.load(tmp_path) == config.Config()


def test_values_are_typed_and_normalised():
    cfg = config.parse(
        'title = "X"\nbase_url = "https://user.github.io/repo"\nper_page = 5\n'
        '[tags]\nmax_per_article = 3\naliases = { UN = "United Nations" }\nnever = ["Reuters"]\n'
        "[import]\nreference_date = 2021-12-31\n"
    )
    assert cfg.base_url == "https://user.github.io/repo/"
    assert cfg.per_page == 5
    assert cfg.tags.aliases["UN"] == "United Nations"
    assert cfg.tags.never == ("Reuters",)
    assert cfg.import_.reference_date == dt.date(2021, 12, 31)


def test_unknown_key_names_line_and_suggests():
    (message,) = problems('title = "x"\n\n[feeds]\nlimt = 3\n')
    assert message.startswith("site.toml:4: unknown key 'limt' in [feeds]")
    assert "did you mean 'limit'" in message


def test_every_bad_value_is_reported_with_its_line():
    found = problems('per_page = "ten"\nlanguage = "??"\ntimezone = "Mars/Base"\nbase_url = "ftp://x"\n[build]\ndrafts = "yes"\n')
    assert [m.split(":")[1] for m in found] == ["1", "2", "3", "4", "6"]
    assert any("IANA time zone" in m for m in found)


def test_toml_syntax_error_has_line_and_column():
    (message,) = problems('title = "x"\nper_page = \n')
    assert message.startswith("site.toml:2:")
    assert "invalid TOML" in message


def test_zero_per_page_is_refused():
    (message,) = problems("per_page = 0\n")
    assert "at least 1" in message


def test_reference_lists_every_key_with_a_description():
    rows = config.reference()
    keys = [r[0] for r in rows]
    assert "base_url" in keys and "feeds.limit" in keys and "import.reference_date" in keys
    assert all(r[3] for r in rows), [r[0] for r in rows if not r[3]]


def test_every_key_is_declared_once_with_kind_default_and_doc():
    # The reference, the checks and init's site.toml all read the same declarations.
    from site_builder.config.options import declaration, reference
    from site_builder.scaffold.create import site_toml

    rows = reference()
    assert len({key for key, *_ in rows}) == len(rows)
    commented = site_toml("T")
    for key, kind, default, doc in rows:
        field = declaration(key)
        assert field.metadata["doc"] == doc and doc.endswith(".")
        assert kind and default
        name = key.rpartition(".")[2]
        assert f"# {doc}" in commented and (name == "title" or f"# {name} = " in commented)
    assert "[import]" in commented and "import_" not in commented


def test_a_kind_checks_what_its_key_accepts():
    from site_builder.config.options import check_value

    assert check_value("per_page", 0) == "must be at least 1, not 0"
    assert check_value("feeds.limit", True).startswith("must be a whole number")
    assert check_value("feeds.websub_hub", "") == ""
    assert "absolute http(s) URL" in check_value("feeds.websub_hub", "ftp://x")
    assert "https://user.github.io/repo/" in check_value("base_url", "https://x.org/?q=1")
    assert check_value("timezone", "Mars/Base").startswith("must be an IANA time zone")
    assert check_value("import.reference_date", "2021-01-01").startswith("must be a date")


def test_archive_formats_are_feed_kinds_each_once():
    assert config.parse('[feeds]\narchive_formats = ["json", "atom"]\n').feeds.archive_formats == ("json", "atom")
    (message,) = problems('[feeds]\narchive_formats = ["json", "rss"]\n')  # no Atom: check --against has no history
    assert "must include 'atom'" in message and "check --against" in message
    (message,) = problems('[feeds]\narchive_formats = []\n')
    assert "must include 'atom'" in message
    assert config.Config().feeds.archive_formats == ("atom",)
    (message,) = problems('[feeds]\narchive_formats = ["atom", "xml"]\n')
    assert message.startswith("site.toml:2:") and "'xml'" in message and '"rss", "atom", "json"' in message
    (message,) = problems('[feeds]\narchive_formats = ["atom", "atom"]\n')
    assert "'atom' twice" in message
