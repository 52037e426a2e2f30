"""Math in the print edition: formulas drawn as vector pictures (ziamath), set on the baseline
or centred, with no MathML or TeX text in the PDF; a bad formula is a warning naming its line."""

from __future__ import annotations

import base64
import ctypes
import re
import subprocess
import sys

import lxml.html
import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest

from conftest import MINIMAL_YAML, build_project, recorded_warnings, write_project
from publish.print_layout import print_body
from publish.print_math import print_math

# The math of pandoc's own test suite (test/testsuite.txt, section "LaTeX"), then more TeX as
# in pandoc's test manuscripts; a scene break (centred "*") beside the display formula.
MATH_TEXT = r"""# Mathematics

From the test suite: $2+2=4$, then $x \in y$, $\alpha \wedge \omega$, $223$, $p$-Tree.
Here's some display math:
$$\frac{d}{dx}f(x)=\lim_{h\to 0}\frac{f(x+h)-f(x)}{h}$$
and here's one that has a line break in it:  $\alpha + \omega \times
x^2$.

* * *

Inline math $E = mc^2$ and $\sqrt{a^2 + b^2}$ in a sentence, and display math:

$$
\int_0^\infty e^{-x^2}\,dx = \frac{\sqrt{\pi}}{2}
$$
which is Gauss's integral, and the paragraph goes on.

A matrix: $\begin{pmatrix} a & b \\ c & d \end{pmatrix}$ and a note.[^1]

[^1]: The note says $x_1^2 + x_2^2$.
"""

BAD_TEXT = r"""# Bad Formulas

A formula pandoc cannot read: $\frac{1}{$ in running text.

Hand-written MathML with a part missing:
<math><mfrac><mi>q</mi></mfrac></math> here.
"""

FORMULAS = 12  # in MATH_TEXT: 9 inline and 2 display in the text, 1 in the note
LEAKS = ("\\", "frac", "lim", "mc2", "∈", "α", "ω", "∞", "∫", "√", "π")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = write_project(tmp_path_factory.mktemp("math"), MINIMAL_YAML,
                         {"01-math.md": MATH_TEXT, "02-bad.md": BAD_TEXT})
    with recorded_warnings() as messages:
        result = build_project(root, ("pdf",))
    return root, result.pdf, messages


def _page_with(pdf, text: str) -> int:
    document = pdfium.PdfDocument(pdf)
    for index in range(len(document)):
        if text in document[index].get_textpage().get_text_range():
            return index
    raise AssertionError(f"no page shows {text!r}")


def _figures(pdf, index: int) -> int:
    """Tagged figures drawn on a page, and the raster images it paints (there must be none)."""
    with pikepdf.open(pdf) as doc:
        contents = doc.pages[index].Contents
        streams = contents if isinstance(contents, pikepdf.Array) else [contents]
        content = b"\n".join(s.read_bytes() for s in streams).decode("latin-1")
        xobjects = doc.pages[index].Resources.get("/XObject") or {}
        rasters = [k for k, x in xobjects.items() if x.get("/Subtype") == "/Image"]
        paths = len(re.findall(r"(?m)^[-\d. ]+ c$", content))
    return content.count("/Figure"), len(rasters), paths


def test_formulas_are_vector_pictures_and_no_math_text_leaks(built):
    _, pdf, _ = built
    first = _page_with(pdf, "From the test suite")
    figures = sum(_figures(pdf, i)[0] for i in (first, first + 1))
    assert figures == FORMULAS
    for index in (first, first + 1):
        _, rasters, _ = _figures(pdf, index)
        assert rasters == 0
    assert _figures(pdf, first)[2] > 100  # the glyphs are drawn as curves
    document = pdfium.PdfDocument(pdf)
    text = "".join(document[i].get_textpage().get_text_range() for i in (first, first + 1))
    assert "From the test suite:" in text and "in a sentence" in text
    for leak in LEAKS:
        assert leak not in text, leak


def test_inline_formula_sits_on_the_baseline(built):
    _, pdf, _ = built
    page = pdfium.PdfDocument(pdf)[_page_with(pdf, "From the test suite")]
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    colon = text.index("suite:") + len("suite")
    comma = text.index(",", colon)
    x, y = ctypes.c_double(), ctypes.c_double()
    pdfium_raw.FPDFText_GetCharOrigin(textpage, colon, x, y)
    baseline = y.value
    left, right = textpage.get_charbox(colon)[2], textpage.get_charbox(comma)[0]
    glyphs = [o.get_bounds() for o in page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_PATH], max_depth=10)]
    formula = [g for g in glyphs if g[0] >= left - 0.5 and g[2] <= right + 0.5 and abs(g[1] - baseline) < 6]
    assert len(formula) == 5  # 2 + 2 = 4
    digits = sorted(formula)[::2]  # 2, 2 and 4 (+ and = hang on the math axis)
    assert all(abs(g[1] - baseline) < 0.3 for g in digits)
    assert 0 < right - left < 60  # the formula takes its own width in the line, no more


def test_display_formula_is_centred(built):
    _, pdf, _ = built
    index = _page_with(pdf, "From the test suite")
    page = pdfium.PdfDocument(pdf)[index]
    textpage = page.get_textpage()
    text = textpage.get_text_range().replace("\xa0", " ")  # a paragraph's short last word is bound
    star = textpage.get_charbox(text.index("*"))
    star_centre = (star[0] + star[2]) / 2
    glyphs = [o.get_bounds() for o in page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_PATH], max_depth=10)]
    above = textpage.get_charbox(text.index("display math:") + 5)[1]
    below = textpage.get_charbox(text.index("and here"))[3]
    display = [g for g in glyphs if g[1] > below and g[3] < above]
    assert len(display) > 10  # d/dx f(x) = lim ... with its fraction bars
    centre = (min(g[0] for g in display) + max(g[2] for g in display)) / 2
    assert abs(centre - star_centre) < 1.5
    width = max(g[2] for g in display) - min(g[0] for g in display)
    assert width > 100  # a display formula, not shrunk into a line


def test_text_after_a_display_formula_goes_on_unindented(built):
    _, pdf, _ = built
    page = pdfium.PdfDocument(pdf)[_page_with(pdf, "From the test suite")]
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    flush = textpage.get_charbox(text.index("From"))[0]
    indented = textpage.get_charbox(text.index("A matrix"))[0]
    after = textpage.get_charbox(text.index("which is Gauss"))[0]
    assert indented - flush > 5  # a new paragraph is indented (not the one after the scene break: flush)
    assert abs(after - flush) < 1.5  # (side bearings differ) the same paragraph going on after its formula is not


def test_display_math_stands_apart_from_its_paragraph():
    body = ('<p class="x">Before <em>it</em> <math display="block"><mi>y</mi></math> after '
            '<math display="inline"><mi>z</mi></math> end.</p>')
    root = lxml.html.fragment_fromstring(print_body(body), create_parent="div")
    before, block, after = root
    assert before.tag == "p" and before.get("class") == "x" and before.text_content() == "Before it"  # none at its end
    assert block.get("class") == "display-math" and block[0].get("display") == "block"
    assert after.get("class") == "continued" and after.text_content().strip() == "after z end."


def test_a_bad_formula_is_a_warning_naming_its_line(built):
    root, pdf, messages = built
    source = root / "manuscript" / "02-bad.md"
    unread = [m for m in messages if "\\frac{1}{" in m]
    assert unread and unread[0].startswith(f"{source}:3: ") and "could not read" in unread[0]
    broken = [m for m in messages if "could not be drawn" in m]
    assert broken and broken[0].startswith(f"{source}:6: ")
    text = pdfium.PdfDocument(pdf)[_page_with(pdf, "A formula pandoc cannot read")].get_textpage().get_text_range()
    assert "\\frac{1}{" in text and "here." in text  # the page is still set, the source shown



def test_unread_tex_is_warned_about_in_a_web_only_build_too(tmp_path):
    root = write_project(tmp_path, MINIMAL_YAML, {"02-bad.md": BAD_TEXT})
    with recorded_warnings() as messages:
        build_project(root, ("html",))
    source = root / "manuscript" / "02-bad.md"
    unread = [m for m in messages if "\\frac{1}{" in m]
    assert len(unread) == 1 and unread[0].startswith(f"{source}:3: ") and "TeX source" in unread[0]

def _figure_alts(pdf) -> list[str]:
    """The alternative texts of the tagged PDF's Figure elements, in document order."""
    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, pikepdf.Array):
            for child in node:
                walk(child)
        elif isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == "/Figure":
                found.append(str(node.get("/Alt", "")))
            walk(node.get("/K", pikepdf.Array()))

    with pikepdf.open(pdf) as doc:
        walk(doc.Root.StructTreeRoot.K)
    return found


def test_formulas_are_tagged_figures_with_their_tex_for_screen_readers(built):
    _, pdf, _ = built
    alts = _figure_alts(pdf)
    assert len(alts) == FORMULAS
    assert alts[0] == "2+2=4" and r"\frac{d}{dx}f(x)=\lim_{h\to 0}\frac{f(x+h)-f(x)}{h}" in alts
    result = subprocess.run([sys.executable, "-m", "pdfua", "check", str(pdf)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "errors=0 warnings=0" in result.stdout, result.stdout + result.stderr


def test_print_math_replaces_mathml_with_svg_pictures():
    mathml = (
        '<p>Say <math display="inline" xmlns="http://www.w3.org/1998/Math/MathML"><semantics>'
        "<mrow><mi>E</mi><mo>=</mo><mi>m</mi><msup><mi>c</mi><mn>2</mn></msup></mrow>"
        '<annotation encoding="application/x-tex">E = mc^2</annotation></semantics></math> and '
        '<math display="block" xmlns="http://www.w3.org/1998/Math/MathML"><semantics><mi>x</mi>'
        '<annotation encoding="application/x-tex">x</annotation></semantics></math>.</p>'
    )
    out = lxml.html.fromstring(print_math(mathml, book=None))  # no warnings: the book is not read
    assert not out.xpath("//math")
    inline, block = out.xpath("//img")
    assert inline.get("alt") == "E = mc^2" and inline.get("class") == "math-inline"
    assert block.get("class") == "math-display" and "vertical-align" not in block.get("style")
    assert re.search(r"vertical-align: -?\d+\.\d+em", inline.get("style"))
    svg = base64.b64decode(inline.get("src").split(",", 1)[1]).decode()
    assert svg.startswith("<svg") and "<path" in svg and "<text" not in svg


def test_a_formula_in_a_heading_is_named_once_in_the_contents(tmp_path):
    """`# Math in the heading $E = mc^2$ and after`: the chapter's title (every edition's contents,
    the EPUB's navigation, the web page's <title>) read the formula's MathML and its TeX annotation
    both, "E=mc2E = mc^2"."""
    from publish.manuscript import load_book

    root = write_project(tmp_path, MINIMAL_YAML, {"01.md": "# Math in the heading $E = mc^2$ and after\n\nText.\n"})
    (chapter,) = load_book(root).chapters
    assert chapter.title == "Math in the heading E=mc2 and after", chapter.title
