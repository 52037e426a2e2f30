"""`publish errata`: each change placed by page and line in the old print edition's real layout."""

import json
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from conftest import EPOCH, write_project
from publish.errata import Correction, errata
from publish.release import release

YAML = """\
title: Errata Test
language: en
series: {name: Test Series, number: 2, total: 9}
year: 2026
"""
WORDS = ("river", "bridge", "winter", "station", "letter", "officer", "morning", "signal", "harbour",
         "orders", "village", "report", "column", "garrison", "supply", "weather", "evening", "border")


def paragraph(seed: int) -> str:
    return " ".join(WORDS[(seed * 7 + i * 5) % len(WORDS)] for i in range(70)).capitalize() + "."


def chapters() -> dict[str, str]:
    files = {}
    for c in range(1, 4):
        paras = [paragraph(c * 100 + p) for p in range(12)]
        if c == 2:  # a name in the middle of a paragraph, mid-page
            words = paras[4].split()  # after a note call on an earlier line of the paragraph
            paras[4] = " ".join([*words[:8], "signal[^a]", *words[8:30], "Suguyama", *words[30:]])
            paras.append("[^a]: A note at the foot of the page, long enough to take two lines of the "
                         "note area below the text, so that the line count must skip it.")
        if c == 3:
            paras[9] = "They recieved the orders at the harbour. " + paras[9]
            paras[2] = paras[2] + " The war ended in 1945 for them."
        files[f"{c}.md"] = f"# Chapter {c}\n\n" + "\n\n".join(paras) + "\n"
    return files


CHANGES = [("2.md", "Suguyama", "Sugiyama"), ("3.md", "recieved", "received"), ("3.md", "in 1945", "in August 1945")]


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        root = write_project(tmp_path_factory.mktemp("errata") / "book", YAML, chapters())
        subprocess.run(["git", "init", "-q"], cwd=root, check=True)
        subprocess.run(["git", "add", "manuscript"], cwd=root, check=True)
        subprocess.run(["git", "-c", "user.name=E", "-c", "user.email=e@x", "commit", "-qm", "first"],
                       cwd=root, check=True)
        release(root, date="2026-05-01")
        for name, old, new in CHANGES:
            path = root / "manuscript" / name
            path.write_text(path.read_text().replace(old, new, 1))
        release(root, "printing", date="2027-02-01")
        result = errata(root, "1", "1.2")
    return root, result


def page_lines(pdf: PdfReader, index: int, skip: set[str]) -> list[str]:
    """The page's text lines as pypdf extracts them, less the running head and the folio."""
    lines = [" ".join(line.split()) for line in pdf.pages[index].extract_text().split("\n") if line.strip()]
    if lines and lines[0] in skip:
        lines = lines[1:]
    if lines and re.fullmatch(r"\d+|[ivxlc]+", lines[-1]):
        lines = lines[:-1]
    return lines


def test_every_change_is_listed_once(released):
    _, result = released
    assert [(c.old, c.new) for c in result.corrections] == [
        ("Suguyama", "Sugiyama"), ("in", "in August"), ("recieved", "received"),
    ]
    # at different places: not all on one page, not all on the first line
    assert len({(c.page, c.line) for c in result.corrections}) == 3
    assert any(c.line > 5 for c in result.corrections)
    assert re.fullmatch(r"p\.\s\d+, l\.\s\d+: for ‘Suguyama’ read ‘Sugiyama’", result.corrections[0].text)


def test_pages_and_lines_are_where_the_old_pdf_prints_the_words(released):
    root, result = released
    pdf = PdfReader(next((root / "editions" / "1").glob("*.pdf")))
    skip = {"Errata Test", "Chapter 1", "Chapter 2", "Chapter 3"}
    for item in result.corrections:
        assert pdf.page_labels[item.page_index] == item.page
        lines = page_lines(pdf, item.page_index, skip)
        line = lines[item.line - 1]
        word = item.old.split()[0]
        assert word in line or line.rstrip("‐-").endswith(word[:3]), (item, line)
        # and the word is not on the line before (the count is not off by one)
        elsewhere = "\n".join(lines[: item.line - 1])
        assert word not in elsewhere or word == "in", (item, elsewhere)


def test_the_slip_pdf_html_and_json_say_the_same(released):
    root, result = released
    out = root / "build" / "errata"
    data = json.loads((out / "errata.json").read_text())
    assert [c["text"] for c in data["corrections"]] == [c.text for c in result.corrections]
    slip = PdfReader(out / "errata.pdf")
    book = PdfReader(next((root / "editions" / "1").glob("*.pdf")))
    assert slip.pages[0].mediabox == book.pages[0].mediabox  # the book's trim
    text = " ".join(slip.pages[0].extract_text().split())
    for item in result.corrections:
        assert f"for ‘{item.old}’ read ‘{item.new}’" in text
        assert f"p. {item.page}, l. {item.line}" in text
    assert "first edition 2026" in text and "second printing, with corrections, 2027" in text
    html = (out / "errata.html").read_text()
    assert html.count('class="errata-old"') == len(result.corrections)


@pytest.mark.skipif(not shutil.which("git"), reason="needs git")
def test_errata_from_a_git_revision_to_the_working_manuscript(released, monkeypatch):
    root, by_release = released
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    result = errata(root, "HEAD", ".", out=root / "build" / "errata-git")
    # HEAD holds the first text; the working manuscript the corrected one: the same three changes,
    # placed on a PDF built from HEAD's manuscript (the same layout as release 1).
    assert [(c.page, c.line, c.old, c.new) for c in result.corrections] == [
        (c.page, c.line, c.old, c.new) for c in by_release.corrections
    ]


def test_unknown_old_is_a_clear_error(released):
    from publish.errors import PublishError

    root, _ = released
    with pytest.raises(PublishError, match="neither a release nor a git revision"):
        errata(root, "no-such-thing", ".")


def test_correction_text_spans_lines():
    item = Correction("23", 30, 14, 15, "Suguyama Tadashi", "Sugiyama Tadashi")
    assert item.text == "p.\u00a023, ll.\u00a014–15: for ‘Suguyama Tadashi’ read ‘Sugiyama Tadashi’"


def test_each_chapter_is_found_in_the_print_in_order(released):
    """Chapters are compared one by one against their own stretch of the printed words."""
    from publish.errata import _chapter_starts, chapter_words, norm, page_margins, printed_lines, printed_words
    from publish.manuscript import load_book

    root, _ = released
    book = load_book(root / "editions" / "1" / "source")
    pdf = next((root / "editions" / "1").glob("*.pdf")).read_bytes()
    skip = {norm(book.meta.title)} | {norm(c.title) for c in book.chapters}
    printed = printed_words(printed_lines(pdf, skip, page_margins(book)))
    starts = _chapter_starts(chapter_words(book), printed, book)
    assert None not in starts and starts == sorted(starts) and len(set(starts)) == 3
    assert [printed[s][1].line for s in starts] == [1, 1, 1]  # a chapter's text opens its page
    assert len({printed[s][1].page_index for s in starts}) == 3
