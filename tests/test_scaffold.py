"""`publish new` (a book project begun from nothing) and `publish styles` (the look copied into a
project to change it): run through the command line, the project built and its editions read."""

from __future__ import annotations

import pytest
import yaml
from pypdf import PdfReader

from conftest import REPO, build_project
from publish.cli import main
from test_epub import assert_epubcheck_clean


def test_a_new_project_builds_as_it_is(tmp_path, capsys):
    root = tmp_path / "book"
    title = "Kipling's \"Tales\": a Test"
    assert main(["new", str(root), "--title", title, "--language", "en-GB", "--series", "Test Series",
                 "--number", "3", "--total", "12", "--author", "Mary O'Hara", "--author", "Jean: Roe"]) == 0
    meta = yaml.safe_load((root / "manuscript" / "book.yaml").read_text(encoding="utf-8"))
    assert (meta["title"], meta["language"], meta["series"], meta["authors"]) == (
        title, "en-GB", {"name": "Test Series", "number": 3, "total": 12},
        [{"name": "Mary O'Hara"}, {"name": "Jean: Roe"}])
    assert (root / ".gitignore").read_text() == "build/\n"
    built = build_project(root)
    first_pages = " ".join(page.extract_text() for page in PdfReader(built.pdf).pages[:6]).replace("\xa0", " ")
    assert "Kipling’s “Tales”: a Test" in first_pages and "No. III of XII" in first_pages
    assert "Mary O’Hara" in first_pages and "Jean: Roe" in first_pages
    assert "Chapter One" in " ".join(page.extract_text() for page in PdfReader(built.pdf).pages)
    assert_epubcheck_clean(built.epub)


@pytest.mark.parametrize(("args", "said"), [
    (["--number", "5", "--total", "3"], "--number: number 5 is not within the series' 3 volumes"),
    (["--language", "en gb"], "--language: 'en gb' is not a BCP 47 language tag"),
    (["--title", "  "], "--title: is empty"),
    (["--author", "Jane Doe", "--author", ""], "--author: is empty"),
])
def test_a_new_project_with_bad_options_is_refused_naming_the_option(tmp_path, capsys, args, said):
    root = tmp_path / "book"
    assert main(["new", str(root), *args]) == 2
    assert said in capsys.readouterr().err
    assert not root.exists() or not any(root.iterdir())  # nothing half-written


def test_new_never_writes_into_a_folder_that_has_files(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["new", str(tmp_path)]) == 2
    assert "not an empty folder; nothing was written" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_styles_copies_the_default_look_and_then_only_what_is_missing(tmp_path, caplog):
    """A pip install leaves no styles/ folder to copy from, where the guide says to copy it."""
    root = tmp_path / "book"
    assert main(["new", str(root)]) == 0
    assert main(["styles", str(root)]) == 0
    shipped = sorted(p.relative_to(REPO / "styles") for p in (REPO / "styles").rglob("*") if p.is_file())
    copied = sorted(p.relative_to(root / "styles") for p in (root / "styles").rglob("*") if p.is_file())
    assert copied == shipped and len(copied) > 20
    css = root / "styles" / "print.css"
    css.write_text(css.read_text() + "\n.mine { color: red; }\n")
    (root / "styles" / "templates" / "colophon.html").unlink()
    caplog.clear()
    assert main(["styles", str(root)]) == 0
    assert "copied 1 file into" in caplog.text
    assert css.read_text().endswith(".mine { color: red; }\n")  # the editor's change kept
    assert (root / "styles" / "templates" / "colophon.html").is_file()


def test_the_placeholder_series_name_and_title_are_warned_of_until_they_are_set(tmp_path):
    """`publish new` and `publish import` write 'Series name' until the editor names the series:
    it went out unsaid on every title page and to stores in the EPUB's belongs-to-collection; and
    'Untitled' when no title was given or found (build/untitled.pdf, its title page 'Untitled')."""
    from conftest import recorded_warnings
    from publish.metadata import load_metadata

    root = tmp_path / "book"
    assert main(["new", str(root)]) == 0
    with recorded_warnings() as warnings:
        load_metadata(root / "manuscript" / "book.yaml")
    assert any("series.name: is still the placeholder 'Series name'" in w for w in warnings), warnings
    assert any("title: is still the placeholder 'Untitled'" in w for w in warnings), warnings
    yaml_file = root / "manuscript" / "book.yaml"
    yaml_file.write_text(yaml_file.read_text().replace('"Series name"', "Red Star Library")
                         .replace('"Untitled"', "The Long Watch"))
    with recorded_warnings() as warnings:
        load_metadata(yaml_file)
    assert warnings == []


def test_quiet_and_verbose_work_after_every_verb(tmp_path, capsys):
    """'publish new my-book -q' was refused ('unrecognized arguments: -q') where 'publish -q new
    my-book' and 'publish build -q' were taken: every verb takes them after it too."""
    from publish.cli import _parser

    for verb in ("new", "styles", "build", "release", "errata", "import", "lint", "watch", "proof", "fix", "copies"):
        args = {"new": ["x"], "errata": ["1"], "import": ["x.txt"]}.get(verb, [])
        assert _parser(verb).parse_args([verb, *args, "-q"]).quiet is True, verb
        assert _parser(verb).parse_args([verb, *args, "--verbose"]).verbose is True, verb
    assert main(["new", str(tmp_path / "book"), "--title", "Quiet", "-q"]) == 0
    assert "# authors:" in (tmp_path / "book" / "manuscript" / "book.yaml").read_text()  # shown, to fill in
    assert capsys.readouterr().err == ""
    assert main(["styles", str(tmp_path / "book"), "-q"]) == 0


def test_a_projects_manuscript_folder_given_as_the_project_means_the_project(tmp_path, monkeypatch):
    """'publish build' typed inside manuscript/ built into manuscript/build/ with the default look,
    the project's own styles/ unread; and 'publish styles' there copied them into manuscript/styles/."""
    assert main(["new", str(tmp_path / "book"), "--title", "Inside", "-q"]) == 0
    book = tmp_path / "book"
    monkeypatch.chdir(book / "manuscript")
    assert main(["styles", "-q"]) == 0
    assert (book / "styles" / "print.css").is_file() and not (book / "manuscript" / "styles").exists()
    (book / "styles" / "screen.css").write_text((book / "styles" / "screen.css").read_text()
                                               + "\n.own-look-marker { color: red; }\n")
    assert main(["build", "--format", "html", "-q"]) == 0
    assert not (book / "manuscript" / "build").exists()
    css = "".join(p.read_text() for p in (book / "build" / "html").rglob("*.css"))
    assert ".own-look-marker" in css


def test_a_chapter_file_added_but_not_listed_in_files_is_warned_of(tmp_path):
    """`publish new` lists its first file under files:; a second chapter's file written beside it
    was left out of every edition without a word."""
    from conftest import recorded_warnings

    root = tmp_path / "book"
    assert main(["new", str(root), "--title", "Two Chapters", "--series", "Red Star"]) == 0
    (root / "manuscript" / "02-chapter-two.md").write_text("# Chapter Two\n\nMore text.\n", encoding="utf-8")
    with recorded_warnings() as warnings:
        built = build_project(root, ("html",))
    assert any("02-chapter-two.md is in manuscript/ but not in files:, so no edition prints it" in w
               for w in warnings), warnings
    assert not (built.html / "chapter-two.html").exists()
    yaml_file = root / "manuscript" / "book.yaml"
    yaml_file.write_text(yaml_file.read_text().replace("  - 01-chapter-one.md", "  - 01-chapter-one.md\n"
                                                       "  - 02-chapter-two.md"))
    with recorded_warnings() as warnings:
        built = build_project(root, ("html",))
    assert warnings == []
    assert (built.html / "chapter-two.html").exists()


@pytest.mark.parametrize(("argv", "meant"), [
    (["bulid"], "'build'"), (["build", "--formats", "pdf"], "'--format'"), (["copies", "--form", "3"], "'--from'"),
])
def test_a_mistyped_verb_or_option_is_answered_with_the_one_meant(argv, meant, capsys):
    """Python 3.11's argparse said only "unrecognized arguments: --formats"."""
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    assert f"(did you mean {meant}?)" in capsys.readouterr().err


def test_the_new_book_yamls_print_and_limitation_lines_work_uncommented(tmp_path):
    """The page size and numbered copies are what an editor sets early: `publish new` shows them,
    and each line, its # taken off as the file's note says, is read as written."""
    from publish.metadata import load_metadata

    root = tmp_path / "book"
    assert main(["new", str(root), "--series", "Red Star"]) == 0
    path = root / "manuscript" / "book.yaml"
    text = path.read_text(encoding="utf-8")
    assert "take the # off a key's line to use it" in text
    path.write_text(text.replace("# print:", "print:").replace("# limitation:", "limitation:"), encoding="utf-8")
    meta = load_metadata(path)
    assert (meta.print_settings.trim, meta.print_settings.paper, meta.limitation.copies) == ("5.5x8.5in", "white", 40)
