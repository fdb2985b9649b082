"""An incremental rebuild is only an optimisation: after any sequence of changes it
writes exactly what a clean build of the same inputs writes."""
import datetime as dt
import random
import shutil

import pytest

from site_builder.memo import incremental
from site_builder.build import BuildOptions, build
from site_builder.writing.output import listing
from tests.conftest import article, write

NOW = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
TAGS = ["Kazakhstan", "trade", "Afghanistan", "United Nations", "energy", "Taliban"]


def tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def clean_build(site, tmp_path_factory):
    """Build a copy of the site's inputs with no cache and no previous output."""
    copy = tmp_path_factory.mktemp("clean")
    for name in ("content", "templates", "static"):
        if (site / name).exists():
            shutil.copytree(site / name, copy / name)
    shutil.copy(site / "site.toml", copy / "site.toml")
    build(BuildOptions(site_dir=copy, now=NOW))
    return tree(copy / "output")


def random_article(rng, n):
    tags = rng.sample(TAGS, rng.randint(0, 3))
    day = rng.randint(1, 28)
    month = rng.randint(1, 12)
    return article(f"Story {n} {rng.random():.3f}", f"2021-{month:02d}-{day:02d}T{rng.randint(0, 23):02d}:00:00Z", tags,
                   body=f"Paragraph {rng.random()}.\n\n[self](#x) and [rel](../other/)")


def mutate(site, rng, step):
    """One random change of the kinds an author makes."""
    files = sorted((site / "content").glob("*.md"))
    kind = rng.choice(["add", "edit", "delete", "rename", "template", "config", "retag", "noop"])
    if kind == "add" or not files:
        write(site / f"content/new-{step}.md", random_article(rng, step))
    elif kind == "edit":
        path = rng.choice(files)
        path.write_text(path.read_text() + f"\nMore text {step}.\n")
    elif kind == "delete":
        rng.choice(files).unlink()
    elif kind == "rename":
        path = rng.choice(files)
        path.rename(path.with_name(f"renamed-{step}.md"))
    elif kind == "template":
        write(site / "templates/teaser.html",
              f"<article><h2><a href=\"{{{{ routes.article(article.slug) | url }}}}\">{{{{ article.title }}}}</a></h2><p>v{step}</p></article>\n")
    elif kind == "config":
        write(site / "site.toml", f'title = "News {step}"\nbase_url = "https://user.github.io/repo/"\nper_page = {rng.randint(2, 5)}\n'
                                   f'[feeds]\nlimit = {rng.randint(2, 6)}\n')
    elif kind == "retag":
        path = rng.choice(files)
        write(path, random_article(rng, step))
    return kind


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_any_sequence_of_changes_builds_like_a_clean_build(site, tmp_path_factory, seed):
    rng = random.Random(seed)
    write(site / "site.toml", 'title = "News"\nbase_url = "https://user.github.io/repo/"\nper_page = 3\n[feeds]\nlimit = 4\n')
    for n in range(8):
        write(site / f"content/a{n}.md", random_article(rng, n))
    build(BuildOptions(site_dir=site, now=NOW))
    kinds = []
    for step in range(6):
        kinds.append(mutate(site, rng, step))
        build(BuildOptions(site_dir=site, now=NOW))
        assert tree(site / "output") == clean_build(site, tmp_path_factory), f"after {kinds}"
        assert stale_records(site) == [], f"after {kinds}"


def stale_records(site):
    """Outputs whose recorded (size, mtime) is not the file's: the next build would render them for nothing."""
    manifest = incremental.load(site, site / "output")
    found = listing(site / "output")
    return sorted(path for path, entry in manifest.entries.items() if found.get(path) != entry[1:])


def test_files_rewritten_over_shared_links_are_recorded_as_written(site):
    """A file the spare folder shared with the output and this build rewrote is recorded by its new stat."""
    for n in range(4):
        write(site / f"content/a{n}.md", article(f"T{n}", f"2021-01-0{n + 1}", ["x"]))
    for step in range(4):  # each build rewrites files the previous build kept (so the spare shares them)
        write(site / f"content/a{step}.md", article(f"T{step} edited", f"2021-01-0{step + 1}", ["x", f"t{step}"]))
        build(BuildOptions(site_dir=site, now=NOW))
        assert stale_records(site) == []


def test_hand_edited_output_file_is_rendered_again(site):
    for n in range(3):
        write(site / f"content/a{n}.md", article(f"T{n}", f"2021-01-0{n + 1}", ["x"]))
    build(BuildOptions(site_dir=site, now=NOW))
    before = tree(site / "output")
    (site / "output/tags/x/atom.xml").write_bytes(b"tampered")
    build(BuildOptions(site_dir=site, now=NOW))
    assert tree(site / "output") == before


def test_deleted_output_file_is_written_again(site):
    write(site / "content/a.md", article("T", "2021-01-01", ["x"]))
    build(BuildOptions(site_dir=site, now=NOW))
    before = tree(site / "output")
    (site / "output/feed.json").unlink()
    build(BuildOptions(site_dir=site, now=NOW))
    assert tree(site / "output") == before


def test_related_stories_sections_and_authors_stay_current_incrementally(tmp_path, tmp_path_factory):
    """A new story changes other pages' related links, a section's pages and an author's existence:
    the incremental build must write what a clean build writes (issue 18)."""
    site = tmp_path / "site"
    write(site / "site.toml", 'base_url = "https://user.github.io/repo/"\nper_page = 2\n[theme]\nhome_sections = 1\n')
    stories = [("Grain ships sail", ["Ukraine", "Black Sea", "Trade"], "World", ["Olena Koval"]),
               ("Insurers cut premiums", ["Black Sea", "Trade", "Insurance"], "Business", ["Mark Hale"]),
               ("Cup final", ["Arsenal", "Football"], "Sport", []),
               ("Rates on hold", ["Economy", "Interest rates"], "Business", []),
               ("Snow in Moscow", ["Moscow", "Weather"], "World", [])]
    for n, (title, tags, section, authors) in enumerate(stories):
        write(site / "content" / f"s{n}.md", article(title, f"2029-12-0{n + 1}T09:00:00Z", tags, section=section,
                                                     authors=authors))
    build(BuildOptions(site_dir=site, now=NOW))
    assert "More on this story" not in (site / "output/articles/s0/index.html").read_text("utf-8")
    write(site / "content" / "s9.md", article("Corridor reopens", "2029-12-09T09:00:00Z",
                                              ["Ukraine", "Black Sea", "Trade"], section="Politics",
                                              authors=["Olena Koval"]))
    build(BuildOptions(site_dir=site, now=NOW))
    after = tree(site / "output")
    assert "More on this story" in after["articles/s0/index.html"].decode()
    assert "authors/olena-koval/index.html" in after and "sections/politics/index.html" in after
    assert after == clean_build(site, tmp_path_factory)
    (site / "content" / "s9.md").unlink()
    build(BuildOptions(site_dir=site, now=NOW))
    assert tree(site / "output") == clean_build(site, tmp_path_factory)
