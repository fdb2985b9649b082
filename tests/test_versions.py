"""Story versions: an UPDATE/REFILE/CORRECTED/resent seed updates its story's page in place; a kill notice withdraws it."""
import datetime as dt
import json
from pathlib import Path

from lxml import etree

from site_builder.reading import frontmatter
from site_builder.build import BuildOptions, build
from site_builder.config.options import Config
from site_builder.importing.seeds import import_seeds

SET = Path(__file__).resolve().parent / "wire-modern"
UTC = dt.timezone.utc
FIRST = dt.datetime(2026, 12, 1, 9, 12, tzinfo=UTC)
SECOND = dt.datetime(2026, 12, 1, 14, 5, tzinfo=UTC)
ATOM = "{http://www.w3.org/2005/Atom}"


def seed(site: Path, name: str, story: str) -> None:
    (site / "seeds").mkdir(parents=True, exist_ok=True)
    (site / "seeds" / f"{name}.txt").write_text((SET / f"{story}.txt").read_text("utf-8"), "utf-8")


def pages(site: Path) -> dict[str, dict]:
    return {p.name: dict(frontmatter.parse(p.read_text("utf-8"), p.name).meta) for p in (site / "content").glob("*.md")}


def test_update_1_updates_the_page_in_place(tmp_path):
    seed(tmp_path, "opec", "reuters-opec")
    first = import_seeds(tmp_path, Config(), now=FIRST)
    (name,) = [Path(p).name for p in first.written]
    before = pages(tmp_path)[name]
    seed(tmp_path, "opec-update1", "reuters-opec-update1")
    report = import_seeds(tmp_path, Config(), now=SECOND)
    assert report.versions == ("seeds/opec-update1.txt",) and report.written == (f"content/{name}",)
    after = pages(tmp_path)
    assert list(after) == [name]
    meta = after[name]
    assert (meta["slug"], meta["id"], meta["date"], meta["received"]) == (
        before["slug"], before["id"], before["date"], before["received"])
    assert meta["updated"] == SECOND and meta["advisory"] == "Adds analyst comment in paragraph 4, updates prices"
    assert meta["seed"] == "seeds/opec-update1.txt" and meta["versions"] == ["seeds/opec.txt"]
    assert "Demand in China" in (tmp_path / "content" / name).read_text("utf-8")
    assert meta["title"] == "OPEC+ extends output cuts to end of March"  # no UPDATE 1- in the headline
    again = import_seeds(tmp_path, Config(), now=SECOND + dt.timedelta(days=3))
    assert not again.written and again.unchanged == (f"content/{name}",)  # both seeds: nothing to do


def test_story_and_its_update_in_one_run_make_one_article_and_one_feed_item_marked_updated(tmp_path):
    seed(tmp_path, "b-opec", "reuters-opec")
    seed(tmp_path, "a-opec-update1", "reuters-opec-update1")  # sorts first by name, but UPDATE 1 comes after
    build(BuildOptions(site_dir=tmp_path, now=SECOND))  # both arrive now: the update is found by its headline
    (meta,) = pages(tmp_path).values()
    assert meta["seed"] == "seeds/a-opec-update1.txt" and meta["versions"] == ["seeds/b-opec.txt"]
    atom = etree.parse(str(tmp_path / "output" / "atom.xml")).getroot()
    entries = atom.findall(f"{ATOM}entry")
    assert len(entries) == 1
    items = json.loads((tmp_path / "output" / "feed.json").read_text("utf-8"))["items"]
    assert len(items) == 1


def test_update_is_marked_in_the_feeds_and_on_the_page(tmp_path):
    seed(tmp_path, "opec", "reuters-opec")
    import_seeds(tmp_path, Config(), now=FIRST)
    seed(tmp_path, "opec-update1", "reuters-opec-update1")
    import_seeds(tmp_path, Config(), now=SECOND)
    build(BuildOptions(site_dir=tmp_path, now=SECOND + dt.timedelta(hours=1), run_import=False))
    atom = etree.parse(str(tmp_path / "output" / "atom.xml")).getroot()
    (entry,) = atom.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}published") < entry.findtext(f"{ATOM}updated")
    assert dt.datetime.fromisoformat(entry.findtext(f"{ATOM}updated")) == SECOND
    (page,) = (tmp_path / "output" / "articles").glob("*/index.html")
    html = " ".join(page.read_text("utf-8").split())
    assert ">14:05</time><span class=\"advisory\" dir=\"auto\">: adds analyst comment in paragraph 4" in html


def test_hand_edited_page_is_never_overwritten_by_a_new_version(tmp_path):
    seed(tmp_path, "opec", "reuters-opec")
    (written,) = import_seeds(tmp_path, Config(), now=FIRST).written
    page = tmp_path / written
    page.write_text(page.read_text("utf-8").replace("Brent crude", "Brent crude (edited)"), "utf-8")
    edited = page.read_bytes()
    seed(tmp_path, "opec-update1", "reuters-opec-update1")
    report = import_seeds(tmp_path, Config(), now=SECOND)
    assert report.kept_edited == (written,) and not report.written and page.read_bytes() == edited
    assert len(list((tmp_path / "content").glob("*.md"))) == 1


def test_kill_notice_withdraws_the_story_from_lists_and_feeds(tmp_path):
    seed(tmp_path, "kenya", "reuters-corrected")
    seed(tmp_path, "opec", "reuters-opec")
    import_seeds(tmp_path, Config(), now=FIRST)
    seed(tmp_path, "kenya-kill", "reuters-withdrawn")
    report = import_seeds(tmp_path, Config(), now=SECOND)
    assert report.withdrawn == ("seeds/kenya-kill.txt",)
    kenya = next(m for m in pages(tmp_path).values() if m["place"] == "Nairobi")
    assert kenya["withdrawn"] is True and kenya["title"] == "Kenya central bank cuts key rate to 9.25%"
    build(BuildOptions(site_dir=tmp_path, now=SECOND + dt.timedelta(hours=1), run_import=False))
    out = tmp_path / "output"
    page = (out / "articles" / kenya["slug"] / "index.html").read_text("utf-8")
    assert "This story has been withdrawn." in page
    for listing in ("index.html", "atom.xml", "feed.xml", "feed.json", "sitemap.xml"):
        text = (out / listing).read_text("utf-8")
        assert kenya["slug"] not in text, listing
        assert "opec" in text.lower(), listing


def test_kill_notice_for_an_unknown_story_is_reported_not_imported(tmp_path):
    seed(tmp_path, "kenya-kill", "reuters-withdrawn")
    report = import_seeds(tmp_path, Config(), now=SECOND)
    assert not report.written and not report.problems and "not on the site" in report.warnings[0].message


def test_a_changed_seed_marks_its_page_updated_at_the_import(tmp_path):
    seed(tmp_path, "opec", "reuters-opec")
    (written,) = import_seeds(tmp_path, Config(), now=FIRST).written
    path = tmp_path / "seeds" / "opec.txt"
    path.write_text(path.read_text("utf-8").replace("64 cents", "66 cents"), "utf-8")
    import_seeds(tmp_path, Config(), now=SECOND)
    assert pages(tmp_path)[Path(written).name]["updated"] == SECOND


def test_a_resent_copy_or_a_forced_reimport_is_no_update(tmp_path):
    seed(tmp_path, "opec", "reuters-opec")
    (written,) = import_seeds(tmp_path, Config(), now=FIRST).written
    import_seeds(tmp_path, Config(), now=SECOND, force=True)  # the same text parsed again
    assert "updated" not in pages(tmp_path)[Path(written).name]
    seed(tmp_path, "opec-resent", "reuters-opec")
    report = import_seeds(tmp_path, Config(), now=SECOND)
    meta = pages(tmp_path)[Path(written).name]
    assert report.versions == ("seeds/opec-resent.txt",) and "updated" not in meta
    assert meta["versions"] == ["seeds/opec.txt"] and len(pages(tmp_path)) == 1


def test_shared_wording_alone_never_merges_two_stories():
    # Two daily reports from one place on one day share their template: without a version
    # marker (slug prefix or advisory) and with another headline they stay two stories.
    import datetime as dt
    from site_builder.importing.versions import StoryFacts, is_version_of

    day = dt.date(2026, 12, 1)
    text = "The rouble firmed against the dollar in early trade on the Moscow Exchange, dealers said on Tuesday."
    morning = StoryFacts("Rouble firms in early trade", "Moscow", "Interfax", day, text)
    evening = StoryFacts("Rouble closes higher", "Moscow", "Interfax", day, text + " It closed at 78.1.")
    assert not is_version_of(evening, morning)
    update = StoryFacts("Rouble closes higher", "Moscow", "Interfax", day, text + " It closed at 78.1.", marked=True)
    assert is_version_of(update, morning)
