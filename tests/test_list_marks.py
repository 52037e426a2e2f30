"""Lists numbered "(a)" or "1)" keep their parentheses in every edition (list_marks.py and the
stylesheets' @counter-style rules; pandoc's HTML keeps only "a.")."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import lxml.html
from pypdf import PdfReader

from conftest import MINIMAL_YAML, build_project, write_project
from publish.pandoc import run_pandoc
from publish.typography import typeset

TREATY = """# The Treaty

The parties agree that:

(a) the frontier runs along the river;
(b) the garrison leaves by spring.

Further:

1) first clause
2) second clause

(iv) fourth schedule
(v) fifth schedule

I. A plain list keeps its stop.
II. As it was.
"""


def _blocks(markdown: str) -> list[dict]:
    tree, _ = run_pandoc(markdown, ["--from=markdown", "--to=json"], what="test")
    return typeset(json.loads(tree), "en")["blocks"]


def test_a_list_in_parentheses_goes_into_a_div_naming_its_numbering_wherever_it_stands():
    blocks = _blocks("> (a) quoted\n> (b) list\n\nA note.[^1]\n\n[^1]: 1) in\n    2) a note\n\n"
                     "1. stop\n2. kept\n")
    quote, para, plain = blocks
    assert quote["c"][0]["t"] == "Div" and quote["c"][0]["c"][0][1] == ["parens-lower-alpha"]
    note = next(i for i in para["c"] if i["t"] == "Note")
    assert note["c"][0]["c"][0][1] == ["paren-decimal"]
    assert plain["t"] == "OrderedList"  # "1." is pandoc's own way: left alone


def test_every_edition_shows_the_parentheses(tmp_path):
    built = build_project(write_project(tmp_path / "book", MINIMAL_YAML, {"01.md": TREATY}))
    # By position: the markers are drawn after the lines' text.
    text = "\n".join(page.extract_text(extraction_mode="layout") for page in PdfReader(built.pdf).pages)
    for marker, words in (("(a)", "the frontier"), ("(b)", "the garrison"), ("1)", "first clause"),
                          ("(iv)", "fourth schedule"), ("(v)", "fifth schedule"), ("I.", "A plain list")):
        assert any(line.strip().startswith(f"{marker} {words}") for line in text.splitlines()), (marker, text)
    page = lxml.html.parse(str(built.html / "the-treaty.html")).getroot()
    assert [d.get("class") for d in page.xpath("//div[ol]")] == ["parens-lower-alpha", "paren-decimal",
                                                                  "parens-lower-roman"]
    with zipfile.ZipFile(built.epub) as z:
        chapter = next(z.read(n).decode() for n in z.namelist() if n.endswith("the-treaty.xhtml"))
        css = next(z.read(n).decode() for n in z.namelist() if n.endswith(".css") and "counter-style" in
                   z.read(n).decode())
    assert '<div class="parens-lower-alpha"><ol type="a">' in chapter.replace("\n", "")
    assert "@counter-style parens-lower-alpha" in css


def test_a_task_lists_boxes_stand_where_the_bullets_were_on_screens(tmp_path):
    """The EPUB and the web edition showed a bullet and then the box ("• ☒ Python"): a rule of
    epub.css and screen.css that takes the bullet away matches the built pages' task lists."""
    import cssselect2
    import tinycss2

    text = "# Setup\n\n- [x] Python\n- [ ] Patience\n"
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"1.md": text}), ("epub", "html"))
    with zipfile.ZipFile(built.epub) as epub:
        chapter = next(name for name in epub.namelist() if name.endswith("setup.xhtml"))
        pages = {"epub.css": epub.read(chapter).decode(), "screen.css": (built.html / "setup.html").read_text()}
    for sheet, page in pages.items():
        root = lxml.html.fromstring(page.encode())
        lists = root.xpath("//*[local-name()='ul']")
        assert [li.text_content().strip() for li in lists[-1]] == ["☒ Python", "☐ Patience"]
        matcher = cssselect2.Matcher()
        css = (Path(__file__).parents[1] / "styles" / sheet).read_text(encoding="utf-8")
        for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
            if rule.type == "qualified-rule" and "list-style:none" in tinycss2.serialize(rule.content).replace(" ", ""):
                for selector in cssselect2.compile_selector_list(rule.prelude):
                    matcher.add_selector(selector, rule)
        wrapper = cssselect2.ElementWrapper.from_html_root(root)
        ul = next(w for w in wrapper.iter_subtree() if w.etree_element is lists[-1])
        assert matcher.match(ul), sheet
