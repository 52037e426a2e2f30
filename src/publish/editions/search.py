"""Full-text search of the web edition, built with the site, read in the browser.

Two indexes of the same chapter pages. Over http(s), Pagefind: it runs as a local binary (PyPI
`pagefind[bin]`) over the pages in a scratch folder, and its interface fetches index chunks as
needed. Opened from the file system, browsers refuse those fetches, so search.js falls back to
assets/search-index.js: every section's text and address as one script, loaded with a plain
<script src> (which file:// allows) and matched in the page. Only search.html has scripts.
"""

from __future__ import annotations

import html
import json
import logging
import re
import subprocess
import tempfile
from pathlib import Path

from lxml import html as lhtml

from publish.cache import digest
from publish.editions import chapter_cache
from publish.editions.links import page_name
from publish.errors import PublishError
from publish.labels import Labels
from publish.model import Book

log = logging.getLogger("publish")

SEARCH_PAGE = "search.html"
BUNDLE = "pagefind"
OFFLINE_INDEX = "assets/search-index.js"
INDEX_KIND = "html-search"  # cache: a chapter page's entries in the offline index
TIMEOUT_SECONDS = 300
# Starts Pagefind over http(s), else the offline search over search-index.js.
SEARCH_JS = (Path(__file__).with_name("search.js")).read_text(encoding="utf-8")

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_INLINE = {"a", "abbr", "b", "cite", "code", "em", "i", "kbd", "mark", "q", "s", "samp", "small", "span", "strong",
           "sub", "sup", "time", "u", "var"}
# Not part of any word a reader types: soft hyphens, zero-width spaces and joiners, the back-link arrow.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff\u21a9\ufe0e\ufe0f]")


def search_body(labels: Labels) -> str:
    """The <main> of search.html: Pagefind mounts in #search, the offline form is shown by search.js."""
    esc = html.escape
    return f"""<h1>{esc(labels.search)}</h1>
<div id="search" class="search" data-pagefind-ignore>
<noscript><p>{esc(labels.search_no_js)} <a href="index.html#contents">{esc(labels.contents)}</a></p></noscript>
</div>
<div class="search search-offline" data-pagefind-ignore hidden data-results="{esc(labels.search_results)}"
 data-none="{esc(labels.search_none)}">
<form role="search" action="{SEARCH_PAGE}">
<label for="search-query">{esc(labels.search_label)}</label>
<input id="search-query" class="search-query" type="search" name="q" autocomplete="off" spellcheck="false">
</form>
<p class="search-status" role="status"></p>
<ol class="search-results"></ol>
</div>
<script src="pagefind/pagefind-ui.js"></script>
<script src="assets/search.js"></script>
"""


def search_files(book: Book, site: dict[str, bytes]) -> dict[str, bytes]:
    """The search files for the chapter pages in `site` ("html/x.html" → bytes), by path in the site."""
    pages = {name.removeprefix("html/"): data for name, data in site.items()
             if name.endswith(".html") and b"data-pagefind-body" in data}
    files = {"assets/search.js": SEARCH_JS.encode(), OFFLINE_INDEX: offline_index(book, pages)}
    try:
        from pagefind.service import get_executable
    except ImportError:  # pragma: no cover - pagefind is a dependency; a broken install still builds
        log.warning("pagefind is not installed: the web edition searches with its offline index only")
        return files
    binary = get_executable()
    if binary is None:
        raise PublishError("the Pagefind binary is missing", hint="pip install 'pagefind[bin]'")
    files.update({f"{BUNDLE}/{path}": data
                  for path, data in _index(str(binary), pages, book.meta.language).items()})
    return files


def offline_index(book: Book, pages: dict[str, bytes]) -> bytes:
    """search-index.js: [address, title, text] for each section of each chapter page, in book order.

    The text is kept as written (the browser folds case and accents itself) so that the excerpt
    under a result can quote it.
    """
    entries: list[list[str]] = []
    for name in (f"{page_name(c)}.html" for c in book.chapters):
        if name in pages:
            entries.extend(_page_entries(name, pages[name]))
    data = json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
    return f"window.PUBLISH_SEARCH_INDEX = {data};\n".encode()


def _page_entries(name: str, page: bytes) -> list[list[str]]:
    """One page's entries; an unchanged page's come from the cache, without parsing it again."""
    key = digest(INDEX_KIND, chapter_cache.versions(), name, page)
    found = chapter_cache.get_json(INDEX_KIND, key)
    if found is None:
        article = lhtml.fromstring(page.decode("utf-8")).find(".//article")
        found = _sections(name, article) if article is not None else []
        chapter_cache.put_json(INDEX_KIND, key, found)
    return found


def _sections(page: str, article: lhtml.HtmlElement) -> list[list[str]]:
    """The article split at each <section> with an anchor; the text before the first is the chapter's."""
    heading = article.find("h1")
    # A chapter in a part is named with it ("CHAPTER I · BOOK ONE: 1805"; html._chapter_page).
    chapter = _clean(article.get("data-search-title") or (heading.text_content() if heading is not None else ""))
    entries: list[list[str]] = []

    def entry(root: lhtml.HtmlElement, address: str, title: str) -> None:
        place = len(entries)
        entries.append([])  # keeps document order: sections found inside come after this entry
        parts: list[str] = []
        _gather(root, parts, lambda section: entry(section, *_section_target(page, section, chapter, address)))
        entries[place] = [address, title, _clean("".join(parts))]

    entry(article, page, chapter)
    return [e for e in entries if e[2]]


def _gather(node: lhtml.HtmlElement, parts: list[str], on_section) -> None:
    """The text under `node`, leaving out the chapter heading and note numbers; sections go to on_section."""
    if node.text:
        parts.append(node.text)
    for child in node:
        if child.tag == "section":
            on_section(child)
        elif isinstance(child.tag, str) and child.tag != "h1" and "footnote-ref" not in (child.get("class") or ""):
            _gather(child, parts, on_section)
            if child.tag not in _INLINE:
                parts.append(" ")  # the end of a block or a line is the end of a word
        if child.tail:
            parts.append(child.tail)


def _section_target(page: str, section: lhtml.HtmlElement, chapter: str, fallback: str) -> tuple[str, str]:
    """Where a section's result links to (its anchor, or its heading's) and its title."""
    heading = next((h for h in section if h.tag in _HEADINGS), None)
    anchor = section.get("id") or (heading.get("id") if heading is not None else None)
    name = _clean(heading.text_content()) if heading is not None else ""
    title = f"{chapter} · {name}" if chapter and name else chapter or name
    return (f"{page}#{anchor}" if anchor else fallback), title


def _clean(text: str) -> str:
    return " ".join(_INVISIBLE.sub("", text).split())


def _index(binary: str, pages: dict[str, bytes], language: str) -> dict[str, bytes]:
    """Run the Pagefind command over the pages in a scratch folder. (Its Python service API
    deadlocked on a 440-chapter book; the command line has a timeout and no pipes to fill.)"""
    with tempfile.TemporaryDirectory(prefix="publish-search-") as tmp:
        site, bundle = Path(tmp) / "site", Path(tmp) / BUNDLE
        for name, data in pages.items():
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            (site / name).write_bytes(data)
        cmd = [binary, "--site", str(site), "--output-path", str(bundle), "--silent", "--keep-index-url",
               "--force-language", language.split("-")[0].lower()]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            raise PublishError(f"Pagefind did not finish indexing within {TIMEOUT_SECONDS} s") from None
        if done.returncode != 0:
            raise PublishError(f"Pagefind failed: {done.stderr.strip()[:500]}")
        return {str(p.relative_to(bundle)): p.read_bytes() for p in sorted(bundle.rglob("*")) if p.is_file()}
