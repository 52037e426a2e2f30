"""Callouts and page breaks as today's Markdown tools write them: Quarto's `::: {.callout-note}`
and `{{< pagebreak >}}`, GitHub's and Obsidian's `> [!NOTE]`."""

from __future__ import annotations

import re

import lxml.html
import pypdfium2 as pdfium

from conftest import MINIMAL_YAML, build_project, recorded_warnings, write_project
from publish.build import _loaded
from publish.cache import Cache
from test_epub import assert_epubcheck_clean

CALLOUTS = """\
    # One

    ::: {.callout-note}
    ## How to read this book

    Chapters build on one another.
    :::

    ::: {.callout-warning title="Units"}
    All quantities are in SI units.
    :::

    ::: {.callout-tip collapse="true"}
    Untitled.
    :::

    > [!IMPORTANT]
    > Back up your data.

    > [!info]- Read *me* first
    > An alert with a title of its own, as Obsidian writes one.

    > A quotation stays a quotation.
    """


def _callouts(body: str) -> list[tuple[str, str, str]]:
    """Each callout's classes, title and text after the title."""
    out = []
    for div in lxml.html.fragment_fromstring(body, create_parent="div").iter("div"):
        if "callout" in (div.get("class") or "").split():
            paragraphs = div.findall("p")
            out.append((div.get("class"), paragraphs[0].text_content(),
                        " ".join(p.text_content() for p in paragraphs[1:])))
            assert div.get("role") == "note" and paragraphs[0][0].tag == "strong"
    return out


def test_quarto_callouts_and_github_alerts_are_titled_callouts(tmp_path):
    """Quarto's callouts were plain paragraphs (their heading a section of the chapter, their
    title="…" lost) and an alert a quotation opening "[!NOTE]"."""
    root = write_project(tmp_path, MINIMAL_YAML, {"1.md": CALLOUTS})
    book = _loaded(root, Cache(root / "build" / ".cache"), None, False)
    body = book.chapters[0].body_html
    assert _callouts(body) == [
        ("callout callout-note", "How to read this book", "Chapters build on one another."),
        ("callout callout-warning", "Units", "All quantities are in SI units."),
        ("callout callout-tip", "Tip", "Untitled."),
        ("callout callout-important", "Important", "Back up your data."),
        ("callout callout-info", "Read me first", "An alert with a title of its own, as Obsidian writes one."),
    ]
    assert "<h2" not in body and "[!" not in body and "<section" not in body
    assert re.search(r"<blockquote>\s*<p>A quotation stays a quotation\.</p>", body)
    built = build_project(root, ("epub",))
    assert_epubcheck_clean(built.epub)


def test_a_callout_without_a_title_is_titled_in_the_books_language(tmp_path):
    yaml = MINIMAL_YAML.replace("language: en", "language: ru")
    text = "# Глава\n\n> [!WARNING]\n> Осторожно.\n\n::: callout-tip\nДа.\n:::\n"
    root = write_project(tmp_path, yaml, {"1.md": text})
    book = _loaded(root, Cache(root / "build" / ".cache"), None, False)
    assert [title for _, title, _ in _callouts(book.chapters[0].body_html)] == ["Предупреждение", "Совет"]


def test_quartos_page_break_turns_the_page_in_print_and_is_no_text(tmp_path):
    """`{{< pagebreak >}}` was printed as a paragraph in every edition."""
    text = ("# One\n\nThe first paragraph.\n\nBefore the break.\n\n{{< pagebreak >}}\n\nAfter the break.\n\n"
            "```\n{{< pagebreak >}}\n```\n")
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"1.md": text}), ("pdf", "html"))
    pdf = pdfium.PdfDocument(built.pdf)
    pages = [pdf[i].get_textpage().get_text_range().replace("\xa0", " ") for i in range(len(pdf))]
    before = next(i for i, page in enumerate(pages) if "Before the break." in page)
    assert "After the break." not in pages[before] and "After the break." in pages[before + 1]
    assert sum(page.count("pagebreak") for page in pages) == 1  # the one in code, as written
    html = (built.html / "one.html").read_text(encoding="utf-8")
    assert html.count("pagebreak") == 1 and '<div class="page-break">' in html


def test_a_quarto_shortcode_the_build_does_not_run_is_named_once_with_its_place(tmp_path):
    text = ("# One\n\nWatch {{< video https://example.org/v.mp4 >}} and press {{< kbd Ctrl-C >}}.\n\n"
            "{{< video clip.mp4 >}}\n\n{{< pagebreak >}}\n\n`{{< meta title >}}` in code.\n")
    root = write_project(tmp_path, MINIMAL_YAML, {"1.md": text})
    with recorded_warnings() as warnings:
        _loaded(root, Cache(root / "build" / ".cache"), None, False)
    said = [w for w in warnings if "shortcode" in w]
    assert len(said) == 2
    assert "1.md:3: Quarto's shortcode {{< video https://example.org/v.mp4 >}} (and 1 more)" in said[0]
    assert "1.md:3: Quarto's shortcode {{< kbd Ctrl-C >}} is filled in" in said[1]
