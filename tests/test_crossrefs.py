"""Cross-references as Quarto and pandoc-crossref write them (`@fig-plan`, `[@tbl-obs]`,
`@sec-intro`, `$$…$$ {#eq-wave}`): links worded "Figure 2", "Table 1", "Equation 1" or a heading's
title, the figures, tables and formulas numbered, in every edition, with or without a bibliography."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from conftest import MINIMAL_YAML, build_project, recorded_warnings, write_project
from publish.build import _loaded
from publish.cache import Cache
from test_epub import Epub, assert_epubcheck_clean

REFS = "@book{lamb1932, author = {Lamb, Horace}, title = {Hydrodynamics}, publisher = {CUP}, year = {1932}}\n"
TEXT = {
    "1.md": """\
        # Introduction {#sec-intro}

        The plan is in @fig-plan, the data in [@tbl-obs], as Lamb shows [@lamb1932, p. 3].
        See [@fig-wave, left] and @eq-wave; not @fig-gone.

        ![The plan of the basin.](plan.png){#fig-plan}

        ![A picture with another id.](plan.png){#other}

        ## Method {#sec-method}

        ```
        @fig-plan stays as typed in code
        ```
        """,
    "2.md": """\
        # Theory

        The relation

        $$ \\omega^2 = g k $$ {#eq-wave}

        as in @sec-intro and @sec-method.

        ![The wave.](plan.png){#fig-wave}

        | a | b |
        |---|---|
        | 1 | 2 |

        : Observations. {#tbl-obs}
        """,
}


def crossref_project(root: Path, bibliography: bool) -> Path:
    write_project(root, MINIMAL_YAML + ("bibliography: refs.bib\n" if bibliography else ""), TEXT)
    Image.new("RGB", (60, 40), "navy").save(root / "manuscript" / "plan.png")
    (root / "manuscript" / "refs.bib").write_text(REFS, encoding="utf-8")
    return root


@pytest.mark.parametrize("bibliography", [True, False])
def test_cross_references_are_worded_links_and_their_targets_numbered(tmp_path, bibliography):
    root = crossref_project(tmp_path, bibliography)
    with recorded_warnings() as warnings:
        book = _loaded(root, Cache(root / "build" / ".cache"), None, False)
    one, two = (chapter.body_html for chapter in book.chapters[:2])
    refs = re.findall(r'<a href="#([^"]+)" class="crossref">([^<]*)</a>', one + two)
    assert [(ident, words.replace("\xa0", " ")) for ident, words in refs] == [
        ("fig-plan", "Figure 1"), ("tbl-obs", "Table 1"), ("fig-wave", "Figure 2"), ("eq-wave", "Equation 1"),
        ("sec-intro", "Introduction"), ("sec-method", "Method")]
    assert "[Table" not in one and "Figure\xa02</a>, left and" in one  # no brackets; the suffix kept
    assert re.search(r'<figcaption[^>]*><span class="figure-number">Figure\xa01\.</span> The plan', one)
    assert "A picture with another id." in one and one.count("figure-number") == 1  # #other: unnumbered
    assert re.search(r'<caption><span class="table-number">Table\xa01\.</span> Observations', two)
    assert re.search(r'<span id="eq-wave" class="equation"><math [^>]*display="block".*?</math>'
                     r'<span class="equation-number">\(1\)</span></span>', two, re.S)
    assert "@fig-plan stays as typed in code" in one
    assert "@fig-gone" in one and "#fig-gone" not in one  # printed as typed, no dead link
    gone = [w for w in warnings if "fig-gone" in w]
    assert len(gone) == 1 and "1.md:4: the cross-reference @fig-gone leads nowhere" in gone[0]
    others = [w for w in warnings if "fig-gone" not in w]  # none says "not in the bibliography"
    if not bibliography:  # the one citation, not the cross-references, is printed as typed
        assert len(others) == 1 and "the citation [@lamb1932, p.\xa03] is printed as typed" in others.pop()
    assert not others, others
    if bibliography:
        assert 'role="doc-biblioref">Lamb 1932, 3</a>)' in one.replace("\xa0", " ")  # a citation still


def test_cross_references_in_print_and_the_epub(tmp_path):
    built = build_project(crossref_project(tmp_path, True))
    pdf = pdfium.PdfDocument(built.pdf)
    pages = [pdf[i].get_textpage().get_text_range().replace("\xa0", " ") for i in range(len(pdf))]
    text = " ".join(" ".join(pages).split())
    assert "The plan is in Figure 1, the data in Table 1" in text
    assert "Figure 1. The plan of the basin." in text and "Table 1. Observations." in text
    assert "in @fig-plan" not in text and "tbl-obs" not in text and "@fig-plan stays as typed" in text
    # The formula's number stands at the measure's right, level with the formula.
    page = next(pdf[i] for i, words in enumerate(pages) if "(1)" in words)
    textpage = page.get_textpage()
    number = [textpage.get_charbox(i) for i in range(textpage.count_chars())
              if textpage.get_text_range(i, 3) == "(1)"][0]
    assert number[0] > page.get_width() * 0.75
    epub = Epub.open(built.epub)
    links = {a.text.replace("\xa0", " "): a.get("href") for doc in epub.docs.values()
             for a in doc.iter("{http://www.w3.org/1999/xhtml}a") if a.get("class") == "crossref"}
    assert links["Figure 2"].endswith(".xhtml#fig-wave") and links["Equation 1"].endswith("#eq-wave")
    assert_epubcheck_clean(built.epub)


def test_a_quarto_figure_written_as_a_div_is_numbered_with_its_subfigures(tmp_path):
    """Quarto's `::: {#fig-x}` (pictures and a last paragraph, the caption) stayed a div: its
    references were "@fig-x leads nowhere", its caption a paragraph, its picture without a
    description (an error in the EPUB). Its figures with ids of their own are its subfigures,
    (a) and (b), and numbering the figures within it no longer moved its caption's number into
    theirs. `::: {#tbl-x}` (a table and its caption) is that table."""
    text = """\
        # One

        See @fig-pair, @fig-right and @fig-one, then @fig-after.

        ::: {#fig-one}
        ![](plan.png)

        A lone picture.
        :::

        ::: {#fig-pair layout-ncol=2}
        ![Left.](plan.png){#fig-left}

        ![Right.](plan.png){#fig-right}

        Two pictures.
        :::

        ![After them.](plan.png){#fig-after}

        As @tbl-rates shows.

        ::: {#tbl-rates}
        | Year | Rate |
        |------|-----:|
        | 1900 |  3.5 |

        Rates of interest.
        :::
        """
    root = write_project(tmp_path, MINIMAL_YAML, {"1.md": text})
    Image.new("RGB", (60, 40), "navy").save(root / "manuscript" / "plan.png")
    with recorded_warnings() as warnings:
        book = _loaded(root, Cache(root / "build" / ".cache"), None, False)
    body = book.chapters[0].body_html
    refs = re.findall(r'<a href="#([^"]+)" class="crossref">([^<]*)</a>', body)
    assert [(ident, words.replace("\xa0", " ")) for ident, words in refs] == [
        ("fig-pair", "Figure 2"), ("fig-right", "Figure 2 (b)"), ("fig-one", "Figure 1"), ("fig-after", "Figure 3"),
        ("tbl-rates", "Table 1")]
    numbers = re.findall(r'<figcaption[^>]*><span class="figure-number">([^<]*)</span> ([^<]*)<', body)
    assert [(n.replace("\xa0", " "), words) for n, words in numbers] == [
        ("Figure 1.", "A lone picture."), ("(a)", "Left."), ("(b)", "Right."), ("Figure 2.", "Two pictures."),
        ("Figure 3.", "After them.")]
    assert '<img src="plan.png" alt="A lone picture."' in body.replace("media/", "")
    assert re.search(r'<table[^>]*id="tbl-rates"[^>]*>\s*<caption><span class="table-number">Table\xa01\.</span> '
                     r'Rates of interest\.</caption>', body)
    assert not [w for w in warnings if "leads nowhere" in w]
    built = build_project(root)
    pdf = pdfium.PdfDocument(built.pdf)
    words = " ".join(" ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))).split())
    assert "Right. Figure 2. Two pictures." in words.replace("\xa0", " ")
    # layout-ncol=2: the subfigures side by side, their captions level (they stood one under the other).
    assert 'class="layout-ncol-2"' in (built.html / "one.html").read_text(encoding="utf-8")
    page = next(pdf[i] for i in range(len(pdf)) if "Two pictures." in pdf[i].get_textpage().get_text_range())
    textpage = page.get_textpage()
    boxes = {textpage.get_text_range(i, 3): textpage.get_charbox(i) for i in range(textpage.count_chars())}
    left, right = boxes["(a)"], boxes["(b)"]
    assert abs(left[1] - right[1]) < 1 and right[0] - left[0] > page.get_width() / 4
    assert_epubcheck_clean(built.epub)
