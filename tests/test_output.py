import os

import pytest

from site_builder.output import OutputFile, UnsafePath, write_site


def tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_writes_then_replaces_the_whole_folder(tmp_path):
    out = tmp_path / "output"
    first = write_site([OutputFile("index.html", b"a"), OutputFile("x/old.html", b"o")], out)
    assert first.written == 2
    second = write_site([OutputFile("index.html", b"a"), OutputFile("x/new.html", b"n")], out)
    assert (second.written, second.unchanged, second.removed) == (1, 1, 1)
    assert tree(out) == {"index.html": b"a", "x/new.html": b"n"}
    assert [p.name for p in tmp_path.iterdir()] == ["output"]  # no staging left behind


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
    assert [p.name for p in tmp_path.iterdir()] == ["output"]


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
