"""The print edition's page make-up: pages a proofreader would send back (bench/typeset_defects.py)."""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest

from conftest import build_project, write_project
from publish import print_tails
from publish.editions import pdf, pdf_parts
from publish.print_layout import print_body

BOOK_YAML = """\
title: Tails
language: en
series:
  name: Test Series
  number: 1
  total: 2
print:
  trim: 4x6in
"""
WORDS = ("the quiet harbour lay under a grey morning sky and the whalers waited for the tide "
         "while old sailors told stories of distant seas strange islands and the great white whale").split()
TOP, BOTTOM = 0.75 * 72, 0.8 * 72  # the default margins (running heads, folios)


def prose(seed: int, paragraphs: int, words: int) -> list[str]:
    state, out = seed, []
    for _ in range(paragraphs):
        chosen = []
        for _ in range(words + state % 50):
            state = (state * 1103515245 + 12345) % 2**31
            chosen.append(WORDS[(state >> 8) % len(WORDS)])
        out.append(" ".join(chosen).capitalize() + ".")
    return out


# At 4×6 in, set as it comes, this chapter's last lines stand alone on its ninth page.
TAILED = "# Harbour\n\n" + "\n\n".join(prose(33, 22, 25)) + " The end.\n"


def chapter_pages(path) -> list[list[str]]:
    """The text block's lines of each page of the chapter (the pages from its heading to its
    last line, "The end.")."""
    pages = []
    for page in pdfium.PdfDocument(path):
        width, height = page.get_size()
        text = page.get_textpage().get_text_bounded(0, BOTTOM + 2, width, height - TOP - 2)
        pages.append([line.strip() for line in text.replace("\r", "").split("\n") if line.strip()])
    first = next(k for k, lines in enumerate(pages) if "Harbour" in lines)
    last = next(k for k, lines in enumerate(pages) if lines and lines[-1].replace("\xa0", " ").endswith("The end."))
    return pages[first:last + 1]


def test_without_the_pass_the_chapter_ends_in_a_tail(tmp_path, monkeypatch):
    """The check below can fail: set as it comes, the chapter's last page holds two lines.
    (A project of its own: the build cache does not know about the patched constant.)"""
    monkeypatch.setattr(pdf.Typesetter, "_tails_back", lambda self, *args: (*args[-2:], []))
    monkeypatch.setattr(pdf_parts, "POOL_MIN_CHARS", 10**9)  # typeset here, where the patch holds
    pages = chapter_pages(build_project(write_project(tmp_path, BOOK_YAML, {"a.md": TAILED}), ("pdf",)).pdf)
    assert len(pages[-1]) < print_tails.TAIL_LINES


def test_a_chapters_last_lines_are_brought_back_onto_the_page_before(tmp_path):
    pages = chapter_pages(build_project(write_project(tmp_path, BOOK_YAML, {"a.md": TAILED}), ("pdf",)).pdf)
    assert len(pages) == 8
    assert len(pages[-1]) >= print_tails.TAIL_LINES
    assert pages[-1][-1].replace("\xa0", " ").endswith("The end.")


def last_baselines(path) -> list[float | None]:
    """Each page's last baseline in the text block (above the foot's margin, where the folio
    stands), in points from the page's foot; None for a page without text there."""
    feet = []
    x, y = ctypes.c_double(), ctypes.c_double()
    for page in pdfium.PdfDocument(path):
        text = page.get_textpage()
        bases = []
        for n in range(text.count_chars()):
            if text.get_text_range(n, 1).strip():
                raw.FPDFText_GetCharOrigin(text.raw, n, x, y)
                bases.append(y.value)
        feet.append(min((round(b, 1) for b in bases if b > BOTTOM), default=None))
    return feet


@pytest.mark.parametrize("subhead", ["", "::: subhead\nContaining what the reader may, perhaps, expect to find in it, "
                                         "and a little more besides.\n:::\n\n",
                                     "::: epigraph\nThe sea is the same as it was since before men ever went on it "
                                     "in boats, and it will be so when they are gone.\n\nAn old whaler\n:::\n\n",
                                     "::: epigraph\n| The tide comes in,\n|     the tide goes out,\n| and we wait.\n\n"
                                     "A song\n:::\n\n"])
def test_a_chapters_opening_page_ends_on_the_foot_of_the_others(tmp_path, subhead):
    """The title's block (and a subhead's, an epigraph's in 9 pt, prose or verse) is a whole number
    of the text's lines deep: the opening page's lines stand on the grid of the pages after it, its
    last line on their foot (off the grid, Tom Jones's opening pages ended up to two lines short of
    the facing page's foot; after an epigraph the lines stood 3.9 pt off it)."""
    chapter = "# Harbour\n\n" + subhead + " ".join(prose(7, 12, 40)) + "\n"  # one long paragraph
    pdf = build_project(write_project(tmp_path, BOOK_YAML, {"a.md": chapter}), ("pdf",)).pdf
    feet = last_baselines(pdf)
    opening = next(k for k, page in enumerate(pdfium.PdfDocument(pdf))
                   if page.get_textpage().get_text_range().startswith("Harbour"))
    assert feet[opening + 1] is not None and feet[opening + 2] is not None  # the paragraph runs on
    assert abs(feet[opening] - feet[opening + 1]) < 0.5


def test_a_lead_in_goes_over_the_page_turn_with_its_code(tmp_path):
    """"For example:" stood alone at a page's foot, its code block overleaf (pandoc's MANUAL); a
    paragraph ending in a colon right before one goes over with it."""
    block, first = "```\npublish build --format pdf\npublish build --print\n```\n", "publish build --format pdf"
    lines = "".join(f"Line {i} of the text.\n\n" for i in range(40))
    chapters = "\n".join(f"# Part {n}\n\n{lines[: n * 22]}For example {n}:\n\n{block}" for n in range(20, 40))
    pdf = build_project(write_project(tmp_path, BOOK_YAML, {"a.md": chapters}), ("pdf",)).pdf
    pages = [page.get_textpage().get_text_range().replace("\xa0", " ") for page in pdfium.PdfDocument(pdf)]
    for n in range(20, 40):
        lead = next(k for k, text in enumerate(pages) if f"For example {n}:" in text)
        assert first in pages[lead].split(f"For example {n}:")[1], n


@pytest.mark.parametrize("block", ["<ul><li>one</li></ul>", "<ol><li>one</li></ol>", "<dl><dt>a</dt><dd>b</dd></dl>",
                                   '<div class="sourceCode"><pre>x</pre></div>', "<pre>x</pre>"])
def test_a_lead_in_is_kept_with_a_list_or_code_block(block):
    """The print body marks a paragraph ending in a colon before a list or code block as a lead-in
    (print.css: `p.lead-in { break-after: avoid }`), not one before a plain paragraph."""
    marked = print_body(f"<p>As follows:</p>{block}<p>Then:</p><p>Text.</p>")
    assert marked.count('class="lead-in"') == 1 and marked.startswith('<p class="lead-in">As ')
