"""Full-text search of the web edition: a Pagefind index built with the site, read in the browser.

Pagefind runs as a local binary (PyPI `pagefind[bin]`) over the finished chapter pages in
memory; nothing is fetched. The browser loads the index only on search.html, so every other
page reads without JavaScript.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from publish.errors import PublishError
from publish.model import Book

log = logging.getLogger("publish")

SEARCH_PAGE = "search.html"
BUNDLE = "pagefind"

# Starts Pagefind's own interface; over file:// browsers refuse the module it loads, so say so.
SEARCH_JS = """\
(function () {
  "use strict";
  var note = document.querySelector(".search-file-note");
  if (location.protocol === "file:" || typeof PagefindUI === "undefined") {
    if (note) { note.hidden = false; }
    return;
  }
  new PagefindUI({
    element: "#search",
    bundlePath: new URL("pagefind/", location.href).pathname,
    baseUrl: new URL(".", location.href).pathname,
    showImages: false,
    showSubResults: true,
    resetStyles: false
  });
})();
"""


def search_files(book: Book, site: dict[str, bytes]) -> dict[str, bytes]:
    """The Pagefind bundle for the chapter pages in `site` ("html/x.html" → bytes), by path in the site."""
    pages = {name.removeprefix("html/"): data.decode() for name, data in site.items()
             if name.endswith(".html") and b"data-pagefind-body" in data}
    try:
        from pagefind.index import PagefindIndex  # noqa: F401
        from pagefind.service import get_executable
    except ImportError:  # pragma: no cover - pagefind is a dependency; a broken install still builds
        log.warning("pagefind is not installed: the web edition has no search index")
        return {"assets/search.js": SEARCH_JS.encode()}
    if get_executable() is None:
        raise PublishError("the Pagefind binary is missing", hint="pip install 'pagefind[bin]'")
    # A thread of its own: asyncio.run() refuses to start inside a caller's running event loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        bundle = pool.submit(asyncio.run, _index(pages, book.meta.language)).result()
    files = {f"{BUNDLE}/{path}": data for path, data in bundle.items()}
    files["assets/search.js"] = SEARCH_JS.encode()
    return files


async def _index(pages: dict[str, str], language: str) -> dict[str, bytes]:
    from pagefind.index import PagefindIndex

    config = {"force_language": language.split("-")[0].lower(), "keep_index_url": True}
    async with PagefindIndex(config=config) as index:  # type: ignore[arg-type]
        for name in sorted(pages):
            await index.add_html_file(content=pages[name], url=f"/{name}")
        files = await index.get_files()
        # Leaving the context would also write the bundle to ./pagefind; the build writes it instead.
        await index.delete_index()
    return {_relative(f["path"]): f["content"] for f in files
            if not _relative(f["path"]).startswith("playground/")}


def _relative(path: str) -> str:
    return str(path).replace("\\", "/").split(f"{BUNDLE}/", 1)[-1].lstrip("/")
