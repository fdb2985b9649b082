import os

import pytest

from site_builder.writing.output import write_site
from site_builder.model.outputs import OutputFile, UnsafePath


def tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_writes_then_replaces_the_whole_folder(tmp_path):
    out = tmp_path / "output"
    first = write_site([OutputFile("index.html", b"a"), OutputFile("x/old.html", b"o")], out)
    assert first.written == 2
    second = write_site([OutputFile("index.html", b"a"), OutputFile("x/new.html", b"n")], out)
    assert (second.written, second.unchanged, second.removed) == (1, 1, 1)
    assert tree(out) == {"index.html": b"a", "x/new.html": b"n"}
    # beside the output only the lock and the spare folder (the previous site, reused by the next build)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.lock", ".output.spare", "output"]


def test_unchanged_files_keep_their_mtime(tmp_path):
    out = tmp_path / "output"
    write_site([OutputFile("a.html", b"same")], out)
    os.utime(out / "a.html", (1_000_000, 1_000_000))
    write_site([OutputFile("a.html", b"same")], out)
    assert (out / "a.html").stat().st_mtime == 1_000_000


def test_failure_midway_leaves_previous_output_untouched(tmp_path):
    out = tmp_path / "output"
    write_site([OutputFile("index.html", b"old")], out)

    def files():
        yield OutputFile("index.html", b"new")
        raise RuntimeError("template exploded")

    with pytest.raises(RuntimeError):
        write_site(files(), out)
    assert tree(out) == {"index.html": b"old"}


@pytest.mark.parametrize("path", ["../x.html", "/etc/passwd", "a/../../b", "", "a\\..\\b", "a/\x00b"])
def test_paths_outside_the_output_are_refused(tmp_path, path):
    with pytest.raises(UnsafePath):
        write_site([OutputFile(path, b"x")], tmp_path / "output")
    assert not (tmp_path / "x.html").exists()


def test_duplicate_outputs_are_refused(tmp_path):
    with pytest.raises(UnsafePath):
        write_site([OutputFile("a.html", b"1"), OutputFile("a.html", b"2")], tmp_path / "output")


def test_unchanged_site_is_not_swapped(tmp_path):
    out = tmp_path / "output"
    files = [OutputFile("index.html", b"a"), OutputFile("x/y.html", b"b")]
    write_site(files, out)
    inode = out.stat().st_ino
    report = write_site(files, out)
    assert (report.written, report.unchanged, report.removed) == (0, 2, 0)
    assert out.stat().st_ino == inode


def test_stray_file_in_output_is_removed(tmp_path):
    out = tmp_path / "output"
    files = [OutputFile("index.html", b"a")]
    write_site(files, out)
    (out / "stray.html").write_bytes(b"x")
    assert write_site(files, out).removed == 1
    assert not (out / "stray.html").exists()


def test_spare_folder_is_never_trusted(tmp_path):
    out = tmp_path / "output"
    write_site([OutputFile("a.html", b"1"), OutputFile("b/c.html", b"2")], out)
    write_site([OutputFile("a.html", b"1"), OutputFile("b/c.html", b"3")], out)
    spare = tmp_path / ".output.spare"
    (spare / "a.html").write_bytes(b"garbage")  # a half-finished or tampered spare
    (spare / "junk.html").write_bytes(b"x")
    (spare / "b").rename(spare / "moved")
    write_site([OutputFile("a.html", b"1"), OutputFile("b/c.html", b"4")], out)
    assert tree(out) == {"a.html": b"1", "b/c.html": b"4"}


def test_writing_the_spare_never_changes_the_live_site(tmp_path):
    out = tmp_path / "output"
    for version in (b"v1", b"v2", b"v3"):
        write_site([OutputFile("same.html", b"same"), OutputFile("page.html", version)], out)
        assert tree(out) == {"same.html": b"same", "page.html": version}


def test_spare_with_files_and_links_where_folders_belong_is_repaired(tmp_path):
    out = tmp_path / "output"
    outside = tmp_path / "outside"
    outside.mkdir()
    write_site([OutputFile("a/b/c.html", b"1"), OutputFile("d/e.html", b"2")], out)
    write_site([OutputFile("a/b/c.html", b"1"), OutputFile("d/e.html", b"3")], out)
    spare = tmp_path / ".output.spare"
    (spare / "a" / "b" / "c.html").unlink()
    (spare / "a" / "b").rmdir()
    (spare / "a" / "b").write_bytes(b"a file where a folder belongs")
    (spare / "d" / "e.html").unlink()
    (spare / "d").rmdir()
    (spare / "d").symlink_to(outside, target_is_directory=True)
    write_site([OutputFile("a/b/c.html", b"1"), OutputFile("d/e.html", b"4")], out)
    assert tree(out) == {"a/b/c.html": b"1", "d/e.html": b"4"}
    assert not (out / "d").is_symlink()
    assert list(outside.iterdir()) == []


def test_stage_places_files_rendered_elsewhere_and_counts_them(tmp_path):
    from site_builder.writing.output import staging
    from site_builder.model.outputs import KeptFile

    out = tmp_path / "output"
    write_site([OutputFile("keep.html", b"k"), OutputFile("x/old.html", b"o")], out)
    with staging(out) as stage:
        stage.prepare(["keep.html", "x/new.html", "same.html"])
        todo = stage.unplaced([KeptFile("keep.html"), OutputFile("x/new.html", b"n"), OutputFile("same.html", b"s")])
        assert [f.path for f in todo] == ["x/new.html", "same.html"]  # the mirrored spare holds keep.html already
        flags = [stage.place(f) for f in todo]
        report = stage.finish(sum(flags))
    assert flags == [True, True]
    assert (report.written, report.unchanged, report.removed) == (2, 1, 1)
    assert tree(out) == {"keep.html": b"k", "x/new.html": b"n", "same.html": b"s"}


def test_replace_live_swaps_single_files_without_touching_the_previous_site(tmp_path):
    from site_builder.writing.output import replace_live

    out = tmp_path / "output"
    write_site([OutputFile("a/page.html", b"v1"), OutputFile("b.html", b"b")], out)
    write_site([OutputFile("a/page.html", b"v1"), OutputFile("b.html", b"b2")], out)  # the spare now shares a/page.html
    assert replace_live([OutputFile("a/page.html", b"v2"), OutputFile("new/c.html", b"c")], out) == ("a/page.html", "new/c.html")
    assert tree(out) == {"a/page.html": b"v2", "b.html": b"b2", "new/c.html": b"c"}
    assert (tmp_path / ".output.spare" / "a/page.html").read_bytes() == b"v1"
    assert replace_live([OutputFile("x.html", b"x")], tmp_path / "missing") == ()
    with pytest.raises(UnsafePath):
        replace_live([OutputFile("../evil.html", b"x")], out)


def test_mirror_links_the_output_into_the_spare_around_whatever_is_in_the_way(tmp_path):
    from site_builder.writing.output import mirror

    out, spare = tmp_path / "output", tmp_path / "spare"
    for rel in ("a/b/c.html", "a/d.html", "e/f.html", "g/h.html", "top.html"):
        write_file = out / rel
        write_file.parent.mkdir(parents=True, exist_ok=True)
        write_file.write_bytes(rel.encode())
    (spare / "e").mkdir(parents=True)
    (spare / "e/f.html").write_bytes(b"stale")  # another file where the output's belongs: replaced by a link
    (spare / "g").write_bytes(b"a file where a folder belongs")  # in the way: left for prepare()
    (spare / "top.html").mkdir()  # a folder where a file belongs: left for place()
    output, mirrored = mirror(str(out), str(spare))
    for rel in ("a/b/c.html", "a/d.html", "e/f.html"):
        assert (spare / rel).stat().st_ino == (out / rel).stat().st_ino
        assert mirrored.files[rel][2] == output.files[rel][2]
    assert (spare / "g").read_bytes() == b"a file where a folder belongs" and "g/h.html" not in mirrored.files
    assert (spare / "top.html").is_dir() and "top.html" not in mirrored.files
    assert mirrored.folders == {"a", "a/b", "e", "top.html"}
    assert tree(out) == {rel: rel.encode() for rel in ("a/b/c.html", "a/d.html", "e/f.html", "g/h.html", "top.html")}


def test_site_is_right_whatever_the_spare_held_before_the_mirror(tmp_path):
    out = tmp_path / "output"
    write_site([OutputFile("a/b.html", b"1"), OutputFile("c.html", b"2")], out)
    spare = tmp_path / ".output.spare"
    (spare / "a").mkdir(parents=True, exist_ok=True)
    (spare / "a/b.html").write_bytes(b"garbage")
    (spare / "c.html").mkdir()
    write_site([OutputFile("a/b.html", b"1"), OutputFile("c.html", b"3"), OutputFile("d/e.html", b"4")], out)
    assert tree(out) == {"a/b.html": b"1", "c.html": b"3", "d/e.html": b"4"}
