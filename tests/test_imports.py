"""seeds/ -> content/: idempotence, hand-edit protection, ids, slugs, bad input."""
import datetime as dt
import hashlib
import uuid
from dataclasses import replace
from pathlib import Path

import pytest

from site_builder.reading import frontmatter
from site_builder.config.options import Config, FeedsConfig, ImportConfig
from site_builder.importing.seeds import import_seeds
from site_builder.model import ids
from site_builder.model.slugs import article_slug

CONFIG = Config(import_=ImportConfig(reference_date=dt.date(2026, 11, 29)))
ARTICLE = "All news\n\nA title\n\nA lede\n\nMOSCOW, May 3. /TASS/. Russia said on Sunday it agreed.\n\nMore text.\n"


def site(tmp_path: Path, **seeds: bytes | str) -> Path:
    for name, data in seeds.items():
        path = tmp_path / "seeds" / f"{name}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return tmp_path


def test_import_writes_page_with_contract_keys(tmp_path):
    report = import_seeds(site(tmp_path, a=ARTICLE), CONFIG)
    assert report.written == ("content/a-title.md",) and not report.problems
    doc = frontmatter.parse((tmp_path / "content/a-title.md").read_text("utf-8"), "a")
    assert list(doc.meta) == ["title", "lede", "summary", "date", "date_source", "received", "dateline", "place", "agency",
                              "language", "section", "tags", "places", "keywords", "slug", "id", "seed", "seed_digest",
                              "import_digest"]
    assert doc.meta["section"] == doc.meta["tags"][0] == "World" and doc.meta["places"] == ["Russia"]
    # base_url is still the placeholder https://example.org/: a domain-free id from the seed's digest
    digest = hashlib.sha256(ARTICLE.encode()).hexdigest()
    assert doc.meta["id"] == f"urn:uuid:{uuid.uuid5(ids.ID_NAMESPACE, 'seed-sha256:' + digest)}"
    assert doc.meta["seed"] == "seeds/a.txt"


@pytest.mark.parametrize("base_url, authority, expected", [
    ("https://news.example.net/", "", "urn:uuid:"),
    ("http://localhost:8000/", "", "urn:uuid:"),
    ("https://www.example.org/", "", "urn:uuid:"),
    ("https://user.github.io/repo/", "", "tag:user.github.io,2026-05-03:a-title"),
    ("https://example.org/", "wire.newsroom.net", "tag:wire.newsroom.net,2026-05-03:a-title"),
    ("https://example.org/", "desk@example.com", "urn:uuid:"),
])
def test_ids_are_minted_on_the_sites_own_authority_or_domain_free(tmp_path, base_url, authority, expected):
    config = replace(CONFIG, base_url=base_url, feeds=FeedsConfig(id_authority=authority))
    import_seeds(site(tmp_path, a=ARTICLE), config)
    minted = frontmatter.parse((tmp_path / "content/a-title.md").read_text("utf-8"), "a").meta["id"]
    assert minted.startswith(expected) and (expected != "urn:uuid:" or uuid.UUID(minted[9:]))
    # minted once: a later import under a real domain keeps it
    (tmp_path / "seeds/a.txt").write_text(ARTICLE + "\nA correction.\n", "utf-8")
    import_seeds(tmp_path, replace(CONFIG, base_url="https://user.github.io/repo/"))
    assert frontmatter.parse((tmp_path / "content/a-title.md").read_text("utf-8"), "a").meta["id"] == minted


def test_reimport_is_byte_identical_and_not_rewritten(tmp_path):
    import_seeds(site(tmp_path, a=ARTICLE), CONFIG)
    page = tmp_path / "content/a-title.md"
    before, mtime = page.read_bytes(), page.stat().st_mtime_ns
    report = import_seeds(tmp_path, CONFIG)
    assert report.unchanged == ("content/a-title.md",) and not report.written
    assert page.read_bytes() == before and page.stat().st_mtime_ns == mtime


def test_changed_seed_updates_unedited_page_and_keeps_id(tmp_path):
    import_seeds(site(tmp_path, a=ARTICLE), CONFIG)
    page = tmp_path / "content/a-title.md"
    old_id = frontmatter.parse(page.read_text("utf-8"), "p").meta["id"]
    site(tmp_path, a=ARTICLE.replace("A title", "A new title").replace("More text", "Changed"))
    other = replace(CONFIG, base_url="https://other.example/", feeds=FeedsConfig(id_authority=""))
    report = import_seeds(tmp_path, other)
    assert report.written == ("content/a-title.md",)
    meta = frontmatter.parse(page.read_text("utf-8"), "p").meta
    assert meta["id"] == old_id and meta["title"] == "A new title"


def test_hand_edited_page_is_kept_then_forced_with_backup(tmp_path):
    import_seeds(site(tmp_path, a=ARTICLE), CONFIG)
    page = tmp_path / "content/a-title.md"
    page.write_text(page.read_text("utf-8").replace("More text.", "Edited by hand."), "utf-8")
    site(tmp_path, a=ARTICLE.replace("More text", "New wire text"))
    report = import_seeds(tmp_path, CONFIG)
    assert report.kept_edited == ("content/a-title.md",) and "Edited by hand." in page.read_text("utf-8")
    report = import_seeds(tmp_path, CONFIG, force=True)
    assert report.backups == ("content/a-title.md.bak",) and report.written == ("content/a-title.md",)
    assert "Edited by hand." in (tmp_path / "content/a-title.md.bak").read_text("utf-8")
    assert "New wire text" in page.read_text("utf-8")


OTHER_STORY = ARTICLE.replace("MOSCOW", "KAZAN").replace("Russia said on Sunday it agreed.", "Tatarstan opened a plant.")


def test_same_title_gets_distinct_stable_slugs(tmp_path):
    report = import_seeds(site(tmp_path, a=ARTICLE, b=OTHER_STORY), CONFIG)
    assert len(set(report.written)) == 2 and all(p.startswith("content/a-title-") for p in report.written)
    again = import_seeds(site(tmp_path / "other", b=OTHER_STORY, a=ARTICLE), CONFIG)
    assert again.written == report.written


def test_the_same_story_resent_is_not_a_second_article(tmp_path):
    report = import_seeds(site(tmp_path, a=ARTICLE, b=ARTICLE), CONFIG)
    assert report.written == ("content/a-title.md",) and report.versions == ("seeds/b.txt",)


@pytest.mark.parametrize("title", ["con", "NUL", "..", "../../etc/passwd", "", "★★★"])
def test_slugs_are_path_safe(title):
    slug = article_slug(title)
    assert slug and "/" not in slug and ".." not in slug and slug not in ("con", "nul")


def test_long_title_slug_cut_at_word_boundary():
    slug = article_slug("word " * 40)
    assert len(slug) <= 80 and not slug.endswith("-") and slug.endswith("word")


@pytest.mark.parametrize("data, fatal, words", [
    (b"", True, "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00binary", True, "binary"),
    ("Title only\n", True, "no body"),
    ("Caf\u00e9 title\n\nBody text \u2014 here.\n".encode("cp1252"), False, "cp1252"),
    ("Title\n\nBody\x0b with control\n", False, "control"),
])
def test_bad_input_is_reported_and_others_still_import(tmp_path, data, fatal, words):
    report = import_seeds(site(tmp_path, bad=data, good=ARTICLE), CONFIG)
    assert "content/a-title.md" in report.written
    found = report.problems if fatal else report.warnings  # cp1252 and control characters are warnings: imported
    assert any(words in p.message for p in found) and not (report.warnings if fatal else report.problems)
    assert all(p.path == "seeds/bad.txt" for p in found)
    assert (len(report.written) == 1) == fatal


def test_bom_crlf_no_blank_lines_and_html(tmp_path):
    seeds = {"bom": "\ufeffBom title\r\n\r\nBody <script>alert(1)</script>\r\n", "flat": "Flat title\nline one\nline two\n"}
    report = import_seeds(site(tmp_path, **seeds), CONFIG)
    text = (tmp_path / "content/bom-title.md").read_text("utf-8")
    assert text.startswith("---\ntitle: Bom title\n") and "\r" not in text and "&lt;script>" in text
    assert "content/flat-title.md" in report.written


def test_enormous_file_is_skipped(tmp_path):
    report = import_seeds(site(tmp_path, big="Title\n\n" + "x" * (5 * 1024 * 1024 + 10)), CONFIG)
    assert not report.written and not report.problems and "limit" in report.warnings[0].message  # skipped, warned


def test_writes_leave_no_temporary_files(tmp_path):
    import_seeds(site(tmp_path, a=ARTICLE), CONFIG)
    assert sorted(p.name for p in (tmp_path / "content").iterdir()) == ["a-title.md"]


def test_unchanged_seed_is_not_parsed_again_even_when_the_reference_date_moves(tmp_path):
    import dataclasses
    import datetime as dt

    import_seeds(site(tmp_path, a=ARTICLE), CONFIG)
    page = tmp_path / "content/a-title.md"
    before = page.read_bytes()
    later = dataclasses.replace(CONFIG, import_=dataclasses.replace(CONFIG.import_, reference_date=dt.date(2040, 1, 1)))
    report = import_seeds(tmp_path, later)
    assert report.unchanged == ("content/a-title.md",) and not report.written
    assert page.read_bytes() == before


def test_new_seed_never_takes_another_seeds_page(tmp_path):
    import_seeds(site(tmp_path, a=ARTICLE), CONFIG)
    first = (tmp_path / "content/a-title.md").read_bytes()
    (tmp_path / "seeds/b.txt").write_text(OTHER_STORY, encoding="utf-8")  # same title, another story
    report = import_seeds(tmp_path, CONFIG)
    assert (tmp_path / "content/a-title.md").read_bytes() == first
    assert len(report.written) == 1 and report.written[0].startswith("content/a-title-")


def test_a_suffixed_slug_stays_within_the_length_limit():
    from site_builder.model import slugs

    long = slugs.article_slug("word " * 40)
    told_apart = slugs.with_suffix(long, "seeds/a.txt")
    assert len(long) <= slugs.MAX_LENGTH and len(told_apart) <= slugs.MAX_LENGTH
    assert slugs.is_valid(told_apart) and told_apart != slugs.with_suffix(long, "seeds/b.txt")


ENVOY = ("All news\n\nKazakhstan and Uzbekistan agree to expand trade — foreign ministry\n\n"
         "ASTANA, March 4. /TASS/. Kazakhstan and Uzbekistan agreed to expand trade and economic ties during the "
         "visit of the Uzbek foreign minister, the Kazakh foreign ministry said on Tuesday.\n\n"
         "The sides discussed tariffs on grain exports and bilateral relations, the ministry said. Analyst Marat "
         "Oskenbayev said the talks were routine.\n")


def test_import_explain_prints_evidence_and_rejections_and_writes_nothing(tmp_path, capsys):
    from site_builder.cli import main

    site(tmp_path, envoy=ENVOY)
    (tmp_path / "site.toml").write_text('[import]\nreference_date = 2026-11-29\n', "utf-8")
    assert main(["import", "--site", str(tmp_path), "--explain", str(tmp_path / "seeds/envoy.txt")]) == 0
    out = capsys.readouterr().out
    assert not (tmp_path / "content").exists()
    assert out.startswith("seeds/envoy.txt\n")
    assert "  section World: highest score" in out or "  section Business & economy: highest score" in out
    assert "rejected section" in out
    assert "tag Trade (subject): score" in out and "tariffs" in out  # the evidence that chose it
    assert "tag Kazakhstan (places): central" in out
    assert "rejected subject" in out
    assert "rejected Marat Oskenbayev: a person named once, in passing" in out  # an analyst quoted once: no tag
