"""Broken and hostile input through the real CLI: exit 2, a message naming the place, no traceback."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EPOCH, MINIMAL_YAML, REPO, write_project

ONE = "# One\n\nHello, world.\n"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), SOURCE_DATE_EPOCH=EPOCH)
    return subprocess.run([sys.executable, "-m", "publish", *args], capture_output=True, text=True,
                          env=env, timeout=300)


def editions(root: Path) -> list[str]:
    """What a build wrote for readers (the cache and the lock are the build's own)."""
    out = root / "build"
    return sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) if out.exists() else []


def png(size=(40, 30)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def _project(tmp_path: Path, yaml: str = MINIMAL_YAML, files: dict | None = None) -> Path:
    files = files or {"one.md": ONE}
    write_project(tmp_path, yaml, {k: v for k, v in files.items() if isinstance(v, str)})
    for name, data in files.items():
        if isinstance(data, bytes):
            (tmp_path / "manuscript" / name).write_bytes(data)
    return tmp_path


CASES = {
    # name: (book.yaml, files, words the message must contain)
    "yaml-syntax": (MINIMAL_YAML + "bad: [unclosed\n", None, ["book.yaml:", "YAML syntax error"]),
    "wrong-type": (MINIMAL_YAML.replace("number: 3", "number: three"), None, ["book.yaml:5", "series.number"]),
    "out-of-range": (MINIMAL_YAML.replace("number: 3", "number: 13"), None, ["book.yaml:5", "series.number"]),
    "yaml-bomb": (MINIMAL_YAML + 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: [*b,*b]\n', None,
                  ["book.yaml:", "b[0]", "aliases"]),
    "python-tag": (MINIMAL_YAML + "subtitle: !!python/name:os.system\n", None,
                   ["book.yaml:7", "subtitle", "cannot read"]),
    "files-outside": (MINIMAL_YAML + "files: [../../etc/passwd]\n", None, ["book.yaml", "files[0]", "outside"]),
    "binary": (MINIMAL_YAML, {"one.md": b"# One\n\x00\x01\x02\xff"}, ["one.md", "binary"]),
    "latin-1": (MINIMAL_YAML, {"one.md": "# One\n\nCaf\xe9\n".encode("latin-1")}, ["one.md:3", "UTF-8"]),
    "empty": (MINIMAL_YAML, {"one.md": " \n\n"}, ["one.md", "empty"]),
    # pandoc's test 7400: a file that is only a metadata block made an EPUB of no chapters and
    # stopped the web edition with Pagefind's "the directory … did not contain any html files".
    "sweepP-metadata-only": (MINIMAL_YAML, {"one.md": "---\n# a comment\n...\n"}, ["one.md", "nothing to print"]),
    "sweepP-comment-only": (MINIMAL_YAML, {"one.md": "<!-- to do -->\n"}, ["one.md", "nothing to print"]),
    "huge": (MINIMAL_YAML, {"one.md": b"# One\n\n" + b"word " * 4_100_000}, ["one.md", "limit"]),
    "megabyte-line": (MINIMAL_YAML, {"one.md": "# One\n\n" + "word " * 210_000 + "\n"}, ["one.md:3", "characters"]),
    "10000-quotes": (MINIMAL_YAML, {"one.md": "# One\n\n" + "> " * 10_000 + "deep\n"}, ["one.md:3", "nested"]),
    "10000-lists": (MINIMAL_YAML, {"one.md": "# One\n\n" + "- " * 10_000 + "item\n"}, ["one.md:3", "nested"]),
    "indented-lists": (MINIMAL_YAML, {"one.md": "# One\n\n" + "".join("  " * i + "- item\n" for i in range(60))},
                       ["one.md:", "nested"]),
    "html-nesting": (MINIMAL_YAML, {"one.md": "# One\n\n" + "<div>" * 500 + "x" + "</div>" * 500 + "\n"},
                     ["one.md:3", "nested"]),
    "fenced-divs": (MINIMAL_YAML, {"one.md": "# One\n\n" + "".join(f"::: d{i}\n" for i in range(40)) + "x\n"},
                    ["one.md:", "nested"]),
    # pandoc's Markdown reader takes ~3^n time on n nested brackets: 12 would run for minutes.
    "nested-brackets": (MINIMAL_YAML, {"one.md": "# One\n\n" + "[" * 30 + "x\n"}, ["one.md:3", "brackets"]),
    "image-missing": (MINIMAL_YAML, {"one.md": "# One\n\n![A map](nope.png)\n"}, ["one.md:3", "nope.png"]),
    "image-not-png": (MINIMAL_YAML, {"one.md": "# One\n\n![A map](map.png)\n", "map.png": b"GIF89a, not really"},
                      ["one.md:3", "map.png"]),
    "image-truncated": (MINIMAL_YAML, {"one.md": "# One\n\n![A map](map.png)\n", "map.png": png((400, 300))[:300]},
                        ["one.md:3", "map.png"]),
    # pandoc's test 5368: three pictures missing took three builds to learn of, one at a time.
    "image-three-missing-sweepP": (MINIMAL_YAML, {"one.md": "# One\n\n![a](a.png)\n\n![b](b.png)\n\n![c](c.png)\n"},
                                   ["one.md:3: image 'a.png' does not exist; also one.md:5: image 'b.png'",
                                    "one.md:7: image 'c.png' does not exist"]),
    "image-outside": (MINIMAL_YAML, {"one.md": "# One\n\n![x](../../../../../etc/passwd)\n"},
                      ["one.md:3", "outside"]),
}
# Images are checked once before any edition renders: the print edition alone must refuse them too.
FORMATS = {name: "pdf" if name.startswith("image") else "html" for name in CASES}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_a_clear_error(tmp_path: Path, case: str) -> None:
    yaml, files, words = CASES[case]
    root = _project(tmp_path, yaml, files)
    started = time.monotonic()
    done = run_cli("build", str(root), "--format", FORMATS[case])
    assert done.returncode == 2, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    message = done.stderr.split("error:", 1)[-1]
    for word in words:
        assert word in message, (word, message)
    assert editions(root) == []
    assert time.monotonic() - started < 60  # limits answer before the slow tools run


def test_many_autolinks_are_not_taken_for_open_html_tags(tmp_path: Path) -> None:
    """Each `<https://…>` (and `<someone@example.org>`) counted as an HTML tag left open: a book
    with 33 addresses in its notes stopped with "nested 33 deep, above the limit of 32"."""
    notes = "".join(f"A claim.[^{n}]\n\n[^{n}]: See <https://archive.example.org/doc-{n}.pdf> or "
                    f"<keeper{n}@example.org>.\n\n" for n in range(40))
    root = _project(tmp_path, MINIMAL_YAML, {"one.md": "# One\n\n" + notes + "<div>\n\n<div>Inside.</div>\n\n</div>\n"})
    done = run_cli("build", str(root), "--format", "html")
    assert done.returncode == 0, done.stderr[-2000:]
    page = (root / "build" / "html" / "one.html").read_text(encoding="utf-8")
    assert 'href="https://archive.example.org/doc-39.pdf"' in page and "mailto:keeper39@example.org" in page


def test_a_chapter_of_a_processing_instruction_alone_prints(tmp_path: Path) -> None:
    """pandoc's test 3123 (`<?php echo "1" ; ?>`, raw HTML pandoc keeps): the print edition's
    page estimate parsed the chapter as a document, and lxml's "Document is empty" was a crash."""
    root = _project(tmp_path, MINIMAL_YAML, {"one.md": '# One\n\n<?php echo "1" ; ?>\n'})
    done = run_cli("build", str(root), "--format", "pdf")
    assert done.returncode == 0, done.stderr[-2000:]
    assert editions(root) == ["a-small-book.pdf"]


def test_control_characters_are_left_out_of_every_edition(tmp_path: Path) -> None:
    """pandoc's test 5119 (`h&#x4;i`) and Word's line break (a vertical tab) pasted into the text:
    the print edition crashed ("All strings must be XML compatible") and the web page held the
    characters, which no HTML may (Nu: "Forbidden code point U+0004"). Gone now; a vertical tab
    or form feed is a space. The non-characters U+FFFE and U+FFFF (`&#xFFFE;`, a byte-order mark
    read the wrong way round) crashed the print edition the same way."""
    text = "# One\n\nWord\x0bbreak, h&#x4;i, pa\ufffege&#xFFFF;\x0cfeed.\n"
    root = _project(tmp_path, MINIMAL_YAML, {"one.md": text})
    done = run_cli("build", str(root))
    assert done.returncode == 0, done.stderr[-2000:]
    page = (root / "build" / "html" / "one.html").read_text(encoding="utf-8")
    assert "<p>Word break, hi, page feed.</p>" in page
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(root / "build" / "a-small-book.pdf").pages).replace("\xa0", " ")
    assert "Word break, hi, page feed." in text


def test_unknown_key_is_a_warning_with_a_suggestion(tmp_path: Path) -> None:
    """Said once: a build reads book.yaml three times, and the workers' server once more (a book
    long enough to start it); each said it."""
    root = _project(tmp_path, MINIMAL_YAML + "titel: Typo\n")
    done = run_cli("build", str(root), "--format", "html")
    assert done.returncode == 0, done.stderr
    assert "book.yaml:7: titel: unknown key" in done.stderr and "did you mean 'title'?" in done.stderr
    assert done.stderr.count("titel: unknown key") == 1
    assert (root / "build" / "html" / "index.html").is_file()
    long = "\n\n".join(f"# Chapter {n}\n\n" + "The harbour at dawn was quiet and grey. " * 60 for n in range(12))
    (root / "manuscript" / "one.md").write_text(long, encoding="utf-8")
    done = run_cli("build", str(root))
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("titel: unknown key") == 1


def test_symlink_out_of_the_project_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("# Secret\n\nthe password\n")
    root = _project(tmp_path / "book")
    (root / "manuscript" / "two.md").symlink_to(secret)
    done = run_cli("build", str(root), "--format", "html")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "two.md" in done.stderr and "outside" in done.stderr
    assert editions(root) == []


@pytest.mark.parametrize(("target", "words"), [("two.md", "loop of links"), ("gone.md", "does not exist")],
                         ids=["loop", "to-nothing"])
def test_a_link_that_leads_nowhere_is_named(tmp_path: Path, target: str, words: str) -> None:
    root = _project(tmp_path)
    (root / "manuscript" / "two.md").symlink_to(target)  # an internal error (ELOOP) while the build sized the book
    done = run_cli("build", str(root), "--format", "html")
    assert done.returncode == 2 and "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert "two.md: this link leads" in done.stderr and words in done.stderr
    assert editions(root) == []


def test_lint_names_a_listed_file_that_is_a_link_in_a_loop(tmp_path: Path) -> None:
    root = _project(tmp_path, MINIMAL_YAML + "files: [one.md, two.md]\n")
    (root / "manuscript" / "two.md").symlink_to("two.md")  # Path.resolve's RuntimeError: an internal error
    done = run_cli("lint", str(root))
    assert done.returncode == 2 and "internal error" not in done.stderr
    assert "two.md: this link leads round in a loop of links" in done.stderr


def test_a_file_that_cannot_be_read_is_named(tmp_path: Path, monkeypatch) -> None:
    from publish.cache import files_digest
    from publish.errors import PublishError
    from publish.metadata import load_metadata

    root = _project(tmp_path)

    def denied(path: Path) -> bytes:  # chmod 000 (as root every file is readable)
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(PublishError, match="one.md: cannot be read: Permission denied"):
        files_digest(root, [root / "manuscript" / "one.md"])
    with pytest.raises(PublishError, match="book.yaml: cannot be read: Permission denied"):
        load_metadata(root / "manuscript" / "book.yaml")


def test_failed_build_keeps_the_previous_editions(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert run_cli("build", str(root), "--format", "html").returncode == 0
    before = (root / "build" / "html" / "one.html").read_bytes()
    (root / "manuscript" / "one.md").write_text("# One\n\n" + "> " * 100 + "x\n")
    done = run_cli("build", str(root), "--format", "html")
    assert done.returncode == 2
    assert (root / "build" / "html" / "one.html").read_bytes() == before
    assert [p.name for p in (root / "build").iterdir() if p.name.endswith((".tmp", ".new", ".old"))] == []


def test_a_full_disk_leaves_every_old_edition(tmp_path: Path, monkeypatch) -> None:
    """The disk filled up while the EPUB was written: the PDF had already been replaced (a new
    PDF beside an old EPUB), and the error was an internal one."""
    import errno
    import tempfile

    from publish.build import build
    from publish.errors import environment_error

    root = _project(tmp_path)
    build(root)
    before = {p.name: p.read_bytes() for p in (root / "build").iterdir() if p.is_file()}
    (root / "manuscript" / "one.md").write_text("# One\n\nHello again, world.\n")
    real = tempfile.mkstemp

    def full(*args, prefix="", **kwargs):
        if prefix.endswith(".epub."):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, prefix=prefix, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", full)
    with pytest.raises(OSError) as raised:
        build(root)
    assert {p.name: p.read_bytes() for p in (root / "build").iterdir() if p.is_file()} == before
    assert [p.name for p in (root / "build").iterdir() if p.name.endswith((".tmp", ".new", ".old"))] == []
    said = str(environment_error(raised.value))
    assert "the disk is full (No space left on device)" in said and "free some space" in said


def test_out_that_is_a_file_is_named(tmp_path: Path) -> None:
    root = _project(tmp_path)
    done = run_cli("build", str(root), "--format", "html", "--out", str(root / "manuscript" / "one.md"))
    assert done.returncode == 2 and "internal error" not in done.stderr  # was FileExistsError
    assert "one.md: is a file, not a folder" in done.stderr


def test_out_under_a_file_is_named(tmp_path: Path) -> None:
    """--out FILE/sub (and copies --out FILE) was an internal error (NotADirectoryError)."""
    from publish.copies import read_names
    from publish.errors import PublishError

    root = _project(tmp_path)
    (tmp_path / "notes.txt").write_text("a file")
    done = run_cli("build", str(root), "--format", "html", "--out", str(tmp_path / "notes.txt" / "sub"))
    assert done.returncode == 2 and "notes.txt: is a file where a folder is wanted" in done.stderr
    (tmp_path / "names.txt").write_bytes("Анна\n".encode("cp1251"))  # was "'utf-8' codec can't decode byte 0xc0…"
    with pytest.raises(PublishError, match="the names file is not valid UTF-8"):
        read_names(tmp_path / "names.txt")


@pytest.mark.parametrize("inside", ["manuscript/out", "styles"])
def test_out_inside_the_inputs_is_refused(tmp_path: Path, inside: str) -> None:
    """--out manuscript/out built, and every build after it read the last one's editions as input:
    never up to date, rebuilt each time."""
    root = _project(tmp_path)
    (root / "styles").mkdir()
    done = run_cli("build", str(root), "--format", "html", "--out", str(root / inside))
    assert done.returncode == 2 and "--out lies inside the manuscript or styles folder" in done.stderr
    assert not (root / inside / "html").exists()


def test_a_build_leaves_nothing_in_the_temporary_folder(tmp_path: Path) -> None:
    """WeasyPrint's folders of loaded fonts went with its worker processes' exit, unremoved."""
    import shutil

    root = tmp_path / "book"
    shutil.copytree(REPO / "manuscript", root / "manuscript")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), SOURCE_DATE_EPOCH=EPOCH, TMPDIR=str(temporary))
    done = subprocess.run([sys.executable, "-m", "publish", "-q", "build", str(root), "--jobs", "2"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (root / "build" / "the-far-eastern-patrol.pdf").is_file()
    assert sorted(p.name for p in temporary.iterdir()) == []


def test_internal_error_names_its_report(tmp_path: Path) -> None:
    """A bug exits 3 with where the traceback went; --debug prints it."""
    code = ("import sys, publish.build as b\n"
            "def boom(*a, **k): raise ZeroDivisionError('bug')\n"
            "b.build = boom\nfrom publish.cli import main\nsys.exit(main(sys.argv[1:]))\n")
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    done = subprocess.run([sys.executable, "-c", code, "build", str(tmp_path)], capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.returncode == 3 and "Traceback" not in done.stderr
    report = Path(done.stderr.split("The traceback is in ", 1)[1].split(";", 1)[0])
    assert "ZeroDivisionError: bug" in report.read_text()
    report.unlink()
    debug = subprocess.run([sys.executable, "-c", code, "--debug", "build", str(tmp_path)],
                           capture_output=True, text=True, env=env, timeout=60)
    assert debug.returncode == 3 and "ZeroDivisionError: bug" in debug.stderr


def test_two_builds_at_once_take_turns(tmp_path: Path) -> None:
    from publish.lock import project_lock

    root = _project(tmp_path)
    with project_lock(root):
        env = dict(os.environ, PYTHONPATH=str(REPO / "src"), SOURCE_DATE_EPOCH=EPOCH)
        second = subprocess.Popen([sys.executable, "-m", "publish", "build", str(root), "--format", "html"],
                                  stderr=subprocess.PIPE, text=True, env=env)
        time.sleep(3)
        assert second.poll() is None  # waiting for the lock, not writing beside the first build
        assert not (root / "build" / "html").exists()
    _, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert "another build of this project is running" in err
    assert (root / "build" / "html" / "index.html").is_file()


def _styled_project(tmp_path: Path) -> Path:
    """A project with its own copy of the default styles (and fonts) to break."""
    import shutil

    root = _project(tmp_path)
    shutil.copytree(REPO / "styles", root / "styles")
    return root


FONT_CASES = {
    # name: (font file to damage, how)
    "truncated-woff2": ("Literata-Italic.woff2", lambda data: data[:3000]),
    "truncated-ttf": ("Literata-Bold.ttf", lambda data: data[: len(data) // 2]),
    "garbage-woff2": ("Literata-Regular.woff2", lambda data: b"wOF2" + bytes(range(256)) * 40),
    "not-a-font": ("Literata-BoldItalic.ttf", lambda data: b"<html>404 Not Found</html>"),
}


@pytest.mark.parametrize("case", sorted(FONT_CASES))
def test_broken_font_is_a_clear_error(tmp_path: Path, case: str) -> None:
    name, damage = FONT_CASES[case]
    root = _styled_project(tmp_path)
    font = root / "styles" / "fonts" / name
    font.write_bytes(damage(font.read_bytes()))
    done = run_cli("build", str(root))
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr[-2000:]
    message = done.stderr.split("error:", 1)[-1]
    assert f"{name}: font file cannot be loaded" in message, message
    assert "→" in message  # what to do
    assert editions(root) == []


def test_a_font_damaged_after_a_good_build_is_still_caught(tmp_path: Path) -> None:
    """The check remembers fonts that loaded by their contents: a damaged copy is new to it."""
    root = _styled_project(tmp_path)
    assert run_cli("build", str(root), "--format", "html").returncode == 0
    font = root / "styles" / "fonts" / "Literata-Bold.ttf"
    font.write_bytes(font.read_bytes()[:5000])
    done = run_cli("build", str(root), "--format", "html")
    assert done.returncode == 2 and "Literata-Bold.ttf: font file cannot be loaded" in done.stderr, done.stderr


def test_font_face_naming_a_missing_file(tmp_path: Path) -> None:
    root = _styled_project(tmp_path)
    css = root / "styles" / "fonts" / "fonts.css"
    lines = css.read_text().split("\n")
    line = next(n for n, text in enumerate(lines, 1) if "Literata-Bold.woff2" in text)
    css.write_text(css.read_text().replace("Literata-Bold.woff2", "Missing-Bold.woff2"))
    done = run_cli("build", str(root), "--format", "pdf")
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr[-2000:]
    assert f"fonts.css:{line}: font file 'Missing-Bold.woff2' does not exist" in done.stderr
    assert editions(root) == []


def test_print_edition_never_substitutes_a_face_it_cannot_load(tmp_path: Path) -> None:
    """Even past the early check, WeasyPrint's failure to load a face stops the PDF."""
    from publish.editions.pdf import PdfEdition
    from publish.errors import PublishError
    from publish.manuscript import load_book

    root = _styled_project(tmp_path)
    (root / "styles" / "fonts" / "Literata-Italic.ttf").write_bytes(b"\0\1\0\0 not a font")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    with pytest.raises(PublishError, match="cannot load the font-face 'Book Serif'") as err:
        PdfEdition().render(load_book(root))
    assert err.value.diagnostic.file.name == "fonts.css"


NOTES_BEFORE_HEADING = """\
An opening line with a note.[^a]

[^a]: The opening note.

# One

Chapter text with a note.[^b]

[^b]: The chapter note.

# Two

More text.[^c]

[^c]: The third note.
"""


@pytest.fixture(scope="module")
def notes_book(tmp_path_factory):
    from conftest import build_project

    root = write_project(tmp_path_factory.mktemp("notes"), MINIMAL_YAML, {"one.md": NOTES_BEFORE_HEADING})
    return build_project(root)


def test_notes_before_the_first_heading_stay_with_their_text_in_every_edition(notes_book) -> None:
    """Pandoc puts such notes in the first chapter's block; every edition shows them by their call."""
    import zipfile

    import lxml.html
    from pypdf import PdfReader

    notes = {"An opening line": "The opening note.", "Chapter text": "The chapter note.",
             "More text": "The third note."}
    pages = [page.extract_text() for page in PdfReader(notes_book.pdf).pages]
    with zipfile.ZipFile(notes_book.epub) as epub:
        documents = [epub.read(n) for n in epub.namelist() if n.endswith(".xhtml") and n.startswith("EPUB/text/")]
    sites = [p.read_bytes() for p in notes_book.html.glob("*.html")]
    texts = {"pdf": pages, "epub": [lxml.html.fromstring(d).text_content() for d in documents],
             "html": [lxml.html.fromstring(d).text_content() for d in sites]}
    for edition, found in texts.items():
        for call, note in notes.items():
            holding = [text for text in found if call in text]
            assert len(holding) == 1, (edition, call)
            assert note in holding[0], (edition, call)  # the note is on the page (or in the file) of its call
            assert not any(n in holding[0] for n in notes.values() if n != note), (edition, call)
    opening = next(d for d in documents if b"An opening line" in d)
    assert b'epub:type="noteref"' in opening and b'epub:type="footnote"' in opening and b'id="fn1"' in opening
    assert "1. The opening note." in next(p for p in pages if "An opening line" in p)  # numbered as cited


@pytest.mark.parametrize(("args", "words"), [
    (["watch", "--port", "99999"], "argument --port: 99999 is out of range: give 0 to 65535"),  # was OverflowError
    (["build", "--jobs", "-3"], "argument --jobs: -3 is out of range: give 0 or more"),  # was taken
])
def test_a_number_out_of_range_is_named(tmp_path: Path, args: list[str], words: str) -> None:
    root = _project(tmp_path)
    done = run_cli(args[0], str(root), *args[1:])
    assert done.returncode == 2 and words in done.stderr and "internal error" not in done.stderr
    assert editions(root) == []


def test_a_newer_pandoc_on_the_path_is_not_taken(tmp_path: Path) -> None:
    # pypandoc's lookup runs every pandoc on the PATH and takes the newest: the editions then
    # depended on what else the machine had installed.
    impostor = tmp_path / "bin" / "pandoc"
    impostor.parent.mkdir()
    impostor.write_text("#!/bin/sh\necho 'pandoc 99.0'\n")
    impostor.chmod(0o755)
    root = _project(tmp_path)
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), SOURCE_DATE_EPOCH=EPOCH,
               PATH=f"{impostor.parent}{os.pathsep}{os.environ['PATH']}")
    env.pop("PYPANDOC_PANDOC", None)
    done = subprocess.run([sys.executable, "-m", "publish", "build", str(root), "--format", "html"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Hello, world." in (root / "build" / "html" / "one.html").read_text(encoding="utf-8")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the processor-time limit is Linux's prlimit")
def test_pandoc_is_limited_by_its_own_work_not_the_clock(monkeypatch) -> None:
    # A long novel's EPUB took pandoc 5 minutes of a machine busy with other builds, and the
    # import was refused at the 300 s wall clock; its processor time is what is limited now.
    from publish import pandoc
    from publish.errors import PublishError

    text = "Words *and* more words, [a link](#x).\n\n" * 40_000
    assert pandoc.run_pandoc("A *short* one.", ["--from=markdown", "--to=html5"], what="a.md")[0].strip()
    monkeypatch.setattr(pandoc, "CPU_SECONDS", 1)
    started = time.perf_counter()
    with pytest.raises(PublishError) as caught:
        pandoc.run_pandoc(text, ["--from=markdown", "--to=html5"], what="long.md")
    assert "more than 1 s of processor time" in str(caught.value) and "long.md" in str(caught.value)
    assert time.perf_counter() - started < 30
