"""Property: whatever the manuscript holds, a build succeeds or raises PublishError — nothing else.

Few examples here (HTML-only builds through the library); bench/fuzz.py runs the long session.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EPOCH, MINIMAL_YAML
from publish.build import build
from publish.errors import PublishError

MD_PIECES = [
    "# Chapter\n\n", "## Part\n\n", "> ", "- ", "1. ", "    code\n", "```\nfence\n```\n", "*", "**", "_",
    "[", "]", "(", ")", "![img](nope.png)", "![x](https://example.com/x.png)", "[^1]", "\n\n[^1]: A note.\n",
    "<div>", "</div>", "<script>alert(1)</script>", "<span>", "::: note\n", ":::\n", "$x^2$", "\\", "`",
    "---\n", "| a | b |\n|---|---|\n| 1 | 2 |\n", "\"quoted\"", "'single'", "--", "...", "\u00a0", "\u200b",
    "\ufeff", "\r\n", "\t", "<!-- comment -->", "{.class}", "&amp;", "&#0;", "\x0c", "Ω ж 漢字 🙂",
    '<img src="file:///etc/hosts">', '<p style="background:url(//x.example/a)">', "![d](data:image/png;base64,AA)",
]
YAML_KEYS = ["title", "language", "series", "authors", "files", "print", "isbn", "year", "editions", "web", "slug"]


def markdown() -> st.SearchStrategy[str]:
    piece = st.one_of(st.sampled_from(MD_PIECES), st.text(max_size=30))
    return st.lists(piece, max_size=40).map("".join)


def yaml_text() -> st.SearchStrategy[str]:
    value = st.one_of(st.text(max_size=20), st.integers(-5, 50).map(str), st.sampled_from(
        ["[]", "{}", "[a, b]", "{name: x}", "null", "true", "'", "\"", "&a x", "*a", "!!binary xx", "- x"]))
    mutation = st.tuples(st.sampled_from(YAML_KEYS), value).map(lambda kv: f"{kv[0]}: {kv[1]}\n")
    return st.one_of(
        st.just(MINIMAL_YAML),
        st.lists(mutation, max_size=3).map(lambda extra: MINIMAL_YAML + "".join(extra)),
        st.text(max_size=200),
    )


def build_once(book_yaml: str, text: str) -> None:
    root = Path(tempfile.mkdtemp(prefix="fuzz-"))
    try:
        manuscript = root / "manuscript"
        manuscript.mkdir()
        (manuscript / "book.yaml").write_text(book_yaml, encoding="utf-8", errors="surrogatepass")
        (manuscript / "one.md").write_bytes(text.encode("utf-8", "surrogatepass"))
        try:
            build(root, root / "build", ("html",))
        except PublishError as exc:
            assert str(exc).strip()
            assert not list((root / "build").glob("html*"))
        else:
            assert (root / "build" / "html" / "index.html").is_file()
    finally:
        shutil.rmtree(root, ignore_errors=True)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_text(), markdown())
def test_any_input_builds_or_says_why(book_yaml: str, text: str) -> None:
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    build_once(book_yaml, text)
