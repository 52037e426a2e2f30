"""Numbered limited copies: `publish copies` stamps each copy's number into one typeset book."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from conftest import build_project, pdf_fonts, write_project
from publish.cli import main
from publish.copies import make_copies
from publish.errors import PublishError
from publish.manuscript import load_book
from publish.matter import EditionContext, render_matter

LIMITED_YAML = """\
title: A Limited Book
language: en
series:
  name: Test Series
  number: 3
  total: 12
limitation:
  copies: 12
  text: "Copy {number} of {total} printed"
"""
TEXT = {
    "01.md": "# The First\n\nA plain paragraph of the first chapter, long enough to set a line or two.\n",
    "02.md": "# The Second\n\nThe second chapter has words of its own, and a number: 1945.\n",
}


@pytest.fixture(scope="module")
def limited(tmp_path_factory):
    root = write_project(tmp_path_factory.mktemp("limited"), LIMITED_YAML, TEXT)
    built = build_project(root, ("pdf",))
    numbered = make_copies(root, 1, 3)
    named = make_copies(root, 10, None, ["For Anna Field", "For Boris Gray"], out=root / "named")
    return built, numbered, named


def texts(path: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def test_each_copy_carries_its_own_number_on_the_limitation_page_and_nothing_else_differs(limited):
    built, numbered, _ = limited
    book = texts(built.pdf)
    assert book[0].strip() == ""  # the reserved place is empty in the book itself
    assert [p.name for p in numbered.written] == [f"a-limited-book-copy-{n:03d}.pdf" for n in (1, 2, 3)]
    for number, path in zip((1, 2, 3), numbered.written, strict=True):
        pages = texts(path)
        assert pages[0].strip() == f"Copy {number} of 12 printed"
        assert pages[1:] == book[1:]
        assert sum(f"Copy {number} of" in page for page in pages) == 1


def test_dedicated_copies_are_numbered_from_the_first_with_one_name_each(limited):
    _, _, named = limited
    assert [p.name for p in named.written] == ["a-limited-book-copy-010.pdf", "a-limited-book-copy-011.pdf"]
    first, second = (texts(p)[0].split("\n") for p in named.written)
    assert [line.strip() for line in first] == ["Copy 10 of 12 printed", "For Anna Field"]
    assert [line.strip() for line in second] == ["Copy 11 of 12 printed", "For Boris Gray"]


def test_copies_keep_the_book_pages_labels_outline_and_embedded_fonts(limited):
    built, numbered, _ = limited
    book = pypdf.PdfReader(built.pdf)
    copy = pypdf.PdfReader(numbered.written[1])
    assert len(copy.pages) == len(book.pages)
    assert copy.page_labels == book.page_labels
    assert [o.title for o in copy.outline] == [o.title for o in book.outline]
    fonts = pdf_fonts(numbered.written[1])
    assert fonts and all(embedded for _, embedded in fonts)
    # The stamp brings its own subset of the book's type (in italic), embedded like the book's.
    stamp_fonts = copy.pages[0]["/Resources"]["/XObject"]["/PublishCopyStamp"]["/Resources"]["/Font"]
    book_faces = {name for name, _ in pdf_fonts(built.pdf)}
    for font in stamp_fonts.values():
        font = font.get_object()
        name = str(font["/BaseFont"]).split("+", 1)[-1]
        assert any(name.startswith(face) for face in book_faces), (name, book_faces)
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor


def test_the_stamp_sits_inside_the_reserved_place(limited):
    import pypdfium2

    built, numbered, _ = limited
    dests = pypdf.PdfReader(built.pdf).named_destinations
    left, top = float(dests["limitation-copy"].left), float(dests["limitation-copy"].top)
    right, bottom = float(dests["limitation-copy-end"].left), float(dests["limitation-copy-end"].top)
    page = pypdfium2.PdfDocument(numbered.written[0])[0]
    text = page.get_textpage()
    boxes = [text.get_charbox(i) for i in range(text.count_chars()) if text.get_text_range(i, 1).strip()]
    assert boxes
    assert min(b[0] for b in boxes) >= left and max(b[2] for b in boxes) <= right
    assert min(b[1] for b in boxes) >= bottom and max(b[3] for b in boxes) <= top
    # Centred in the box, as the text of the book is set.
    middle = (min(b[0] for b in boxes) + max(b[2] for b in boxes)) / 2
    assert abs(middle - (left + right) / 2) < 2


def test_copies_are_tagged_and_the_pdfua_checker_finds_nothing_new(limited):
    built, numbered, _ = limited

    def findings(path: Path) -> tuple[int, str]:
        result = subprocess.run([sys.executable, "-m", "pdfua", "check", str(path)],
                                capture_output=True, text=True, timeout=120)
        return result.returncode, re.search(r"errors=\d+ warnings=\d+", result.stdout).group()

    assert findings(numbered.written[0]) == findings(built.pdf)
    root = pypdf.PdfReader(numbered.written[0]).trailer["/Root"]
    document = root["/StructTreeRoot"]["/K"][0].get_object()
    stamp = document["/K"][0].get_object()
    assert stamp["/S"] == "/P" and int(stamp["/K"]) == 0


def test_identical_inputs_give_identical_copies(limited, tmp_path):
    built, numbered, _ = limited
    again = make_copies(built.root, 1, 3, out=tmp_path)
    assert [p.read_bytes() for p in again.written] == [p.read_bytes() for p in numbered.written]


@pytest.mark.parametrize("args, message", [
    (["--from", "0", "--to", "3"], "copies count from 1, not 0"),
    (["--from", "5", "--to", "4"], "--to 4 is below --from 5"),
    (["--from", "1", "--to", "13"], "copy 13 is beyond the edition of 12 copies"),
    (["--names", "For A.", "For B.", "--to", "5"], "2 names for 5 copies"),
])
def test_bad_ranges_exit_2_with_a_clear_message(limited, capsys, args, message):
    built, _, _ = limited
    assert main(["copies", str(built.root), *args, "--out", str(built.root / "bad")]) == 2
    assert message in capsys.readouterr().err
    assert not (built.root / "bad").exists()


def test_a_book_without_a_limitation_block_says_how_to_ask_for_one(tmp_path, capsys):
    root = write_project(tmp_path, LIMITED_YAML.split("limitation:")[0], TEXT)
    assert main(["copies", str(root)]) == 2
    err = capsys.readouterr().err
    assert "not a limited edition" in err and "'limitation: {copies: 40}'" in err
    assert "`publish copies`" in err  # a section the guide has ("Numbered limited copies" was none)


def test_a_stamp_too_long_for_the_reserved_place_is_refused(limited, tmp_path):
    built, _, _ = limited
    long_name = "For " + " ".join(["a very long dedication"] * 12)
    with pytest.raises(PublishError, match="does not fit the reserved place"):
        make_copies(built.root, 4, 4, [long_name], out=tmp_path)
    assert not list(tmp_path.iterdir())


def test_bad_limitation_text_names_the_line_of_book_yaml(tmp_path, capsys):
    root = write_project(tmp_path, LIMITED_YAML.replace("Copy {number}", "Copy {nummer}"), TEXT)
    assert main(["copies", str(root)]) == 2
    err = capsys.readouterr().err
    assert "book.yaml:9:" in err and "limitation.text" in err and "{nummer}" in err


def test_the_limitation_page_is_in_the_print_edition_only(limited):
    built, _, _ = limited
    book = load_book(built.root)
    for name, expected in (("pdf", True), ("epub", False), ("html", False)):
        pages = render_matter(book, EditionContext(name, "", lambda c: ""))
        assert ("limitation" in [p.id for p in pages]) is expected


def test_an_untagged_russian_book_gets_the_russian_wording_by_default(tmp_path):
    yaml = LIMITED_YAML.replace("language: en", "language: ru").split("  text:")[0]
    yaml += "print:\n  variant: none\n"
    root = write_project(tmp_path, yaml, TEXT)
    build_project(root, ("pdf",))
    (path,) = make_copies(root, 5, 5).written
    page = pypdf.PdfReader(path).pages[0].extract_text()
    assert " ".join(page.split()) == "Экземпляр № 5 из 12"
    assert "/StructTreeRoot" not in pypdf.PdfReader(path).trailer["/Root"]


def test_the_stamps_fonts_have_subset_tags_of_their_own(tmp_path):
    """The stamp's italic subset was tagged 'EYLRGC+Book-Serif-Italic' as the book's italic, a
    different subset: two font programs under one tag, which ISO 32000 (9.6.4) forbids."""
    import pikepdf

    root = write_project(tmp_path, LIMITED_YAML, {"01.md": "# One\n\nA word *in italics*, as books have.\n"})
    for made in (make_copies(root, 1, 1), make_copies(root, 2, None, ["For Zoë Brontë"], out=tmp_path / "named")):
        programs: dict[str, set] = {}
        with pikepdf.open(made.written[0]) as pdf:
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                    programs.setdefault(str(obj.FontName), set()).add(obj.FontFile2.read_bytes())
            stamp = pdf.pages[0].Resources.XObject["/PublishCopyStamp"]
            names = [str(font.BaseFont) for font in stamp.Resources.Font.values()]
        assert all(len(found) == 1 for found in programs.values()), {k: len(v) for k, v in programs.items()}
        assert names and all(name in programs for name in names)


def test_a_dedication_name_is_not_hyphenated(limited, tmp_path):
    """'Hohenzollern-Sig-' / 'maringen' was set in a copy's dedication, a name broken as no
    title page breaks one; it may break at its own hyphens only."""
    name = "For Maximilian Alexander Theodor von Hohenzollern-Sigmaringen-Württemberg, with warm wishes"
    built, _, _ = limited
    made = make_copies(built.root, 5, None, [name], out=tmp_path)
    lines = [line.strip() for line in texts(made.written[0])[0].split("\n") if line.strip()]
    assert len(lines) >= 3  # the name takes two lines
    assert all(word in name for line in lines[1:] for word in line.split()), lines


def test_quiet_after_the_verb_prints_only_the_last_line(limited, tmp_path, capsys):
    """'publish copies -q' was refused ('unrecognized arguments: -q'), as build takes it."""
    built, _, _ = limited
    capsys.readouterr()
    assert main(["copies", str(built.root), "--to", "1", "--out", str(tmp_path), "-q"]) == 0
    err = capsys.readouterr().err
    assert err.strip() == f"Wrote 1 copy into {tmp_path}"


def test_a_name_the_fonts_cannot_draw_is_refused_naming_its_characters(limited, tmp_path, capsys, monkeypatch):
    """'For 王小明' was stamped in boxes (.notdef) on the copy, without a word: no font has them."""
    monkeypatch.setattr("publish.print_glyphs._system_chars", lambda chars: set())  # a computer without CJK fonts
    built, _, _ = limited
    assert main(["copies", str(built.root), "--from", "6", "--names", "For Zoë Brontë", "For 王小明",
                 "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "--names: no font has 王 (U+738B), 小 (U+5C0F), 明 (U+660E), in 'For 王小明'" in err
    assert not (tmp_path / "out").exists()


def test_a_names_file_saved_by_notepad_is_read_or_named(tmp_path):
    """A names file in UTF-8 with a BOM and CRLF line ends is read; one in UTF-16 (Notepad's
    'Unicode') was 'not valid UTF-8', which the editor could not act on: its encoding is named."""
    from publish.copies import read_names

    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes("\ufeffFor Zoë Brontë\r\nДля Юлии Щербаковой\r\n\r\n".encode())
    assert read_names(crlf) == ["For Zoë Brontë", "Для Юлии Щербаковой"]
    notepad = tmp_path / "names.txt"
    notepad.write_bytes("For Åsa Ødegård\r\nДля Юлии Щербаковой\r\n".encode("utf-16"))
    with pytest.raises(PublishError, match="the names file is not valid UTF-8: it is in UTF-16"):
        read_names(notepad)


def test_copies_are_never_written_into_the_manuscript(limited, capsys):
    """'--out manuscript/copies' wrote the PDFs where every build reads (and a release keeps) the
    manuscript, where 'publish build --out' refuses it."""
    built, _, _ = limited
    inside = built.root / "manuscript" / "copies"
    assert main(["copies", str(built.root), "--to", "1", "--out", str(inside)]) == 2
    assert "--out lies inside the manuscript or styles folder" in capsys.readouterr().err
    assert not inside.exists()


def test_one_copy_is_said_as_one(limited, tmp_path, caplog):
    """'stamped 1 copies (1 to 1 of 12)'."""
    import logging

    built, _, _ = limited
    with caplog.at_level(logging.INFO, logger="publish"):
        make_copies(built.root, 2, 2, out=tmp_path)
    assert "stamped 1 copy (2 to 2 of 12)" in [r.getMessage() for r in caplog.records]


def test_a_dedication_name_is_set_with_the_books_typography(limited, tmp_path):
    """'For Siobhan O'Brien' was stamped with a typewriter's apostrophe, and "the 'Friends'" with
    straight quotes, where the book's title page sets its own names with the typographer's."""
    built, _, _ = limited
    made = make_copies(built.root, 5, None, ["For Siobhan O'Brien and the \"Friends\" -- 1990"], out=tmp_path)
    lines = [line.strip() for line in texts(made.written[0])[0].split("\n") if line.strip()]
    assert "For Siobhan O\u2019Brien and the \u201cFriends\u201d\u00a0\u2013 1990" in lines, lines
