"""Full-text search of the web edition: a Pagefind index built with the site, read in the browser.

Pagefind runs as a local binary (PyPI `pagefind[bin]`) over the finished chapter pages in a
scratch folder; nothing is fetched. The browser loads the index only on search.html, so every other
page reads without JavaScript.
"""

from __future__ import annotations

import logging
import subprocess
import tempfile
from pathlib import Path

from publish.errors import PublishError
from publish.model import Book

log = logging.getLogger("publish")

SEARCH_PAGE = "search.html"
BUNDLE = "pagefind"
TIMEOUT_SECONDS = 300

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
    pages = {name.removeprefix("html/"): data for name, data in site.items()
             if name.endswith(".html") and b"data-pagefind-body" in data}
    try:
        from pagefind.service import get_executable
    except ImportError:  # pragma: no cover - pagefind is a dependency; a broken install still builds
        log.warning("pagefind is not installed: the web edition has no search index")
        return {"assets/search.js": SEARCH_JS.encode()}
    binary = get_executable()
    if binary is None:
        raise PublishError("the Pagefind binary is missing", hint="pip install 'pagefind[bin]'")
    files = {f"{BUNDLE}/{path}": data for path, data in _index(str(binary), pages, book.meta.language).items()}
    files["assets/search.js"] = SEARCH_JS.encode()
    return files


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
