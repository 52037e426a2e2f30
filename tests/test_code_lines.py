"""A code block's lines, each turning over under itself in every edition (code_lines.py): on a
phone a long line's turnover stands in from the line's own indent, not at the left edge where it
read as a line of code; the block's text is the code as written."""

from __future__ import annotations

import shutil
import zipfile

import lxml.html
import pytest

from conftest import MINIMAL_YAML, build_project, write_project
from publish.code_lines import lines_hung_in

CODE = ("def energy_flux(height, period, depth, gravity=9.81, density=1025.0):\n\n"
        "    return energy(height, period) * group_velocity(depth)")


def test_each_line_is_a_span_hung_from_its_own_indent_and_the_text_is_kept():
    fragment = f"<p>Before.</p>\n<pre><code>{CODE}</code></pre>\n<p>After.</p>"
    out = lines_hung_in(fragment)
    assert out.startswith("<p>Before.</p>\n<pre>") and out.endswith("</pre>\n<p>After.</p>")
    pre = lxml.html.fragment_fromstring(out, create_parent="div").find("pre")
    assert pre.text_content() == CODE  # newlines between the spans: copied, it is the code
    styles = [span.get("style") for span in pre.iter("span")]
    assert styles == ["padding-left: 2ch; text-indent: -2ch"] * 2 + ["padding-left: 6ch; text-indent: -6ch"]


def test_highlighted_lines_keep_their_spans_and_raw_html_pre_is_left_alone():
    highlighted = ('<pre class="sourceCode python"><code class="sourceCode python"><span id="cb1-1">'
                   '<a href="#cb1-1" aria-hidden="true" tabindex="-1"></a>x = 1</span>\n<span id="cb1-2">'
                   '<a href="#cb1-2" aria-hidden="true" tabindex="-1"></a>  y</span></code></pre>')
    pre = lxml.html.fragment_fromstring(lines_hung_in(highlighted))
    assert [(s.get("id"), s.get("class")) for s in pre.iter("span")] == [("cb1-1", "code-line"), ("cb1-2", "code-line")]
    assert pre.text_content() == "x = 1\n  y"
    raw = "<pre>a <b>bold</b> word</pre>"
    assert lines_hung_in(raw) == raw and lines_hung_in("<p>no code</p>") == "<p>no code</p>"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("code")
    text = f"# Code\n\nThe flux:\n\n```\n{CODE}\n```\n"
    return build_project(write_project(root, MINIMAL_YAML, {"1.md": text}), ("epub", "html"))


def test_on_a_phone_a_long_line_turns_over_in_from_its_indent(built):
    playwright = pytest.importorskip("playwright.sync_api")
    if not shutil.which("chromium"):
        pytest.skip("no chromium")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 390, "height": 800})
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                   else route.abort())
        page.goto((built.html / "code.html").as_uri())
        # Each line's first letter's left edge, and that of the first letter of its turnover (if any).
        lines = page.evaluate("""() => [...document.querySelectorAll('pre .code-line')].map(span => {
            const text = span.firstChild, range = document.createRange(), box = at => {
                range.setStart(text, at); range.setEnd(text, at + 1); return range.getBoundingClientRect(); };
            if (!text) return [null, null];
            const start = text.data.search(/\\S/), first = box(start);
            for (let at = start + 1; at < text.data.length; at++) {
                const b = box(at);
                if (b.top > first.top + 1 && text.data[at] !== " ") return [first.left, b.left];
            }
            return [first.left, null];
        })""")
        copied = page.evaluate("document.querySelector('pre').innerText")
        browser.close()
    (start, turnover), blank, (indented, _) = lines
    assert blank == [None, None]
    assert turnover is not None and turnover > start + 10  # turned over, set in past the line's start
    assert indented > start + 10  # the indented line as written
    assert copied.strip("\n") == CODE


def test_the_epub_hangs_its_code_lines_too(built):
    with zipfile.ZipFile(built.epub) as epub:
        chapter = next(epub.read(n).decode() for n in epub.namelist() if n.endswith("code.xhtml"))
    assert 'class="code-line" style="padding-left: 6ch; text-indent: -6ch">    return energy' in chapter
