"""Incremental builds: the cache in build/.cache/ saves work and never changes a byte of output."""

import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time

import pikepdf
import pypdf
import pytest

from conftest import EPOCH, MINIMAL_YAML, REPO, write_project
from publish.build import build
from publish.cache import Cache
from publish.manifest import up_to_date
from publish.manuscript import _manuscript_files, _read_text
from publish.manuscript_cache import _typeset_whole, chunks_are_independent, split_chunks, typeset_document
from publish.metadata import load_metadata

BODY = {
    "a.md": "# First\n\nOne *two* three, “quoted” -- and more.\n\n# Second\n\nFour five.[^n]\n\n[^n]: A note.\n",
    "b.md": "# Third\n\nSix seven eight.\n\n## A part\n\nNine ten.\n",
}


def digest(folder):
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file() and ".cache" not in p.parts
    }


def stamps(folder):
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file() and ".cache" not in p.parts}


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = write_project(tmp_path / "book", MINIMAL_YAML, BODY)
    shutil.copytree(REPO / "styles", root / "styles")
    return root


def clean_build(root, tmp_path):
    """The same project built from nothing elsewhere: what an incremental build must equal."""
    copy = tmp_path / "clean"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("build"))
    build(copy)
    return digest(copy / "build")


def test_noop_build_touches_nothing_and_renders_nothing(project, monkeypatch):
    build(project)
    before = stamps(project / "build")

    def boom(*args, **kwargs):
        raise AssertionError("a no-op build loaded the manuscript or an edition")

    monkeypatch.setattr("publish.manuscript.load_book", boom)
    monkeypatch.setattr("publish.build.editions", boom)
    result = build(project)
    assert result.written == ()
    assert sorted(p.name for p in result.unchanged) == ["a-small-book.epub", "a-small-book.pdf", "index.html"]
    assert stamps(project / "build") == before


def test_force_builds_everything_again(project):
    build(project)
    first = digest(project / "build")
    result = build(project, force=True)
    assert len(result.written) == 3 and not result.unchanged
    assert digest(project / "build") == first


def test_one_word_correction_equals_a_clean_build(project, tmp_path):
    build(project)
    source = project / "manuscript" / "b.md"
    source.write_text(source.read_text().replace("seven", "severn"))
    result = build(project)
    assert len(result.written) == 3
    after = digest(project / "build")
    assert after == clean_build(project, tmp_path)
    text = (project / "build" / "html" / "third.html").read_text()
    assert "severn" in text and "seven" not in text


def test_a_correction_in_a_chapter_with_code_equals_a_clean_build(project, tmp_path, caplog):
    """pandoc numbers code blocks cb1, cb2 … over the document; a chapter converted alone after a
    correction started again at cb1: its block became 'cb1-2', with a warning of an id given twice
    that the author never wrote, and the editions differed from a clean build's."""
    for name, word in (("a.md", "one"), ("b.md", "three")):
        source = project / "manuscript" / name
        source.write_text(source.read_text() + f"\n```python\nprint('{word}')\n```\n")
    build(project)
    source = project / "manuscript" / "b.md"
    source.write_text(source.read_text().replace("seven", "severn"))
    with caplog.at_level(logging.WARNING, logger="publish"):
        build(project)
    assert "given twice" not in caplog.text
    page = (project / "build" / "html" / "third.html").read_text()
    assert 'id="cb2"' in page and 'href="#cb2-1"' in page
    assert digest(project / "build") == clean_build(project, tmp_path)


def test_a_stylesheet_change_rebuilds_only_its_edition(project):
    build(project)
    css = project / "styles" / "screen.css"
    css.write_text(css.read_text() + "\n.corrected { color: red; }\n")
    result = build(project)
    assert [p.name for p in result.written] == ["index.html"]
    assert sorted(p.suffix for p in result.unchanged) == [".epub", ".pdf"]
    assert ".corrected" in (project / "build" / "html" / "assets" / "book.css").read_text()


def test_a_print_stylesheet_change_is_typeset_by_the_same_process(project):
    """`publish watch`'s background builder builds again and again in one process, keeping
    WeasyPrint loaded: a changed print.css must not meet the stylesheets of the build before."""
    build(project, formats=("pdf",))
    css = project / "styles" / "print.css"
    css.write_text(css.read_text() + '\n.chapter h1::after { content: " Zanzibar"; }\n')
    build(project, formats=("pdf",))
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(project / "build" / "a-small-book.pdf").pages)
    assert "First Zanzibar" in text


def test_damaged_outputs_and_cache_are_rebuilt_not_trusted(project, tmp_path, caplog):
    build(project)
    good = digest(project / "build")
    cache = project / "build" / ".cache"
    # A damaged output: the edition is made again.
    (project / "build" / "html" / "index.html").write_text("tampered")
    result = build(project)
    assert [p.name for p in result.written] == ["index.html"]
    assert digest(project / "build") == good
    # Every cache entry damaged (one byte of payload changed), then a correction.
    for entry in cache.rglob("*"):
        if entry.is_file():
            data = bytearray(entry.read_bytes())
            data[-2] ^= 0x20
            entry.write_bytes(bytes(data))
    source = project / "manuscript" / "a.md"
    source.write_text(source.read_text().replace("three", "thre"))
    with caplog.at_level(logging.WARNING, logger="publish"):
        result = build(project)
    assert "damaged" in caplog.text
    assert len(result.written) == 3
    assert digest(project / "build") == clean_build(project, tmp_path)


def test_caches_stay_inside_the_project(project, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv("PUBLISH_CACHE_DIR", raising=False)
    from publish import fontsubset

    monkeypatch.setattr(fontsubset, "_memory", {})
    build(project)
    assert list(home.rglob("*")) == []
    fonts = list((project / "build" / ".cache" / "fonts").iterdir())
    assert fonts and all(f.stat().st_size > 1000 for f in fonts)


def _texts(folder):
    meta = load_metadata(folder / "book.yaml")
    return meta, [_read_text(p) for p in _manuscript_files(folder, meta)]


@pytest.mark.parametrize("folder", ["manuscript", "tests/manuscripts/edge-cases", "tests/manuscripts/pandoc-features"])
def test_chapter_cache_gives_the_whole_reading(folder):
    """Cold, warm and after a one-word change: always the AST of reading the whole text at once."""
    meta, texts = _texts(REPO / folder)
    args = (meta.language, meta.typography)
    whole = _typeset_whole("\n\n".join(texts), *args, "x")
    with tempfile.TemporaryDirectory() as tmp:
        cache = Cache(__import__("pathlib").Path(tmp))
        assert typeset_document(texts, *args, cache, "x") == whole
        assert typeset_document(texts, *args, cache, "x") == whole
        changed = [texts[0].replace(" the ", " thee ", 1), *texts[1:]]
        cache.hits = cache.misses = 0
        assert typeset_document(changed, *args, cache, "x") == _typeset_whole("\n\n".join(changed), *args, "x")
        if folder == "manuscript":  # the seed: eleven chapters, one read again
            assert (cache.hits, cache.misses) == (len(split_chunks("\n\n".join(texts))) - 1, 1)


@pytest.mark.parametrize(("text", "independent"), [
    ("# A\n\nx[^1]\n\n[^1]: n\n\n# B\n\ny\n", True),
    ("# A\n\nx[^1]\n\n# B\n\n[^1]: n\n", False),  # a note defined in another chapter
    ("# A\n\nsee [the map]\n\n# B\n\n[the map]: map.png\n", False),  # a reference link across
    ("# A\n\nsee [B]\n\n# B\n\ny\n", False),  # an implicit heading reference across
    ("# A\n\n::: note\n\n# B\n\n:::\n", False),  # a div open across the cut
    ("# A\n\n(@) one\n\n# B\n\n(@) two\n", False),  # example lists number across
    ("# A\n\n```\n\n# not a heading\n```\n", False),  # one chunk only
])
def test_chunks_are_cut_only_where_nothing_crosses(text, independent):
    assert chunks_are_independent(split_chunks(text)) is independent


def test_split_chunks_round_trips():
    text = "\n\nintro\n\n# A\ntext\n# not cut: no blank line before\n\n# B\n\n```\n\n# in code\n```\n"
    chunks = split_chunks(text)
    assert "\n".join(chunks) == text
    assert [c.strip().split("\n")[0] for c in chunks] == ["intro", "# A", "# B"]


def test_manifest_is_json_with_hashes(project):
    build(project)
    folder = project / "build" / ".cache" / "manifest"
    entries = [json.loads(p.read_bytes().split(b"\n", 2)[2]) for p in folder.iterdir()]
    assert len(entries) == 1 and set(entries[0]["editions"]) == {"pdf", "epub", "html"}
    pdf = project / "build" / "a-small-book.pdf"
    assert entries[0]["editions"]["pdf"]["files"] == [[pdf.name, hashlib.sha256(pdf.read_bytes()).hexdigest()]]
    assert entries[0]["editions"]["pdf"]["pages"] == len(pikepdf.open(pdf).pages)
    assert len(entries[0]["snapshot"]) == 64


def test_quick_check_answers_before_the_book_or_any_library_loads(project):
    build(project)
    probe = ("import sys; from publish.cli import main; code = main(['build', sys.argv[1]]); "
             "print(sorted(m for m in ('publish.build', 'publish.manuscript', 'weasyprint', 'yaml', 'pikepdf') "
             "if m in sys.modules)); sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", probe, str(project)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert "Up to date in" in done.stderr and "a-small-book.pdf (" in done.stderr and " pages)" in done.stderr


def test_quick_check_sees_every_change(project, monkeypatch):
    build(project)
    out = project / "build"
    formats = ("pdf", "epub", "html")

    def quick(formats=formats, printer=False):
        return up_to_date(project, None, formats, printer)

    assert quick() is not None
    assert sorted(p.name for p in quick()[0]) == ["a-small-book.epub", "a-small-book.pdf", "index.html"]
    # Each change makes the quick check hand over to the full one; undoing it makes it answer again.
    for path in (project / "manuscript" / "b.md", project / "styles" / "print.css", out / "html" / "index.html"):
        original = path.read_bytes()
        path.write_bytes(original + b" ")
        assert quick() is None, path
        path.write_bytes(original)
        assert quick() is not None
    extra = project / "manuscript" / "images" / "new.png"
    extra.parent.mkdir()
    extra.write_bytes(b"not yet used")
    assert quick() is None
    shutil.rmtree(extra.parent)
    assert quick() is not None
    assert quick(("html",)) is None and quick(printer=True) is None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000001")
    assert quick() is None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setattr("publish.manifest.code_digest", lambda: "another publish")
    monkeypatch.setattr("publish.manifest.code_files", lambda: [])  # its modules' files are stamped
    assert quick() is None
    monkeypatch.undo()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setattr("publish.manifest._installed_tools", lambda: ["weasyprint-99.0.dist-info"])
    assert quick() is None


def test_quick_check_reads_no_file_while_the_stamp_holds(project, monkeypatch):
    time.sleep(0.1)  # the project was just written: a clock tick passes, as before any real build
    build(project)  # it keeps a stamp of its inputs' and outputs' sizes, times and inodes
    source = project / "manuscript" / "b.md"
    text = source.read_bytes()
    with monkeypatch.context() as m:
        m.setattr("publish.manifest.files_digest", lambda *a: pytest.fail("a file was read"))
        m.setattr("publish.manifest.sha256", lambda *a: pytest.fail("a file was read"))
        assert up_to_date(project, None, ("pdf", "epub", "html"), False) is not None
        # An edit that keeps the size and puts the time back still changes the inode's ctime.
        before = source.stat()
        source.write_bytes(text.replace(b"Six", b"Sox"))
        os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
        with pytest.raises(pytest.fail.Exception, match="a file was read"):
            up_to_date(project, None, ("pdf", "epub", "html"), False)
    assert up_to_date(project, None, ("pdf", "epub", "html"), False) is None
    source.write_bytes(text)
    # Changed within the clock's tick (here: stamped a second ahead): the stamp cannot stand yet,
    # as a change in the same tick would leave the times as they are; the contents are read.
    os.utime(source, ns=(time.time_ns() + 10**9,) * 2)
    assert up_to_date(project, None, ("pdf", "epub", "html"), False) is not None
    assert manifest_entry(project)["stamp"] is None
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    time.sleep(0.1)  # the tick after that change (its ctime) has passed
    assert up_to_date(project, None, ("pdf", "epub", "html"), False) is not None
    assert len(manifest_entry(project)["stamp"]) == 64
    # A build that looked at an input within its tick leaves no stamp, however long it then takes.
    source.write_bytes(text.replace(b"Six", b"Sax"))
    os.utime(source, ns=(time.time_ns() + 10**9,) * 2)
    build(project)
    time.sleep(1.1)
    assert manifest_entry(project)["stamp"] is None
    assert up_to_date(project, None, ("pdf", "epub", "html"), False) is not None  # read, then stamped
    assert len(manifest_entry(project)["stamp"]) == 64


def manifest_entry(project):
    (path,) = (project / "build/.cache/manifest").iterdir()
    return json.loads(path.read_bytes().split(b"\n", 2)[2])


def test_a_cache_entry_the_disk_cannot_hold_leaves_no_temporary(tmp_path, monkeypatch):
    """A full disk left a half-written .XXXXXXXX.tmp behind each entry it could not take (40 in
    build/.cache of a book on a full disk, filling it further)."""
    import errno

    cache = Cache(tmp_path / "cache")

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    cache.put("pdf-part", "abc", b"x" * 1000)
    assert [p.name for p in (tmp_path / "cache").rglob("*") if p.is_file()] == []
