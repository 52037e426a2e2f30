"""Code blocks in print: fitted a little smaller when that makes their lines fit the measure, and
each line that still wraps turned over under itself, indented, never at the left edge."""

from __future__ import annotations

import lxml.html
import pypdfium2 as pdfium

from conftest import MINIMAL_YAML, build_project, pdf_fonts, recorded_warnings, write_project
from publish.print_code import code_fitted

MEASURE = 4.15 * 72  # the default text block's width, in points
VIM = "Header" + " " * 58 + "*header*"  # 72 letters: Vim help's tag flush right
LONG = ("    k = solve_dispersion(2 * math.pi / period_in_seconds, depth_in_metres, gravity)"
        "  # Newton iterations, as in the second section")


def fitted(fragment: str):
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    code_fitted(root, MEASURE)
    return root


def test_a_block_whose_lines_fit_a_little_smaller_is_set_so_and_its_lines_hung():
    root = fitted(f"<pre><code>{VIM}\n\n  indented line</code></pre><pre><code>short</code></pre>")
    wide, short = root.findall(".//pre")
    assert wide.get("class") == "code-6-5" and short.get("class") is None
    lines = wide.xpath(".//span[contains(@class, 'code-line')]")
    assert [line.text_content() for line in lines] == [VIM, "", "  indented line"]  # the words as written
    assert wide.text_content() == f"{VIM}\n\n  indented line"  # the code as written, copied or searched
    assert lines[2].get("style") == "padding-left: 2.4em; text-indent: -2.4em"  # its own 2 letters and 2 more


def test_a_block_in_a_definition_is_fitted_to_the_narrower_measure():
    line = "x" * 62  # fits the text block at 7.5 pt, not a definition set in 40px
    root = fitted(f"<pre><code>{line}</code></pre><dl><dt>a</dt><dd><pre><code>{line}</code></pre></dd></dl>")
    assert [pre.get("class") for pre in root.iter("pre")] == [None, "code-7"]


def test_highlighted_lines_are_hung_as_pandoc_wrote_them():
    root = fitted('<pre class="sourceCode python"><code class="sourceCode python">'
                  '<span id="cb1-1"><a href="#cb1-1"></a><span class="kw">def</span> f():</span>\n'
                  '<span id="cb1-2"><a href="#cb1-2"></a>    <span class="cf">return</span> 1</span></code></pre>')
    lines = root.findall(".//code/span")
    assert [(s.get("id"), s.get("class"), s.text_content()) for s in lines] == [
        ("cb1-1", "code-line", "def f():"), ("cb1-2", "code-line", "    return 1")]
    assert lines[1].get("style") == "padding-left: 3.6em; text-indent: -3.6em"


def test_in_print_a_wide_line_fits_and_a_longer_one_turns_over_indented(tmp_path):
    text = f"# Code\n\nText.\n\n```\n{VIM}\ndef energy_flux():\n{LONG}\n    return energy\n```\n\nAfter.\n"
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"1.md": text}), ("pdf",))
    pdf = pdfium.PdfDocument(built.pdf)
    page = next(pdf[i] for i in range(len(pdf)) if "energy_flux" in pdf[i].get_textpage().get_text_range())
    textpage = page.get_textpage()
    rows: dict[float, list] = {}
    for i in range(textpage.count_chars()):
        left, bottom, right, _ = textpage.get_charbox(i, loose=True)  # loose: "*" sits on the line too
        if right > left:
            rows.setdefault(round(bottom), []).append((left, textpage.get_text_range(i, 1)))
    lines = [("".join(ch for _, ch in sorted(row)).replace(" ", ""), min(x for x, _ in row))
             for _, row in sorted(rows.items(), reverse=True)]
    vim = next(n for n, (words, _) in enumerate(lines) if words.startswith("Header"))
    assert lines[vim][0].endswith("*header*")  # the tag on its own line, not turned over
    k = next(n for n, (words, _) in enumerate(lines) if words.startswith("k=solve_dispersion"))
    turnover, x = lines[k + 1]
    assert not turnover.startswith("return")  # the long line turned over: its rest is on the next line
    assert x > lines[k][1] + 5  # and set in past its own indent, not at the edge
    assert lines[k + 2][0].startswith("return") and abs(lines[k + 2][1] - lines[k][1]) < 1
    assert max(x for row in rows.values() for x, _ in row) < page.get_width() - 0.6 * 72  # within the measure


def test_highlighted_code_is_set_bold_and_italic_in_print_and_numbered_lines_are_numbered(tmp_path):
    """Pandoc's highlighting (its classes on a block's words) had no style in any edition: the
    code was all one roman; and `.numberLines` numbered nothing (the sanitiser dropped pandoc's
    counter). In print keywords are bold and comments italic, in black ink; the numbered block's
    lines are numbered from its `startFrom` in every edition."""
    text = """\
        # One

        ```{.python .numberLines startFrom="10"}
        def group_speed(wave):  # the energy's speed
            return wave.speed / 2
        ```
        """
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"1.md": text}), ("pdf", "html"))
    pdf = pdfium.PdfDocument(built.pdf)
    words = " ".join(" ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))).split())
    assert "10 def group_speed(wave): # the energy's speed 11 return wave.speed / 2" in words
    faces = {name for name, _ in pdf_fonts(built.pdf)}
    assert {"Book-Mono-Bold", "Book-Mono-Italic"} <= faces
    html = lxml.html.parse(str(built.html / "one.html"))
    code = html.find(".//pre/code")
    assert code.get("style") == "counter-reset: source-line 9"
    assert [line.text_content() for line in code.find_class("code-line")][0].startswith("def group_speed")
    # pandoc's empty self-links at the lines' heads: hidden, as in an unnumbered block (Ace: 'link-name')
    assert [(a.get("aria-hidden"), a.get("tabindex")) for a in code.iter("a")] == [("true", "-1")] * 2


def test_code_and_keys_are_set_in_the_code_face_whose_characters_need_no_other(tmp_path):
    """A tree drawn in a listing (├── src) was said to be in no font of styles/fonts/ (only the
    book face's characters were counted), though the code face draws it; and a key written
    <kbd>Esc</kbd> was set in a font of this computer (DejaVu Sans Mono), not the code face."""
    text = "# One\n\nPress <kbd>Esc</kbd> to close it.\n\n```text\nbook/\n├── book.toml\n└── src\n```\n"
    with recorded_warnings() as warnings:
        built = build_project(write_project(tmp_path, MINIMAL_YAML, {"1.md": text}), ("pdf",))
    assert not [w for w in warnings if "U+251C" in w or "U+2514" in w]
    assert {name for name, _ in pdf_fonts(built.pdf)} <= {"Book-Serif", "Book-Serif-Caps", "Book-Serif-Italic",
                                                           "Book-Serif-Bold", "Book-Mono"}
    words = " ".join(" ".join(pdfium.PdfDocument(built.pdf)[i].get_textpage().get_text_range()
                              for i in range(len(pdfium.PdfDocument(built.pdf)))).split())
    assert "Press Esc to close it. book/ ├── book.toml └── src" in words


def test_the_paragraph_that_leads_into_a_code_block_goes_over_with_it():
    """"A numbered listing:" stood alone at a page's foot, its code on the next page (Waves in
    Shallow Water, p. 9): a paragraph ending in a colon before a code block, highlighted or not, is
    marked a lead-in, which print.css keeps with what follows."""
    from publish.print_layout import print_body

    body = ('<p>Install it with:</p><div class="sourceCode"><pre class="sourceCode bash"><code class="sourceCode bash">'
            '<span>pip install waves</span></code></pre></div><p>Or run:</p><pre><code>make</code></pre>'
            '<p>This is said.</p><pre><code>done</code></pre>')
    root = lxml.html.fragment_fromstring(print_body(body, width_pt=MEASURE), create_parent="div")
    assert [(p.text_content().replace("\xa0", " "), p.get("class")) for p in root.iter("p")] == [
        ("Install it with:", "lead-in"), ("Or run:", "lead-in"), ("This is said.", None)]


def test_a_numbered_code_blocks_numbers_are_no_text_of_the_code_when_read(tmp_path):
    """print.css draws each line's number as its ::before, which WeasyPrint tagged with the code: a
    screen reader read "1 def f(): 2 return 1". Each number's tag stands for no text (/ActualText)."""
    import pikepdf

    root = write_project(tmp_path, MINIMAL_YAML, {"1.md": "# One\n\n```{.python .numberLines}\ndef f():\n"
                                                         "    return 1\n```\n\n```python\nx = 2\n```\n"})
    built = build_project(root, ("pdf",))
    silent: list[str] = []

    def walk(node) -> None:
        if isinstance(node, pikepdf.Dictionary):
            if "/ActualText" in node:
                silent.append(str(node.ActualText))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                walk(kid)

    with pikepdf.open(built.pdf) as pdf:
        walk(pdf.Root.StructTreeRoot)
    texts = [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(built.pdf)]
    assert silent == ["", ""]  # the two numbers; the unnumbered block has none
    assert any("def f():" in text and "x = 2" in text for text in texts)
